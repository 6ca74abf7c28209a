// Ad-hoc A/B: main vs wf, interleaved rounds in one process (same load for both).
// ROUNDS=5 npx tsx ab-bench.tmp.ts
import postgres from "postgres";
import { Worker as WorkerMain, silentLogger } from "/tmp/wf-base/src/worker.ts";
import { Worker as WorkerWf } from "./src/worker.ts";

const base = "postgres://postgres@127.0.0.1:5432/";
const N = 20_000;
const rounds = Number(process.env.ROUNDS ?? 5);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function fill(sql: postgres.Sql) {
  await sql`truncate pgfirst_private.job, pgfirst_private.job_dead`;
  for (let i = 0; i < N; i += 5000) {
    await sql`select count(*) from pgfirst.job_enqueue_many(jobs => (select jsonb_agg(jsonb_build_object('task', 'bench.noop')) from generate_series(1, 5000)))`;
  }
  await sql`vacuum analyze pgfirst_private.job`;
}

async function drain(db: string, W: typeof WorkerMain, specs: { concurrency: number; batchSize: number }[]): Promise<number> {
  const sql = postgres(base + db, { max: 4, onnotice: () => {} });
  await fill(sql);
  let ran = 0;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const tick = () => {
    if (++ran === N) resolve();
  };
  const pools = specs.map(() => postgres(base + db, { max: 4, onnotice: () => {} }));
  const t0 = performance.now();
  const ws = specs.map(
    (s, i) => new W({ sql: pools[i]!, tasks: { "bench.noop": tick }, ...s, logger: silentLogger, reapIntervalMs: 0, pollIntervalMs: 50 }),
  );
  for (const w of ws) await w.start();
  await done;
  const ms = performance.now() - t0;
  for (const w of ws) await w.stop();
  await Promise.all(pools.map((p) => p.end()));
  await sql.end();
  return (N / ms) * 1000;
}

/** SQL only: one connection, claim 10 + complete 10 until empty. */
async function claimLoop(db: string): Promise<number> {
  const sql = postgres(base + db, { max: 1, onnotice: () => {} });
  await fill(sql);
  const t0 = performance.now();
  let n = 0;
  for (;;) {
    const jobs = await sql<{ id: string; attempt: number }[]>`select id::text, attempt from pgfirst.job_claim(worker_id => 'w', max_jobs => 10)`;
    if (jobs.length === 0) break;
    await sql`select pgfirst.job_complete(ids => ${jobs.map((j) => j.id)}::int8[], worker_id => 'w', attempts => ${jobs.map((j) => j.attempt)}::int4[])`;
    n += jobs.length;
  }
  const ms = performance.now() - t0;
  await sql.end();
  return (n / ms) * 1000;
}

const cases: [string, (db: string, W: typeof WorkerMain) => Promise<number>][] = [
  ["claim+complete loop c1 (SQL)", (db) => claimLoop(db)],
  ["drain c10", (db, W) => drain(db, W, [{ concurrency: 10, batchSize: 10 }])],
  ["drain fastest", (db, W) => drain(db, W, [{ concurrency: 100, batchSize: 100 }, { concurrency: 100, batchSize: 100 }])],
];
const res: Record<string, { main: number[]; wf: number[] }> = {};
for (let r = 0; r < rounds; r++) {
  for (const [name, fn] of cases) {
    res[name] ??= { main: [], wf: [] };
    // alternate which goes first
    const order: ["main" | "wf", string, typeof WorkerMain][] =
      r % 2 === 0
        ? [["main", "ab_main", WorkerMain], ["wf", "ab_wf", WorkerWf as unknown as typeof WorkerMain]]
        : [["wf", "ab_wf", WorkerWf as unknown as typeof WorkerMain], ["main", "ab_main", WorkerMain]];
    for (const [k, db, W] of order) {
      const v = await fn(db, W);
      res[name]![k].push(v);
      console.error(`round ${r + 1} ${name} ${k}: ${v.toFixed(0)} jobs/s`);
      await sleep(200);
    }
  }
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
console.log("| case | main median jobs/s | wf median jobs/s | wf/main | main runs | wf runs |");
console.log("|---|---|---|---|---|---|");
for (const [name, { main, wf }] of Object.entries(res)) {
  console.log(
    `| ${name} | ${median(main).toFixed(0)} | ${median(wf).toFixed(0)} | ${(median(wf) / median(main)).toFixed(3)} | ${main.map((x) => x.toFixed(0)).join(", ")} | ${wf.map((x) => x.toFixed(0)).join(", ")} |`,
  );
}
