// BullMQ's side of qscale's drain benchmark: W worker processes of concurrency C drain N no-op
// jobs from one queue on the given Redis. Prints "ready", "progress <done>" lines and, at the end,
// "result <jobs> <milliseconds>" (timed from the first addBulk to the last completion), as the
// qscale side is timed. Usage: node drain.mjs PORT QUEUE WORKERS CONCURRENCY JOBS
import { Queue, Worker } from 'bullmq';
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const [port, queueName, workers, concurrency, jobs] = process.argv.slice(2);
const connection = { host: '127.0.0.1', port: Number(port), maxRetriesPerRequest: null };

if (process.env.QSCALE_BULLMQ_ROLE === 'worker') {
  let done = 0;
  const worker = new Worker(queueName, async () => {}, { connection, concurrency: Number(concurrency) });
  worker.on('completed', () => { done += 1; });
  await worker.waitUntilReady();
  process.send({ ready: true });
  const timer = setInterval(() => process.send({ done }), 20);
  process.on('message', async (message) => {
    if (message === 'stop') {
      clearInterval(timer);
      process.send({ done });
      await worker.close();
      process.exit(0);
    }
  });
} else {
  const total = Number(jobs);
  const children = [];
  const done = new Map();
  let ready = 0;
  await new Promise((resolve) => {
    for (let i = 0; i < Number(workers); i += 1) {
      const child = fork(process.argv[1], process.argv.slice(2), { env: { ...process.env, QSCALE_BULLMQ_ROLE: 'worker' } });
      child.on('message', (message) => {
        if (message.ready && ++ready === Number(workers)) resolve();
        if (message.done !== undefined) done.set(i, message.done);
      });
      children.push(child);
    }
  });
  console.log('ready');
  const queue = new Queue(queueName, { connection });
  const sum = () => [...done.values()].reduce((a, b) => a + b, 0);
  const start = performance.now();
  for (let i = 0; i < total; i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(i + 1000, total); j += 1) {
      batch.push({ name: 'noop', data: {}, opts: { removeOnComplete: true, removeOnFail: true } });
    }
    await queue.addBulk(batch);
  }
  let last = 0;
  while (sum() < total) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (performance.now() - last > 200) {
      console.log(`progress ${sum()}`);
      last = performance.now();
    }
  }
  const millis = performance.now() - start;
  console.log(`result ${total} ${millis.toFixed(1)}`);
  for (const child of children) child.send('stop');
  await queue.obliterate({ force: true });
  await queue.close();
  process.exit(0);
}
