/**
 * Where enqueue→start goes: one job every 20 ms to an idle Worker (as in the queue suite),
 * each stage timestamped in this process:
 *   enqueue sent → enqueue returned (commit) → NOTIFY received (a second LISTEN on the
 *   same channel) → handler started;
 * plus, interleaved on the same pool, the c1 round trip of job_claim on an empty queue
 * and of SELECT 1. Usage:
 *   DATABASE_URL=… npx tsx scripts/bench/profile/latency.ts [samples]
 */
import { createSql } from "../../../src/db.ts";
import { Worker, silentLogger } from "../../../src/worker.ts";

const url = process.env.DATABASE_URL!;
const n = Number(process.argv[2] ?? 200);
const sql = createSql(url, {}, 4);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
await sql`truncate pgfirst_private.job`;
const [ch] = await sql<{ c: string }[]>`select pgfirst.job_listen_channel() as c`;
let notifiedAt = 0;
const sub = await sql.listen(ch!.c, () => {
  notifiedAt = now();
});
let startedAt = 0;
const w = new Worker({
  sql: createSql(url, {}, 4),
  tasks: { "bench.ping": () => void (startedAt = now()) },
  concurrency: 4,
  logger: silentLogger,
  reapIntervalMs: 0,
  pollIntervalMs: 1000,
});
await w.start();
await sleep(300);
const stages = {
  commit: [] as number[],
  notify: [] as number[],
  start: [] as number[],
  total: [] as number[],
  claimEmpty: [] as number[],
  select1: [] as number[],
};
for (let i = 0; i < n; i++) {
  notifiedAt = 0;
  startedAt = 0;
  const t0 = now();
  await sql`select pgfirst.job_enqueue(task => 'bench.ping', payload => '{}'::jsonb)`;
  const t1 = now();
  while (!startedAt || !notifiedAt) await sleep(0);
  stages.commit.push((t1 - t0) * 1000);
  stages.notify.push((notifiedAt - t1) * 1000);
  stages.start.push((startedAt - notifiedAt) * 1000);
  stages.total.push((startedAt - t0) * 1000);
  await sleep(10);
  let t = now();
  await sql`select * from pgfirst.job_claim(worker_id => 'probe', max_jobs => 4, queues => array['no-such-queue'])`;
  stages.claimEmpty.push((now() - t) * 1000);
  t = now();
  await sql`select 1`;
  stages.select1.push((now() - t) * 1000);
  await sleep(10);
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)]!;
for (const [k, xs] of Object.entries(stages))
  console.log(`${k.padEnd(11)} p50 ${pct(xs, 50).toFixed(0).padStart(6)} µs  p99 ${pct(xs, 99).toFixed(0).padStart(6)} µs`);
await w.stop();
await sub.unlisten();
await sql.end();
