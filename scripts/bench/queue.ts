/**
 * Queue suite: pgfirst vs graphile-worker 0.17.3, pg-boss 10.4.2 and a naive SKIP LOCKED
 * delete-on-claim table (no retries, no leases), each in its own database on one server.
 *
 * Interleaved (harness): enqueue 1 job per call at c1/c8/c32, enqueue 1000 per call (c1).
 * One-offs: drain 20k no-op jobs at concurrency 10 and at each system's fastest documented
 * settings; enqueue→start latency at low load (one job every 20 ms, idle workers).
 * Fairness (pgfirst only, issue 15): tenant a has 100k ready jobs in a fair queue being
 * drained, tenant b enqueues one job every 10 ms: b's enqueue→start vs an idle queue's, and
 * the same with fairness off (b waits behind a's backlog).
 *
 *   npm run bench -- --suite queue
 */
import { Logger as GwLogger, run as gwRun, makeWorkerUtils, type Runner, type WorkerUtils } from "graphile-worker";
import PgBoss from "pg-boss";
import { Worker, silentLogger } from "../../src/worker.ts";
import type { BenchContext, BenchSuite, Contender, OnceMeasurement, OnceOutcome } from "./harness.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();
const DRAIN = 20_000;
const LATENCY_SAMPLES = 200;
const LATENCY_GAP_MS = 20;
const FAIR_BACKLOG = 100_000;
const FAIR_GAP_MS = 10;

/** Resolves when `n` jobs ran. */
function counter(n: number) {
  let ran = 0;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    done,
    ran: () => ran,
    tick: () => {
      if (++ran === n) resolve();
    },
  };
}

/** Runs `start` (which begins draining), measures until `done`, then `stop`s; setup is excluded. */
async function drainRate(
  fill: () => Promise<void>,
  start: (tick: () => void) => Promise<() => Promise<void>>,
  n = DRAIN,
): Promise<OnceOutcome> {
  await fill();
  const c = counter(n);
  const t0 = performance.now();
  const stop = await start(c.tick);
  const timedOut = await Promise.race([c.done.then(() => false), sleep(120_000).then(() => true)]);
  const ms = performance.now() - t0;
  await stop();
  // a system that cannot drain n jobs within the limit is reported at the rate it reached
  return timedOut
    ? { items: c.ran(), ms, note: `timed out after 120 s with ${c.ran().toLocaleString("en-US")} of ${n.toLocaleString("en-US")} jobs run` }
    : { items: n, ms };
}

async function latency(
  startWorker: (onJob: (payload: { t: number }) => void) => Promise<() => Promise<void>>,
  enqueue: (t: number) => Promise<void>,
  gapMs = LATENCY_GAP_MS,
  note = `one job every ${gapMs} ms, idle worker`,
): Promise<OnceOutcome> {
  const lat: number[] = [];
  const stop = await startWorker((p) => lat.push((now() - p.t) * 1000));
  await sleep(300);
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    await enqueue(now());
    await sleep(gapMs);
  }
  await sleep(1500);
  await stop();
  const missing = LATENCY_SAMPLES - lat.length;
  return { items: lat.length, latenciesUs: lat, note: missing > 0 ? `${note}; ${missing} of ${LATENCY_SAMPLES} never started` : note };
}

// ---------------------------------------------------------------- pgfirst
async function pgfirst(ctx: BenchContext) {
  const sql = ctx.pg(32);
  const clear = async () => {
    await sql`truncate pgfirst_private.job, pgfirst_private.job_dead`;
  };
  const fill = async (n: number) => {
    await clear();
    for (let i = 0; i < n; i += 5000) {
      await sql`select count(*) from pgfirst.job_enqueue_many(jobs => (select jsonb_agg(jsonb_build_object('task', 'bench.noop')) from generate_series(1, ${Math.min(5000, n - i)}::int)))`;
    }
    await sql`vacuum analyze pgfirst_private.job`;
  };
  const batch = Array.from({ length: 1000 }, (_, i) => ({ task: "bench.noop", payload: { i } }));
  const drain = (specs: { concurrency: number; batchSize: number }[]) =>
    drainRate(
      () => fill(DRAIN),
      async (tick) => {
        const ws = specs.map(
          (s) =>
            new Worker({
              sql: ctx.pgAt(ctx.databaseUrl, 4),
              tasks: { "bench.noop": tick },
              ...s,
              logger: silentLogger,
              reapIntervalMs: 0,
              pollIntervalMs: 50,
            }),
        );
        for (const w of ws) await w.start();
        return async () => {
          for (const w of ws) await w.stop();
        };
      },
    );
  return {
    setup: clear,
    enqueue1: () => sql`select pgfirst.job_enqueue(task => 'bench.noop', payload => ${sql.json({ a: 1 })}::jsonb)`,
    enqueue1000: () => sql`select count(*) from pgfirst.job_enqueue_many(jobs => ${sql.json(batch)}::jsonb)`,
    drainC10: () => drain([{ concurrency: 10, batchSize: 10 }]),
    /** The same drain with the queue made fair (one tenant): the cost of opting in. */
    drainC10Fair: async () => {
      await sql`select pgfirst.queue_configure('default', fair => true)`;
      try {
        return await drain([{ concurrency: 10, batchSize: 10 }]);
      } finally {
        await sql`delete from pgfirst_private.job_queue where queue = 'default'`;
      }
    },
    // fastest documented (docs/jobs.md "Throughput"): two Worker instances, concurrency 100, batch 100
    drainFast: () =>
      drain([
        { concurrency: 100, batchSize: 100 },
        { concurrency: 100, batchSize: 100 },
      ]),
    latency: async () => {
      await clear();
      return latency(
        async (onJob) => {
          const w = new Worker({
            sql: ctx.pgAt(ctx.databaseUrl, 4),
            tasks: { "bench.ping": onJob },
            concurrency: 4,
            logger: silentLogger,
            reapIntervalMs: 0,
            pollIntervalMs: 1000,
          });
          await w.start();
          return () => w.stop();
        },
        async (t) => {
          await sql`select pgfirst.job_enqueue(task => 'bench.ping', payload => ${sql.json({ t })}::jsonb)`;
        },
      );
    },
    /**
     * Tenant b's enqueue→start (one job every 10 ms) in queue "fair" while a Worker
     * (concurrency 10, batch 10) drains tenant a's backlog of `backlog` ready jobs;
     * backlog 0 is the idle baseline with the same worker.
     */
    fairLatency: (fair: boolean, backlog: number) => async () => {
      await clear();
      await sql`delete from pgfirst_private.job_queue where queue = 'fair'`;
      if (fair) await sql`select pgfirst.queue_configure('fair', fair => true)`;
      for (let i = 0; i < backlog; i += 5000) {
        await sql`select count(*) from pgfirst.job_enqueue_many(jobs => (select jsonb_agg(jsonb_build_object('task', 'bench.noop', 'queue', 'fair', 'tenant', 'a')) from generate_series(1, ${Math.min(5000, backlog - i)}::int)))`;
      }
      await sql`vacuum analyze pgfirst_private.job`;
      try {
        return await latency(
          async (onJob) => {
            const w = new Worker({
              sql: ctx.pgAt(ctx.databaseUrl, 4),
              tasks: { "bench.ping": onJob, "bench.noop": () => {} },
              queues: ["fair"],
              concurrency: 10,
              batchSize: 10,
              logger: silentLogger,
              reapIntervalMs: 0,
              pollIntervalMs: 1000,
            });
            await w.start();
            return () => w.stop();
          },
          async (t) => {
            await sql`select pgfirst.job_enqueue(task => 'bench.ping', payload => ${sql.json({ t })}::jsonb, queue => 'fair', tenant => 'b')`;
          },
          FAIR_GAP_MS,
          backlog === 0
            ? `idle queue, one job every ${FAIR_GAP_MS} ms, Worker concurrency 10 batch 10`
            : `tenant a: ${backlog.toLocaleString("en-US")} ready jobs being drained; b: one job every ${FAIR_GAP_MS} ms`,
        );
      } finally {
        await clear();
        await sql`delete from pgfirst_private.job_queue where queue = 'fair'`;
      }
    },
    teardown: clear,
  };
}

// ---------------------------------------------------------------- graphile-worker
async function graphile(ctx: BenchContext) {
  const url = await ctx.scratchDatabase("bench_queue_graphile");
  const logger = new GwLogger(() => () => {});
  const utils: WorkerUtils = await makeWorkerUtils({ connectionString: url, logger });
  await utils.migrate();
  const sql = ctx.pgAt(url, 32);
  const clear = async () => {
    await sql`delete from graphile_worker._private_jobs`;
  };
  const fill = async (n: number) => {
    await clear();
    for (let i = 0; i < n; i += 5000)
      await utils.addJobs(Array.from({ length: Math.min(5000, n - i) }, () => ({ identifier: "noop", payload: {} })));
    await sql`vacuum analyze graphile_worker._private_jobs`;
  };
  const start = async (opts: Record<string, unknown>, onJob: (p: { t: number }) => void): Promise<Runner> =>
    gwRun({
      connectionString: url,
      noHandleSignals: true,
      logger,
      taskList: {
        noop: async (p: unknown) => {
          onJob(p as { t: number });
        },
      },
      ...opts,
    } as never);
  const batch = Array.from({ length: 1000 }, (_, i) => ({ identifier: "noop", payload: { i } }));
  const drain = (opts: Record<string, unknown>) =>
    drainRate(
      () => fill(DRAIN),
      async (tick) => {
        const r = await start(opts, tick);
        return () => r.stop();
      },
    );
  return {
    // add_job is what WorkerUtils.addJob and quickAddJob call; issued over the same client as the others
    enqueue1: () => sql`select graphile_worker.add_job('noop', ${sql.json({ a: 1 })}::json)`,
    enqueue1000: () => utils.addJobs(batch),
    drainC10: () => drain({ concurrency: 10 }),
    // fastest documented (worker.graphile.org/docs/performance): local queue + batched completions
    drainFast: () =>
      drain({
        concurrency: 24,
        maxPoolSize: 26,
        preset: { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
      }),
    latency: async () => {
      await clear();
      return latency(
        async (onJob) => {
          const r = await start({ concurrency: 4 }, onJob);
          return () => r.stop();
        },
        async (t) => {
          await sql`select graphile_worker.add_job('noop', ${sql.json({ t })}::json)`;
        },
      );
    },
    teardown: async () => {
      await clear();
      await utils.release();
    },
  };
}

// ---------------------------------------------------------------- pg-boss
async function pgBoss(ctx: BenchContext) {
  const url = await ctx.scratchDatabase("bench_queue_pgboss");
  const boss = new PgBoss({ connectionString: url, max: 32, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  const reset = async () => {
    for (const q of ["noop", "ping"]) {
      await boss.deleteQueue(q).catch(() => {});
      await boss.createQueue(q);
    }
  };
  await reset();
  const work = async (queue: string, workers: number, opts: PgBoss.WorkOptions, onJob: (d: { t: number }) => void) => {
    for (let i = 0; i < workers; i++)
      await boss.work<{ t: number }>(queue, opts, async (jobs) => {
        for (const j of jobs) onJob(j.data);
      });
    return () => boss.offWork(queue);
  };
  const batch = Array.from({ length: 1000 }, (_, i) => ({ name: "noop", data: { i } }));
  const drain = (opts: PgBoss.WorkOptions) =>
    drainRate(
      async () => {
        await reset();
        for (let i = 0; i < DRAIN; i += 5000) await boss.insert(Array.from({ length: 5000 }, () => ({ name: "noop", data: {} })));
      },
      (tick) => work("noop", 10, opts, tick),
    );
  return {
    enqueue1: () => boss.send("noop", { a: 1 }),
    enqueue1000: () => boss.insert(batch),
    drainC10: () => drain({ batchSize: 1, pollingIntervalSeconds: 0.5 }),
    // fastest documented: fetch in batches (batchSize), shortest polling interval (0.5 s)
    drainFast: () => drain({ batchSize: 100, pollingIntervalSeconds: 0.5 }),
    latency: async () => {
      await reset();
      return latency(
        (onJob) => work("ping", 1, { batchSize: 1, pollingIntervalSeconds: 0.5 }, onJob),
        async (t) => {
          await boss.send("ping", { t });
        },
      );
    },
    teardown: async () => {
      await boss.stop({ graceful: false, wait: true, timeout: 2000 } as never).catch(() => {});
    },
  };
}

// ---------------------------------------------------------------- naive SKIP LOCKED
async function naive(ctx: BenchContext) {
  const url = await ctx.scratchDatabase("bench_queue_naive");
  const sql = ctx.pgAt(url, 32);
  await sql`create table naive_job (id bigserial primary key, task text not null, payload jsonb not null default '{}')`;
  const batch = Array.from({ length: 1000 }, (_, i) => ({ i }));
  const drain = (perClaim: number) =>
    drainRate(
      async () => {
        await sql`truncate naive_job`;
        await sql`insert into naive_job (task) select 'noop' from generate_series(1, ${DRAIN}::int)`;
        await sql`vacuum analyze naive_job`;
      },
      async (tick) => {
        let stop = false;
        const loops = Array.from({ length: 10 }, async () => {
          const one = ctx.pgAt(url, 1);
          while (!stop) {
            const rows =
              await one`delete from naive_job where id in (select id from naive_job order by id limit ${perClaim} for update skip locked) returning id, task, payload`;
            for (let i = 0; i < rows.length; i++) tick();
            if (rows.length === 0) await sleep(1);
          }
        });
        return async () => {
          stop = true;
          await Promise.all(loops);
        };
      },
    );
  return {
    enqueue1: () => sql`insert into naive_job (task, payload) values ('noop', ${sql.json({ a: 1 })})`,
    enqueue1000: () => sql`insert into naive_job (task, payload) select 'noop', e from jsonb_array_elements(${sql.json(batch)}::jsonb) e`,
    drainC10: () => drain(1),
    drainFast: () => drain(100),
    teardown: async () => {
      await sql`truncate naive_job`;
    },
  };
}

const queue: BenchSuite = {
  name: "queue",
  title: "job queue: pgfirst vs graphile-worker 0.17.3, pg-boss 10.4.2, naive SKIP LOCKED",
  async plan(ctx) {
    const p = await pgfirst(ctx);
    const g = await graphile(ctx);
    const b = await pgBoss(ctx);
    const n = await naive(ctx);
    const one = ctx.pg(1);
    const contenders: Contender[] = [
      { name: "SELECT 1", kind: "ceiling", op: () => one`select 1`, note: "one connection; pipelined at c8/c32" },
      { name: "pgfirst job_enqueue", kind: "pgfirst", op: p.enqueue1, setup: p.setup, note: "pool of 32" },
      { name: "graphile-worker add_job", kind: "peer", op: g.enqueue1, note: "pool of 32, SQL add_job" },
      { name: "pg-boss send", kind: "peer", op: b.enqueue1, note: "pg-boss pool max 32" },
      { name: "naive INSERT", kind: "peer", op: n.enqueue1, note: "pool of 32" },
      { name: "pgfirst job_enqueue_many ×1000", kind: "pgfirst", op: p.enqueue1000, itemsPerOp: 1000, levels: [1] },
      { name: "graphile-worker addJobs ×1000", kind: "peer", op: g.enqueue1000, itemsPerOp: 1000, levels: [1] },
      { name: "pg-boss insert ×1000", kind: "peer", op: b.enqueue1000, itemsPerOp: 1000, levels: [1] },
      { name: "naive INSERT…SELECT ×1000", kind: "peer", op: n.enqueue1000, itemsPerOp: 1000, levels: [1] },
    ];
    const once: OnceMeasurement[] = [
      { name: "pgfirst drain c10", kind: "pgfirst", unit: "jobs", run: p.drainC10 },
      { name: "pgfirst drain c10, fair queue", kind: "pgfirst", unit: "jobs", run: p.drainC10Fair },
      { name: "graphile-worker drain c10", kind: "peer", unit: "jobs", run: g.drainC10 },
      { name: "pg-boss drain c10", kind: "peer", unit: "jobs", run: b.drainC10 },
      { name: "naive drain c10", kind: "peer", unit: "jobs", run: n.drainC10 },
      { name: "pgfirst drain fastest", kind: "pgfirst", unit: "jobs", run: p.drainFast },
      { name: "graphile-worker drain fastest", kind: "peer", unit: "jobs", run: g.drainFast },
      { name: "pg-boss drain fastest", kind: "peer", unit: "jobs", run: b.drainFast },
      { name: "naive drain fastest", kind: "peer", unit: "jobs", run: n.drainFast },
      { name: "pgfirst enqueue→start", kind: "pgfirst", unit: "samples", run: p.latency },
      { name: "pgfirst enqueue→start idle, 10 ms", kind: "pgfirst", unit: "samples", run: p.fairLatency(true, 0) },
      { name: "pgfirst fair: b enqueue→start, a 100k ready", kind: "pgfirst", unit: "samples", run: p.fairLatency(true, FAIR_BACKLOG) },
      {
        name: "pgfirst not fair: b enqueue→start, a 100k ready",
        kind: "pgfirst",
        unit: "samples",
        run: p.fairLatency(false, FAIR_BACKLOG),
      },
      { name: "graphile-worker enqueue→start", kind: "peer", unit: "samples", run: g.latency },
      { name: "pg-boss enqueue→start", kind: "peer", unit: "samples", run: b.latency },
    ];
    return {
      contenders,
      once,
      baselines: [
        { contender: "graphile-worker add_job", metric: "ops@32", label: "c32 ÷ graphile add_job" },
        { contender: "graphile-worker addJobs ×1000", metric: "items@1", label: "items/s ÷ graphile addJobs" },
      ],
      targets: [
        {
          contender: "pgfirst drain fastest",
          metric: "rate",
          baseline: "graphile-worker drain fastest",
          min: 2,
          label: "drain ≥ 2× graphile-worker (fastest settings)",
        },
        {
          contender: "pgfirst drain c10",
          metric: "rate",
          baseline: "graphile-worker drain c10",
          min: 2,
          label: "drain ≥ 2× graphile-worker (concurrency 10)",
        },
        {
          contender: "pgfirst job_enqueue_many ×1000",
          metric: "items@1",
          baseline: "graphile-worker addJobs ×1000",
          min: 1.5,
          label: "batch enqueue ≥ 1.5× graphile-worker",
        },
        { contender: "pgfirst enqueue→start", metric: "p50", max: 1000, label: "enqueue→start p50 ≤ 1 ms" },
        { contender: "pgfirst enqueue→start", metric: "p99", max: 5000, label: "enqueue→start p99 ≤ 5 ms" },
        {
          contender: "pgfirst fair: b enqueue→start, a 100k ready",
          metric: "p95",
          baseline: "pgfirst enqueue→start idle, 10 ms",
          max: 2,
          label: "fair queue: tenant b's p95 ≤ 2× idle while tenant a has 100k ready",
        },
      ],
      notes: [
        `drains: ${DRAIN.toLocaleString("en-US")} no-op jobs enqueued first (not timed); c10 = 10 concurrent jobs (pgfirst Worker concurrency 10/batch 10; graphile concurrency 10; pg-boss 10 workers batchSize 1; naive 10 loops claiming 1)`,
        "fastest: pgfirst 2 Workers × concurrency 100, batch 100; graphile concurrency 24 + localQueue 500 + completeJobBatchDelay 0; pg-boss 10 workers batchSize 100, polling 0.5 s; naive 10 loops claiming 100",
        "pgfirst Worker commits claims/heartbeats/completions with synchronous_commit=off (docs/jobs.md, Durability); enqueues are synchronous for every contender",
      ],
      cleanup: async () => {
        await n.teardown();
        await b.teardown();
        await g.teardown();
        await p.teardown();
      },
    };
  },
};

export default queue;
