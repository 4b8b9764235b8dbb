// BullMQ, the reference of bench/queue-throughput, on the local Redis:
//   node noop.mjs N [concurrency=5]      N no-op jobs (3 attempts, exponential backoff from 2 s, like seed 000's
//                                        report queue) added in bulk, then processed by one worker;
//                                        prints "bullmq N jobs/s"
//   node noop.mjs --latency N [gap-ms]   N jobs added one at a time to an idle worker, gap-ms apart;
//                                        prints "bullmq-latency p50-ms p99-ms" (add to start, ms)
import { Queue, Worker } from 'bullmq';

const connection = { host: '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379) };
const name = `kaa-bench-${Date.now()}`;
const queue = new Queue(name, { connection });
const opts = { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true };
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

if (process.argv[2] === '--latency') {
  const n = Number(process.argv[3] ?? 200);
  const gap = Number(process.argv[4] ?? 20);
  const lags = [];
  const worker = new Worker(name, async (job) => { lags.push(Date.now() - job.timestamp); }, { connection, concurrency: 5 });
  await worker.waitUntilReady();
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 0; i < n; i++) {
    await queue.add('noop', { i }, opts);
    await new Promise((r) => setTimeout(r, gap));
  }
  while (lags.length < n) await new Promise((r) => setTimeout(r, 50));
  lags.sort((a, b) => a - b);
  console.log(`bullmq-latency ${percentile(lags, 0.5)} ${percentile(lags, 0.99)}`);
  await worker.close();
} else {
  const n = Number(process.argv[2] ?? 3000);
  const concurrency = Number(process.argv[3] ?? 5);
  for (let i = 0; i < n; i += 10000) {
    await queue.addBulk(Array.from({ length: Math.min(10000, n - i) }, (_, j) => ({ name: 'noop', data: { i: i + j }, opts })));
  }
  let done = 0;
  const started = process.hrtime.bigint();
  const worker = new Worker(name, async () => {}, { connection, concurrency });
  await new Promise((resolve) => worker.on('completed', () => { if (++done === n) resolve(); }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`bullmq ${n} ${(n / seconds).toFixed(1)}`);
  await worker.close();
}
await queue.obliterate({ force: true });
await queue.close();
