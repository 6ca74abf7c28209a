/**
 * Queue benchmark: pgfirst vs graphile-worker 0.17.3, pg-boss 10.4.2 and a naive
 * SKIP LOCKED delete-on-claim table, each in its own database on one server, run
 * interleaved in one process.
 *
 *   enqueue 1/call at c1/c8/c32 (calls/s, p50/p99 per call)
 *   enqueue 1000/call (jobs/s)
 *   drain 20k no-op jobs at concurrency 10 and at each system's fastest documented settings (jobs/s)
 *   enqueue → start latency at low load (p50/p99)
 *
 * Standalone: `npx tsx scripts/bench/queue.ts [--quick]` (DATABASE_URL = a superuser URL,
 * else a private embedded cluster). The bench harness calls runQueueSuite().
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Logger as GwLogger, run as gwRun, makeWorkerUtils, type Runner, type WorkerUtils } from "graphile-worker";
import PgBoss from "pg-boss";
import { createSql, type Sql } from "../../src/db.ts";
import { startEmbedded, type EmbeddedCluster } from "../../src/embedded.ts";
import { runGraphileMigrate } from "../../src/migrate.ts";
import { Worker, silentLogger } from "../../src/worker.ts";

export interface QueueResult {
  scenario: string;
  contender: string;
  ops_per_s: number | null;
  p50_ms: number | null;
  p99_ms: number | null;
  note?: string;
}

interface Options { quick?: boolean; log?: (s: string) => void; adminUrl?: string }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function pct(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
const round = (x: number | null, d = 3) => (x === null ? null : Number(x.toFixed(d)));
function dbUrl(admin: string, db: string) { const u = new URL(admin); u.pathname = "/" + db; return u.toString(); }

interface Contender {
  name: string;
  enqueue1(client: number): Promise<void>;
  enqueueMany(n: number): Promise<void>;
  /** Enqueue n no-op jobs (setup, not measured). */
  fill(n: number): Promise<void>;
  /** Start workers that run no-op jobs; resolve when `n` jobs ran. */
  drain(n: number, mode: "c10" | "fastest"): Promise<number>;
  latency(samples: number, gapMs: number): Promise<number[]>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

async function recreate(admin: Sql, db: string) {
  await admin.unsafe(`drop database if exists ${db} with (force)`);
  await admin.unsafe(`create database ${db}`);
}

async function pgfirstContender(adminUrl: string, admin: Sql): Promise<Contender> {
  await recreate(admin, "bench_q_pgfirst");
  const url = dbUrl(adminUrl, "bench_q_pgfirst");
  const m = await runGraphileMigrate(["migrate"], { databaseUrl: url });
  if (m.code !== 0) throw new Error(m.stderr);
  if (/^\s*[^-\s]/m.test(readFileSync("migrations/current.sql", "utf8"))) {
    const w = await runGraphileMigrate(["watch", "--once"], { databaseUrl: url });
    if (w.code !== 0) throw new Error(w.stderr);
  }
  const pool = createSql(url, {}, 32);
  return {
    name: "pgfirst",
    enqueue1: async () => { await pool`select pgfirst.job_enqueue(task => ${"bench.noop"}::text, payload => ${pool.json({ a: 1 })}::jsonb)`; },
    enqueueMany: async (n) => {
      await pool`select count(*) from pgfirst.job_enqueue_many(jobs => ${pool.json(Array.from({ length: n }, (_, i) => ({ task: "bench.noop", payload: { i } })))}::jsonb)`;
    },
    fill: async (n) => { for (let i = 0; i < n; i += 5000) await pool`select count(*) from pgfirst.job_enqueue_many(jobs => (select jsonb_agg(jsonb_build_object('task', 'bench.noop')) from generate_series(1, ${Math.min(5000, n - i)}::int)))`; },
    drain: async (n, mode) => {
      let ran = 0;
      let resolve!: () => void;
      const done = new Promise<void>((r) => (resolve = r));
      const tasks = { "bench.noop": () => { if (++ran === n) resolve(); } };
      // fastest documented setting (docs/jobs.md): 2 workers × concurrency 100, batch 100
      const specs = mode === "c10" ? [{ concurrency: 10, batchSize: 10 }] : [{ concurrency: 100, batchSize: 100 }, { concurrency: 100, batchSize: 100 }];
      const workers = specs.map((s) => new Worker({ sql: createSql(url, {}, 4), tasks, ...s, logger: silentLogger, reapIntervalMs: 0, pollIntervalMs: 50 }));
      const t0 = performance.now();
      for (const w of workers) await w.start();
      await done;
      const dt = performance.now() - t0;
      for (const w of workers) { await w.stop(); }
      return (n / dt) * 1000;
    },
    latency: async (samples, gap) => {
      const lat: number[] = [];
      const w = new Worker({ sql: createSql(url, {}, 4), tasks: { "bench.ping": (p: { t: number }) => { lat.push(performance.timeOrigin + performance.now() - p.t); } }, concurrency: 4, logger: silentLogger, reapIntervalMs: 0, pollIntervalMs: 1000 });
      await w.start();
      await sleep(200);
      for (let i = 0; i < samples; i++) {
        await pool`select pgfirst.job_enqueue(task => 'bench.ping', payload => ${pool.json({ t: performance.timeOrigin + performance.now() })}::jsonb)`;
        await sleep(gap);
      }
      await sleep(300);
      await w.stop();
      return lat;
    },
    clear: async () => { await pool`truncate pgfirst_private.job, pgfirst_private.job_dead`; },
    close: async () => { await pool.end(); },
  };
}

async function graphileContender(adminUrl: string, admin: Sql): Promise<Contender> {
  await recreate(admin, "bench_q_graphile");
  const url = dbUrl(adminUrl, "bench_q_graphile");
  const utils: WorkerUtils = await makeWorkerUtils({ connectionString: url, logger: new GwLogger(() => () => {}) });
  await utils.migrate();
  const pool = createSql(url, {}, 32);
  const run = async (n: number, opts: Record<string, unknown>, onJob: (p: unknown) => void): Promise<{ runner: Runner; done: Promise<void> }> => {
    let ran = 0;
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    const runner = await gwRun({
      connectionString: url, noHandleSignals: true, logger: new GwLogger(() => () => {}),
      taskList: { noop: async (p: unknown) => { onJob(p); if (++ran === n) resolve(); } },
      ...opts,
    } as never);
    return { runner, done };
  };
  return {
    name: "graphile-worker",
    // the SQL entry point add_job (what WorkerUtils.addJob calls), over the same client as the others
    enqueue1: async () => { await pool`select graphile_worker.add_job('noop', ${pool.json({ a: 1 })}::json)`; },
    enqueueMany: async (n) => { await utils.addJobs(Array.from({ length: n }, (_, i) => ({ identifier: "noop", payload: { i } }))); },
    fill: async (n) => { for (let i = 0; i < n; i += 5000) await utils.addJobs(Array.from({ length: Math.min(5000, n - i) }, () => ({ identifier: "noop", payload: {} }))); },
    drain: async (n, mode) => {
      const opts = mode === "c10"
        ? { concurrency: 10 }
        // fastest documented (worker.graphile.org/docs/performance): local queue + batched completions
        : { concurrency: 24, maxPoolSize: 26, preset: { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } } };
      const t0 = performance.now();
      const { runner, done } = await run(n, opts, () => {});
      await done;
      const dt = performance.now() - t0;
      await runner.stop();
      return (n / dt) * 1000;
    },
    latency: async (samples, gap) => {
      const lat: number[] = [];
      const { runner } = await run(1e9, { concurrency: 4 }, (p) => { lat.push(performance.timeOrigin + performance.now() - (p as { t: number }).t); });
      await sleep(300);
      for (let i = 0; i < samples; i++) {
        await pool`select graphile_worker.add_job('noop', ${pool.json({ t: performance.timeOrigin + performance.now() })}::json)`;
        await sleep(gap);
      }
      await sleep(300);
      await runner.stop();
      return lat;
    },
    clear: async () => { await pool`delete from graphile_worker._private_jobs`; },
    close: async () => { await utils.release(); await pool.end(); },
  };
}

async function pgBossContender(adminUrl: string, admin: Sql): Promise<Contender> {
  await recreate(admin, "bench_q_pgboss");
  const url = dbUrl(adminUrl, "bench_q_pgboss");
  const boss = new PgBoss({ connectionString: url, max: 32, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  await boss.createQueue("noop");
  await boss.createQueue("ping");
  const workFor = async (queue: string, n: number, opts: PgBoss.WorkOptions, workers: number, onJob: (d: unknown) => void) => {
    let ran = 0;
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    for (let i = 0; i < workers; i++) {
      await boss.work(queue, opts, async (jobs) => { for (const j of jobs) { onJob(j.data); if (++ran === n) resolve(); } });
    }
    return { done };
  };
  return {
    name: "pg-boss",
    enqueue1: async () => { await boss.send("noop", { a: 1 }); },
    enqueueMany: async (n) => { await boss.insert(Array.from({ length: n }, (_, i) => ({ name: "noop", data: { i } }))); },
    fill: async (n) => { for (let i = 0; i < n; i += 5000) await boss.insert(Array.from({ length: Math.min(5000, n - i) }, () => ({ name: "noop", data: {} }))); },
    drain: async (n, mode) => {
      // c10: ten workers fetching one job each; fastest: batchSize 100 per fetch, 10 workers, 0.5 s polling (its minimum)
      const opts = mode === "c10" ? { batchSize: 1, pollingIntervalSeconds: 0.5 } : { batchSize: 100, pollingIntervalSeconds: 0.5 };
      const t0 = performance.now();
      const w = await workFor("noop", n, opts, 10, () => {});
      await w.done;
      const dt = performance.now() - t0;
      await boss.offWork("noop");
      return (n / dt) * 1000;
    },
    latency: async (samples, gap) => {
      const lat: number[] = [];
      await workFor("ping", 1e9, { batchSize: 1, pollingIntervalSeconds: 0.5 }, 1, (d) => lat.push(performance.timeOrigin + performance.now() - (d as { t: number }).t));
      await sleep(300);
      for (let i = 0; i < samples; i++) { await boss.send("ping", { t: performance.timeOrigin + performance.now() }); await sleep(gap); }
      await sleep(1200);
      await boss.offWork("ping");
      return lat;
    },
    clear: async () => { for (const q of ["noop", "ping"]) { await boss.deleteQueue(q).catch(() => {}); await boss.createQueue(q); } },
    close: async () => { await boss.stop({ graceful: false, wait: true, timeout: 1000 } as never).catch(() => {}); },
  };
}

async function naiveContender(adminUrl: string, admin: Sql): Promise<Contender> {
  await recreate(admin, "bench_q_naive");
  const url = dbUrl(adminUrl, "bench_q_naive");
  const pool = createSql(url, {}, 32);
  await pool`create table naive_job (id bigserial primary key, task text not null, payload jsonb not null default '{}')`;
  const claimLoop = async (batch: number, stop: () => boolean, onJob: () => void, sql: Sql) => {
    while (!stop()) {
      const rows = await sql`delete from naive_job where id in (select id from naive_job order by id limit ${batch} for update skip locked) returning id, task, payload`;
      for (const _ of rows) onJob();
      if (rows.length === 0) await sleep(1);
    }
  };
  return {
    name: "naive SKIP LOCKED",
    enqueue1: async () => { await pool`insert into naive_job (task, payload) values ('noop', ${pool.json({ a: 1 })})`; },
    enqueueMany: async (n) => {
      await pool`insert into naive_job (task, payload) select 'noop', e from jsonb_array_elements(${pool.json(Array.from({ length: n }, (_, i) => ({ i })))}::jsonb) e`;
    },
    fill: async (n) => { await pool`insert into naive_job (task) select 'noop' from generate_series(1, ${n}::int)`; },
    drain: async (n, mode) => {
      let ran = 0;
      const loops = 10;
      const batch = mode === "c10" ? 1 : 100;
      const sqls = Array.from({ length: loops }, () => createSql(url, {}, 1));
      const t0 = performance.now();
      await Promise.all(sqls.map((s) => claimLoop(batch, () => ran >= n, () => { ran++; }, s)));
      const dt = performance.now() - t0;
      await Promise.all(sqls.map((s) => s.end()));
      return (n / dt) * 1000;
    },
    latency: async () => [],
    clear: async () => { await pool`truncate naive_job`; },
    close: async () => { await pool.end(); },
  };
}

async function timed(fn: (client: number) => Promise<void>, clients: number, ms: number): Promise<{ ops: number; lat: number[] }> {
  const lat: number[] = [];
  const end = performance.now() + ms;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    while (performance.now() < end) {
      const s = performance.now();
      await fn(c);
      lat.push(performance.now() - s);
    }
  }));
  return { ops: (lat.length / (performance.now() - t0)) * 1000, lat };
}

export async function runQueueSuite(o: Options = {}): Promise<QueueResult[]> {
  const log = o.log ?? ((s: string) => process.stderr.write(s + "\n"));
  const quick = o.quick ?? false;
  let cluster: EmbeddedCluster | undefined;
  let dir: string | undefined;
  let adminUrl = o.adminUrl ?? process.env.DATABASE_URL;
  if (!adminUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), "pgfirst-bench-queue-"));
    cluster = await startEmbedded({ dir, persistent: false, extraFlags: ["-c", "max_connections=200"] });
    adminUrl = cluster.url("postgres");
  }
  const admin = createSql(adminUrl, {}, 1);
  const results: QueueResult[] = [];
  const contenders: Contender[] = [];
  try {
    for (const make of [pgfirstContender, graphileContender, pgBossContender, naiveContender]) {
      contenders.push(await make(adminUrl, admin));
    }
    const dur = quick ? 600 : 2000;
    for (const c of [1, 8, 32]) {
      for (const k of contenders) {
        const r = await timed((cl) => k.enqueue1(cl), c, dur);
        results.push({ scenario: `enqueue 1/call c${c}`, contender: k.name, ops_per_s: round(r.ops, 0), p50_ms: round(pct(r.lat, 50)), p99_ms: round(pct(r.lat, 99)) });
        log(`enqueue c${c} ${k.name}: ${r.ops.toFixed(0)}/s`);
        await k.clear();
      }
    }
    const calls = quick ? 5 : 20;
    for (const k of contenders) {
      const lat: number[] = [];
      for (let i = 0; i < calls; i++) { const s = performance.now(); await k.enqueueMany(1000); lat.push(performance.now() - s); }
      const total = lat.reduce((a, b) => a + b, 0);
      results.push({ scenario: "enqueue 1000/call", contender: k.name, ops_per_s: round((calls * 1000 / total) * 1000, 0), p50_ms: round(pct(lat, 50)), p99_ms: round(pct(lat, 99)) });
      log(`enqueue 1000/call ${k.name}: ${((calls * 1000 / total) * 1000).toFixed(0)} jobs/s`);
      await k.clear();
    }
    const n = quick ? 5000 : 20000;
    for (const mode of ["c10", "fastest"] as const) {
      for (const k of contenders) {
        await k.fill(n);
        const rate = await Promise.race([k.drain(n, mode), sleep(60_000).then(() => null)]);
        results.push({ scenario: `drain ${n / 1000}k no-op (${mode === "c10" ? "concurrency 10" : "fastest settings"})`, contender: k.name, ops_per_s: round(rate, 0), p50_ms: null, p99_ms: null, ...(rate === null ? { note: "timed out after 60 s" } : {}) });
        log(`drain ${mode} ${k.name}: ${rate?.toFixed(0)} jobs/s`);
        await k.clear();
      }
    }
    const samples = quick ? 50 : 200;
    for (const k of contenders) {
      const lat = await k.latency(samples, 20);
      if (lat.length === 0) { results.push({ scenario: "enqueue→start latency", contender: k.name, ops_per_s: null, p50_ms: null, p99_ms: null, note: "no wake-up mechanism (polling only)" }); continue; }
      results.push({ scenario: "enqueue→start latency", contender: k.name, ops_per_s: null, p50_ms: round(pct(lat, 50)), p99_ms: round(pct(lat, 99)), note: `${lat.length} samples` });
      log(`latency ${k.name}: p50 ${pct(lat, 50)?.toFixed(2)} ms`);
      await k.clear();
    }
  } finally {
    for (const k of contenders) await k.close().catch(() => {});
    for (const db of ["bench_q_pgfirst", "bench_q_graphile", "bench_q_pgboss", "bench_q_naive"]) {
      await admin.unsafe(`drop database if exists ${db} with (force)`).catch(() => {});
    }
    await admin.end();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

export function formatQueueTable(rows: QueueResult[]): string {
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  const lines = ["| scenario | contender | jobs/s (calls/s) | p50 ms | p99 ms | pgfirst ÷ contender |", "|---|---|---|---|---|---|"];
  for (const s of scenarios) {
    const rs = rows.filter((r) => r.scenario === s);
    const mine = rs.find((r) => r.contender === "pgfirst");
    for (const r of rs) {
      let ratio = "";
      if (r.contender !== "pgfirst" && mine) {
        if (r.ops_per_s && mine.ops_per_s) ratio = `${(mine.ops_per_s / r.ops_per_s).toFixed(2)}× throughput`;
        else if (r.p50_ms && mine.p50_ms) ratio = `${(mine.p50_ms / r.p50_ms).toFixed(2)}× p50`;
      }
      lines.push(`| ${s} | ${r.contender} | ${r.ops_per_s ?? ""} | ${r.p50_ms ?? ""} | ${r.p99_ms ?? ""} | ${ratio}${r.note ? ` ${r.note}` : ""} |`);
    }
  }
  return lines.join("\n") + "\n";
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await runQueueSuite({ quick: process.argv.includes("--quick") });
  process.stdout.write(formatQueueTable(rows));
  process.exit(0);
}
