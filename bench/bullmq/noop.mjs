// N no-op jobs (3 attempts, exponential backoff from 2 s, like seed 000's report queue) added in bulk,
// then processed by one worker at concurrency 5; prints "bullmq N jobs/s".
import { Queue, Worker } from 'bullmq';

const n = Number(process.argv[2] ?? 3000);
const connection = { host: '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379) };
const name = `kaa-bench-${Date.now()}`;
const queue = new Queue(name, { connection });
await queue.addBulk(Array.from({ length: n }, (_, i) => ({
  name: 'noop', data: { i },
  opts: { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true },
})));
let done = 0;
const started = process.hrtime.bigint();
const worker = new Worker(name, async () => {}, { connection, concurrency: 5 });
await new Promise((resolve) => worker.on('completed', () => { if (++done === n) resolve(); }));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`bullmq ${n} ${(n / seconds).toFixed(1)}`);
await worker.close();
await queue.obliterate({ force: true });
await queue.close();
