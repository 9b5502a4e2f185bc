#!/usr/bin/env node
// A qscale worker in Node.js (ioredis), written from docs/protocol.md alone.
//
// It is counted, drained and recovered like qscale's Java worker. Task types: sleep {"ms": N},
// noop, and raw (a wrapped foreign item: sleeps 1 s); any other type is dead-lettered at once
// with its reason. Configuration comes from the environment: REDIS_URL, QSCALE_QUEUE,
// QSCALE_WORKER_ID, QSCALE_LUA_DIR (the protocol's scripts: lib/lua in a distribution).
// Exits 0 once drained (on request or SIGTERM).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const Redis = require('ioredis');

const URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const QUEUE = process.env.QSCALE_QUEUE || 'tasks';
const WORKER = process.env.QSCALE_WORKER_ID || `${os.hostname()}-${process.pid}-node`;
const LUA = process.env.QSCALE_LUA_DIR || path.join(__dirname, '..', '..', 'monitoring-core', 'src', 'main', 'resources',
  'io', 'qscale', 'core', 'lua');
const HEARTBEAT_MS = 1000;
const DEAD_AFTER_MS = 5000;
const MAX_ATTEMPTS = 3;
const BUCKET_S = '5';
const TTL_S = '306';
const CLAIM_TIMEOUT_S = 1;
const P = `qscale:{${QUEUE}}:`;
const K = {
  queue: P + 'queue', workers: P + 'workers', dead: P + 'dead', drain: P + 'drain',
  worker: P + 'worker:' + WORKER, processing: P + 'processing:' + WORKER,
};
const STARTED = String(Date.now());

// A call without a reply may have run: never re-send it (docs/protocol.md). Fail fast instead,
// and look at our own processing list before the next claim.
const options = { autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 0, enableOfflineQueue: true };
const redis = new Redis(URL, options);
const control = new Redis(URL, options); // heartbeats: a blocked BLMOVE must not delay them

const SCRIPTS = {
  // name: number of keys
  heartbeat: 3, claim: 4, start: 4, ack: 4, fail: 4, leftovers: 3, deregister: 5, recover: 4,
};
const prelude = fs.readFileSync(path.join(LUA, 'prelude.lua'), 'utf8');
for (const client of [redis, control]) {
  for (const [name, numberOfKeys] of Object.entries(SCRIPTS)) {
    const body = fs.readFileSync(path.join(LUA, name + '.lua'), 'utf8');
    client.defineCommand('qscale_' + name, { numberOfKeys, lua: prelude + '\n' + body });
  }
}

let draining = false; // stop claiming
let selfDrain = false; // SIGTERM: tell the manager we drain on our own
let heartbeatTimer = null;
let heartbeatInFlight = Promise.resolve();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function beat() {
  heartbeatInFlight = control.qscale_heartbeat(K.workers, K.worker, K.drain, WORKER, selfDrain ? '1' : '0', P,
    'slots', '1', 'task', current ? current.id : '', 'host', os.hostname(), 'pid', String(process.pid),
    'startedAt', STARTED, 'version', 'node-example')
    .then(([drain]) => {
      if (drain === 1 && !draining) {
        console.log(`worker ${WORKER} asked to drain`);
        draining = true;
      }
    })
    .catch((e) => console.log(`heartbeat failed: ${e.message}`));
  return heartbeatInFlight;
}

let lastRecovery = 0;
async function recoverNow() {
  if (Date.now() - lastRecovery < DEAD_AFTER_MS) return;
  lastRecovery = Date.now();
  try {
    // Again while a whole batch came back.
    while ((await redis.qscale_recover(K.workers, K.queue, K.dead, K.drain, P, String(DEAD_AFTER_MS),
      String(MAX_ATTEMPTS), '100', BUCKET_S, TTL_S))[0] >= 100) { /* next batch */ }
  } catch (e) {
    console.log(`recovery failed: ${e.message}`);
  }
}

let current = null; // the task running now: {id, envelope}

async function handle(task) {
  switch (task.type) {
    case 'sleep': {
      const ms = task.payload && typeof task.payload.ms === 'number' ? task.payload.ms : 1000;
      await sleep(ms);
      return;
    }
    case 'noop':
      return;
    case 'raw':
      await sleep(1000);
      return;
    default: {
      const error = new Error(`unknown task type '${task.type}'; this worker handles sleep, noop and raw`);
      error.permanent = true;
      throw error;
    }
  }
}

// Runs one started task, then acks it and (unless draining) claims the next in the same call.
async function run(envelope) {
  const task = JSON.parse(envelope);
  current = { id: task.id, envelope };
  const t0 = Date.now();
  try {
    await handle(task);
  } catch (e) {
    // The reason is shown to operators: a line, no stack. A permanent failure goes to the
    // dead-letter list at once (max attempts = the attempts so far).
    const max = e.permanent ? String(task.attempts) : String(MAX_ATTEMPTS);
    await redis.qscale_fail(K.processing, K.worker, K.queue, K.dead, P, envelope, String(Date.now() - t0),
      e.message, max, WORKER, BUCKET_S, TTL_S);
    current = null;
    return null;
  }
  const reply = await redis.qscale_ack(K.processing, K.worker, K.queue, K.workers, P, envelope,
    String(Date.now() - t0), BUCKET_S, TTL_S, WORKER, draining ? '0' : '1');
  current = null;
  return reply.length > 1 ? reply[1] : null; // the next task, already started
}

// A task for an idle worker: claim at once, else wait with BLMOVE then start; null if none came.
async function acquire() {
  const claimed = await redis.qscale_claim(K.queue, K.processing, K.worker, K.workers, P, WORKER, BUCKET_S, TTL_S);
  if (claimed[0] === 'ok') return claimed[1];
  // This BLMOVE returns within CLAIM_TIMEOUT_S: the main loop waits for it before deregistering.
  const raw = await redis.blmove(K.queue, K.processing, 'RIGHT', 'LEFT', CLAIM_TIMEOUT_S);
  if (raw === null) return undefined; // timed out empty: look at the list before the next wait
  const [status, envelope] = await redis.qscale_start(K.processing, K.worker, K.workers, K.dead, P, raw, WORKER,
    BUCKET_S, TTL_S);
  return status === 'ok' ? envelope : null;
}

async function main() {
  process.on('SIGTERM', () => {
    selfDrain = true;
    draining = true;
  });
  await beat();
  heartbeatTimer = setInterval(beat, HEARTBEAT_MS);
  console.log(`worker ${WORKER} ready on queue ${QUEUE}`);
  let look = true; // a live worker owns its list: while it holds no task, anything there goes back
  let next = null;
  while (!draining || next !== null) {
    if (next === null) {
      try {
        if (look) await redis.qscale_leftovers(K.processing, K.worker, K.queue, P, WORKER);
        await recoverNow();
        const claimed = await acquire();
        look = claimed === undefined;
        next = claimed || null;
      } catch (e) {
        look = true; // the server may have moved a task and lost the reply
        console.log(`cannot claim: ${e.message}; retrying in 1 s`);
        await sleep(1000);
      }
      continue;
    }
    try {
      next = await run(next);
    } catch (e) {
      // The reply was lost: the task may be acked or not; recovery or leftovers settle it.
      look = true;
      next = null;
      console.log(`cannot finish a task: ${e.message}`);
      await sleep(1000);
    }
  }
  // The last task is done: no heartbeat may land after deregistering, it would register us again.
  clearInterval(heartbeatTimer);
  await heartbeatInFlight;
  const returned = await redis.qscale_deregister(K.workers, K.worker, K.drain, K.processing, K.queue, WORKER, P);
  console.log(`worker ${WORKER} drained and deregistered${returned > 0 ? ` (${returned} task(s) given back)` : ''}`);
  redis.disconnect();
  control.disconnect();
  process.exit(0);
}

main().catch((e) => {
  console.error(`worker ${WORKER}: ${e.message}`);
  process.exit(1);
});
