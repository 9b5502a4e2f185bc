#!/usr/bin/env python3
"""A qscale producer in Python (redis-py): enqueues one thumbnail task per image of a folder,
for Java workers (examples: io.qscale.examples.thumbnails.ThumbnailPipeline work) to make.

Uses the protocol's `enqueue` script (docs/protocol.md), so arrivals are counted and qscale sees
the arrival rate. Configuration from the environment: REDIS_URL, QSCALE_QUEUE (default
thumbnails), QSCALE_LUA_DIR (the protocol's Lua scripts).

    python3 examples/python/producer.py IN_FOLDER OUT_FOLDER [SIZE]
"""
import json
import os
import sys
import time
import uuid

import redis

URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")
QUEUE = os.environ.get("QSCALE_QUEUE", "thumbnails")
LUA = os.environ.get("QSCALE_LUA_DIR", "monitoring-core/src/main/resources/io/qscale/core/lua")
BUCKET_S, TTL_S = "5", "306"
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".bmp")


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    source, target = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    size = int(sys.argv[3]) if len(sys.argv) == 4 else 128
    r = redis.Redis.from_url(URL, decode_responses=True)
    with open(os.path.join(LUA, "prelude.lua")) as prelude, open(os.path.join(LUA, "enqueue.lua")) as body:
        enqueue = r.register_script(prelude.read() + "\n" + body.read())
    prefix = f"qscale:{{{QUEUE}}}:"
    envelopes = []
    for name in sorted(os.listdir(source)):
        if name.lower().endswith(IMAGES) and os.path.isfile(os.path.join(source, name)):
            stem = os.path.splitext(name)[0]
            envelopes.append(json.dumps({
                "id": str(uuid.uuid4()), "type": "thumbnail", "enqueuedAt": int(time.time() * 1000), "attempts": 0,
                "payload": {"source": os.path.join(source, name), "target": os.path.join(target, stem + ".png"),
                            "size": size}}))
    if envelopes:
        enqueue(keys=[prefix + "queue"], args=[prefix, BUCKET_S, TTL_S, *envelopes])
    print(f"enqueued {len(envelopes)} thumbnail task(s) on {QUEUE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
