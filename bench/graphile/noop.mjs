// Graphile Worker (a durable Postgres queue: batched fetch into a local queue, batched completion, LISTEN/NOTIFY),
// the Postgres reference of bench/queue-throughput, in its own database on the local Postgres:
//   node noop.mjs URL N [concurrency=5]      N no-op jobs queued at once, then run: prints "graphile N jobs/s"
//   node noop.mjs URL --latency N [gap-ms]   N jobs added one at a time to an idle worker, gap-ms apart:
//                                            prints "graphile-latency p50-ms p99-ms" (add to start)
//   node noop.mjs URL --same-work N [c=5]    N jobs that each do what a Kaa no-op execution does in Postgres: an
//                                            outbox row (Started), a read-only transaction with the same empty
//                                            index lookup, another outbox row (Completed): "graphile-work N jobs/s"
import { run, makeWorkerUtils, Logger } from 'graphile-worker';
import { EventEmitter } from 'node:events';

const url = process.argv[2];
const latency = process.argv[3] === '--latency';
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
const utils = await makeWorkerUtils({ connectionString: url, logger: new Logger(() => () => {}) });
await utils.migrate();
await utils.withPgClient((c) => c.query('delete from graphile_worker._private_jobs'));

async function runner(concurrency, task) {
  const events = new EventEmitter();
  const r = await run({
    noHandleSignals: true,
    taskList: { noop: task },
    events,
    preset: { worker: { connectionString: url, concurrentJobs: concurrency, maxPoolSize: concurrency + 2, pollInterval: 1000,
      localQueue: { size: Math.max(concurrency + 1, 50) }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    logger: new Logger(() => (level, message) => { if (level === 'error') console.error(message); }),
  });
  return { r, events };
}

const sameWork = process.argv[3] === '--same-work';
// what a Kaa no-op execution writes and reads besides the queue itself (its events' size, its query)
const EVENT = JSON.stringify({ version: 1, executionId: '00000000-0000-0000-0000-000000000000', requestId: '00000000-0000-0000-0000-000000000000',
  reportId: '00000000-0000-0000-0000-000000000000', attempt: 1, rows: 0, outputs: [], startedAt: new Date().toISOString() }).padEnd(420);
async function executionLikeWork(payload, helpers) {
  await helpers.withPgClient(async (c) => {
    await c.query("insert into bench_outbox (topic, message_key, payload) values ('reports.executions.v1', $1, $2)", [payload.k, EVENT]);
    await c.query('begin read only');
    await c.query("select id from bench_payment where organization = $1 and id = 'none' limit 1", ['bench']);
    await c.query('commit');
    await c.query("insert into bench_outbox (topic, message_key, payload) values ('reports.executions.v1', $1, $2)", [payload.k, EVENT]);
  });
}

if (sameWork) {
  await utils.withPgClient(async (c) => {
    await c.query('create table if not exists bench_outbox (id bigserial primary key, topic text not null, message_key text, payload text not null, created_at timestamptz not null default now())');
    await c.query('create table if not exists bench_payment (organization text, id text, amount numeric, primary key (organization, id))');
    await c.query('truncate bench_outbox');
  });
}

if (latency) {
  const n = Number(process.argv[4] ?? 200);
  const gap = Number(process.argv[5] ?? 20);
  const lags = [];
  const { r } = await runner(5, async (payload) => { lags.push(Date.now() - payload.t); });
  await new Promise((ok) => setTimeout(ok, 500));
  for (let i = 0; i < n; i++) {
    await utils.addJob('noop', { t: Date.now() }, { maxAttempts: 3 });
    await new Promise((ok) => setTimeout(ok, gap));
  }
  while (lags.length < n) await new Promise((ok) => setTimeout(ok, 50));
  lags.sort((a, b) => a - b);
  console.log(`graphile-latency ${percentile(lags, 0.5)} ${percentile(lags, 0.99)}`);
  await r.stop();
} else {
  const n = Number(process.argv[sameWork ? 4 : 3] ?? 10000);
  const concurrency = Number(process.argv[sameWork ? 5 : 4] ?? 5);
  await utils.withPgClient((c) => c.query(
    "select graphile_worker.add_jobs(array(select ('noop', json_build_object('k', i::text), null, null, 3, null, null, null)::graphile_worker.job_spec from generate_series(1, $1) as i))", [n]));
  let done = 0;
  const started = process.hrtime.bigint();
  let finish;
  const finished = new Promise((ok) => { finish = ok; });
  const { r, events } = await runner(concurrency, sameWork ? executionLikeWork : async () => {});
  events.on('job:success', () => { if (++done === n) finish(); });
  await finished;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${sameWork ? 'graphile-work' : 'graphile'} ${n} ${(n / seconds).toFixed(1)}`);
  await r.stop();
}
await utils.release();
