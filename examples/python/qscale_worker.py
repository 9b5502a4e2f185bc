#!/usr/bin/env python3
"""A qscale worker in Python (redis-py), following docs/protocol.md.

It is counted, drained and recovered like the Java worker. Task types: sleep {"ms": N}
(and raw items, which sleep 1 s). Configuration comes from the environment:
REDIS_URL, QSCALE_QUEUE, QSCALE_WORKER_ID, QSCALE_LUA_DIR (the protocol's Lua scripts).
Exits 0 once drained.
"""
import json
import os
import signal
import socket
import threading
import time

import redis

URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")
QUEUE = os.environ.get("QSCALE_QUEUE", "tasks")
WORKER = os.environ.get("QSCALE_WORKER_ID") or f"{socket.gethostname()}-{os.getpid()}-py"
LUA = os.environ.get("QSCALE_LUA_DIR", "monitoring-core/src/main/resources/io/qscale/core/lua")
HEARTBEAT_S, MAX_ATTEMPTS, BUCKET_S, TTL_S = 1.0, 3, "5", "306"
P = f"qscale:{{{QUEUE}}}:"
STARTED = str(int(time.time() * 1000))

r = redis.Redis.from_url(URL, decode_responses=True)
control = redis.Redis.from_url(URL, decode_responses=True)  # BLMOVE must not delay heartbeats


def script(client, name):
    with open(os.path.join(LUA, "prelude.lua")) as prelude, open(os.path.join(LUA, name + ".lua")) as body:
        return client.register_script(prelude.read() + "\n" + body.read())


heartbeat = script(control, "heartbeat")
start, ack, fail, deregister, leftovers = (script(r, n) for n in ("start", "ack", "fail", "deregister", "leftovers"))
draining = threading.Event()
self_drain = threading.Event()


last_cpu = None  # (process CPU seconds, wall seconds) at the previous heartbeat


def cpu_fields():
    """The process's CPU per second since the previous heartbeat, in thousandths (docs/protocol.md)."""
    global last_cpu
    now = (time.process_time(), time.monotonic())
    previous, last_cpu = last_cpu, now
    if previous is None or now[1] <= previous[1]:
        return []  # measured over one interval first: start-up is not load
    busy = (now[0] - previous[0]) / (now[1] - previous[1])
    return ["cpu", round(min(1.0, max(0.0, busy)) * 1000)]


def beat():
    drain, _now = heartbeat(keys=[P + "workers", P + "worker:" + WORKER, P + "drain"],
                            args=[WORKER, "1" if self_drain.is_set() else "0", P, "slots", 1, "host", socket.gethostname(),
                                  "pid", os.getpid(), "startedAt", STARTED, "version", "python-example"] + cpu_fields())
    if drain == 1:
        draining.set()


def beat_forever():
    while not draining.is_set():
        beat()
        time.sleep(HEARTBEAT_S)


def on_sigterm(_signum, _frame):
    self_drain.set()
    draining.set()


def handle(task):
    payload = task.get("payload")
    ms = payload.get("ms", 1000) if isinstance(payload, dict) else 1000
    time.sleep(ms / 1000)


def run(envelope, processing):
    """Runs one started task; acks it and, unless draining, claims the next in the same call."""
    t0 = time.monotonic()
    try:
        handle(json.loads(envelope))
    except Exception as e:  # the reason is shown to operators: type and message, no traceback
        fail(keys=[processing, P + "worker:" + WORKER, P + "queue", P + "dead"],
             args=[P, envelope, int((time.monotonic() - t0) * 1000), f"{type(e).__name__}: {e}",
                   MAX_ATTEMPTS, WORKER, BUCKET_S, TTL_S])
        return None
    reply = ack(keys=[processing, P + "worker:" + WORKER, P + "queue", P + "workers"],
                args=[P, envelope, int((time.monotonic() - t0) * 1000), BUCKET_S, TTL_S, WORKER,
                      "0" if draining.is_set() else "1"])
    return reply[1] if len(reply) > 1 else None  # the next task, already started


def main():
    signal.signal(signal.SIGTERM, on_sigterm)
    beat()
    beater = threading.Thread(target=beat_forever, daemon=True)
    beater.start()
    processing = P + "processing:" + WORKER
    look = True  # a live worker owns its list: anything there while it holds no task goes back
    envelope = None  # a task claimed by the previous ack
    while not draining.is_set() or envelope is not None:
        if envelope is None:
            if look:
                leftovers(keys=[processing, P + "worker:" + WORKER, P + "queue"], args=[P, WORKER])
            try:
                raw = r.blmove(P + "queue", processing, 1, "RIGHT", "LEFT")
            except redis.exceptions.ConnectionError:
                look = True  # the server may have moved a task and lost the reply
                time.sleep(1)
                continue
            look = raw is None
            if raw is None:
                continue
            status, envelope, *_ = start(keys=[processing, P + "worker:" + WORKER, P + "workers", P + "dead"],
                                         args=[P, raw, WORKER, BUCKET_S, TTL_S])
            if status != "ok":
                envelope = None
                continue
        envelope = run(envelope, processing)
    beater.join(timeout=5)  # no heartbeat may land after deregistering: it would register the worker again
    deregister(keys=[P + "workers", P + "worker:" + WORKER, P + "drain", processing, P + "queue"], args=[WORKER, P])
    print(f"worker {WORKER} drained and deregistered", flush=True)


if __name__ == "__main__":
    main()
