/**
 * Schedules and the job archive.
 *
 * - schedule_tick with 10,000 schedules when 0, 10 and 1,000 are due. Every op runs
 *   `begin; select pgfirst.schedule_tick(now => …); rollback` in one round trip (simple
 *   query protocol), so each op sees the same due set; the cost includes enqueuing the due
 *   jobs (rolled back). At c8/c32 concurrent tickers contend for the same rows (SKIP LOCKED):
 *   that is the real multi-worker situation.
 * - Archive overhead: drain 10,000 jobs (best of 3) (claim 100 + complete 100 per round trip pair, one
 *   connection) on a queue without and with keep_finished. Target: ≤ 15 % slower.
 */
import type { BenchSuite } from "./harness.ts";

const DAY = "2031-01-01";
const DRAIN_JOBS = 10_000;
const DRAIN_RUNS = 3;

const schedule: BenchSuite = {
  name: "schedule",
  title: "schedule_tick with 10,000 schedules (0 / 10 / 1,000 due) and job archive overhead",
  async plan(ctx) {
    const sql = ctx.pg(1);
    ctx.log("schedule: creating 10,000 schedules…");
    await sql`select pgfirst.schedule_set(name => 'pgfirst.maintenance', task => 'pgfirst.maintenance', cron => '* * * * *', missed => 'skip', enabled => false)`;
    await sql`delete from pgfirst_private.schedule where name like 'bench.%'`;
    // 9,000 yearly (never due on the bench day), 10 at noon, 990 at 18:00 (+ the 10 = 1,000 due at 18:00)
    await sql`
      select pgfirst.schedule_set(name => 'bench.' || g, task => 'pgfirst.noop',
               cron => case when g <= 10 then '0 12 * * *' when g <= 1000 then '0 18 * * *' else '0 0 1 1 *' end,
               missed => 'skip', now => ${DAY + " 00:01Z"}::timestamptz)
        from generate_series(1, 10000) g`;
    await sql`analyze pgfirst_private.schedule`;
    const tick = (at: string) => `begin; select pgfirst.schedule_tick(now => '${DAY} ${at}Z'); rollback`;
    // postgres.js allows a multi-statement transaction only on a max-1 client: one per worker slot
    const clients = Array.from({ length: 32 }, () => ctx.pgAt(ctx.databaseUrl, 1));
    const run = (worker: number, at: string) => clients[worker % clients.length]!.unsafe(tick(at));
    const one = ctx.pg(1);

    async function drainOnce(queue: string, keep: string | null, jobs: number): Promise<{ items: number; ms: number }> {
      const s = ctx.pg(1);
      await s`select pgfirst.queue_configure(queue => ${queue}::text, keep_finished => ${keep}::interval)`;
      await s`select pgfirst.maintenance()`; // archive partitions for today
      await s`select pgfirst.job_enqueue_many(jobs => (select jsonb_agg(jsonb_build_object('task', 'pgfirst.noop', 'queue', ${queue}::text)) from generate_series(1, ${jobs})))`;
      // both runs start from a vacuumed hot table (the previous drain leaves 20k dead tuples)
      await s`vacuum (analyze) pgfirst_private.job`;
      const started = performance.now();
      let done = 0;
      for (;;) {
        const ids = (
          await s<
            { id: string }[]
          >`select id from pgfirst.job_claim(worker_id => 'bench', queues => array[${queue}::text], max_jobs => 100)`
        ).map((r) => r.id);
        if (ids.length === 0) break;
        done += ids.length;
        await s`select pgfirst.job_complete(ids => ${ids}::bigint[], worker_id => 'bench')`;
      }
      return { items: done, ms: performance.now() - started };
    }
    // one-offs on a loaded shared machine are noisy: best of DRAIN_RUNS, after a warm-up of both paths
    async function drain(queue: string, keep: string | null): Promise<{ items: number; ms: number; note: string }> {
      let best = { items: 0, ms: Infinity };
      for (let i = 0; i < DRAIN_RUNS; i++) {
        const r = await drainOnce(queue, keep, DRAIN_JOBS);
        if (r.ms < best.ms) best = r;
      }
      return { ...best, note: `best of ${DRAIN_RUNS} drains of ${DRAIN_JOBS} jobs` };
    }
    await drainOnce("bench_arch_on", "1 day", 2000);
    await drainOnce("bench_arch_off", null, 2000);

    return {
      contenders: [
        { name: "SELECT 1", kind: "ceiling", op: () => one`select 1`, note: "one connection" },
        { name: "tick, 0 due", kind: "pgfirst", op: ({ worker }) => run(worker, "11:00"), note: "10,000 schedules, none due" },
        {
          name: "tick, 10 due",
          kind: "pgfirst",
          op: ({ worker }) => run(worker, "12:00:30"),
          note: "10 jobs enqueued per op (rolled back)",
        },
        {
          name: "tick, 1000 due",
          kind: "pgfirst",
          op: ({ worker }) => run(worker, "18:00:30"),
          note: "1,000 jobs enqueued per op (rolled back)",
          levels: [1, 8],
        },
      ],
      once: [
        { name: "drain, no archive", kind: "pgfirst", unit: "jobs", run: () => drain("bench_arch_off", null) },
        { name: "drain, keep_finished", kind: "pgfirst", unit: "jobs", run: () => drain("bench_arch_on", "1 day") },
      ],
      baselines: [{ contender: "SELECT 1", metric: "p50", label: "c1 p50 ÷ SELECT 1" }],
      targets: [
        { contender: "drain, keep_finished", metric: "rate", baseline: "drain, no archive", min: 0.85, label: "archive overhead ≤ 15 %" },
      ],
      notes: [
        "tick rows: 10,000 schedules (9,000 yearly, 10 at 12:00, 990 at 18:00); each op is begin; schedule_tick; rollback in one round trip",
        "drain rows: claim 100 + complete 100 on one connection; the keep_finished run copies every finished job into the partitioned archive",
      ],
      cleanup: async () => {
        await sql`delete from pgfirst_private.schedule where name like 'bench.%'`;
        await sql`select pgfirst.schedule_set(name => 'pgfirst.maintenance', task => 'pgfirst.maintenance', cron => '* * * * *', missed => 'skip', enabled => true)`;
        await sql`select pgfirst.queue_configure(queue => q) from unnest(array['bench_arch_off', 'bench_arch_on']) q`;
      },
    };
  },
};

export default schedule;
