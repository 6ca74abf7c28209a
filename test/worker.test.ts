/**
 * The TS worker against a real database: batches, failures, cancellation, graceful stop,
 * LISTEN wake-ups, and a worker process killed with SIGKILL mid-job.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { jobCancel, jobEnqueue, jobEnqueueMany, jobGet } from "../src/job.ts";
import { JobAbort, Worker, defineTasks, silentLogger, type TaskMap } from "../src/worker.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await sleep(20);
  }
}
async function liveJobs(): Promise<number> {
  const [r] = await db.sql<{ n: number }[]>`select count(*)::int as n from pgfirst_private.job`;
  return r!.n;
}
const pools: ReturnType<TestDatabase["connect"]>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
});
function worker(tasks: TaskMap, o: Partial<ConstructorParameters<typeof Worker>[0]> = {}): Worker {
  const sql = db.connect(4);
  pools.push(sql);
  return new Worker({ sql, tasks, logger: silentLogger, pollIntervalMs: 200, reapIntervalMs: 0, ...o });
}

describe("Worker", () => {
  it("runs typed tasks in batches, completes them, and fails with retries or dead", async () => {
    const seen: number[] = [];
    const tasks = defineTasks({
      add: async (p: { n: number }, ctx) => {
        expect(ctx.attempt).toBe(1);
        seen.push(p.n);
      },
      boom: async () => {
        throw new Error("exploded");
      },
    });
    await jobEnqueueMany(
      db.sql,
      Array.from({ length: 200 }, (_, n) => ({ task: "add", payload: { n } })),
    );
    const dead = await jobEnqueue(db.sql, "boom", {}, { maxAttempts: 1 });
    const retried = await jobEnqueue(db.sql, "boom", {}, { maxAttempts: 3 });
    const unknown = await jobEnqueue(db.sql, "nobody_handles_this", {}, { maxAttempts: 1 });
    // only this test's jobs: no schedule ticks, and not the built-in maintenance queue (a tick
    // by another test's worker in this database would add a 201st completion)
    const w = worker(tasks, { concurrency: 20, queues: ["default"], scheduleTickIntervalMs: 0 });
    await w.start();
    await until(async () => seen.length === 200 && (await jobGet(db.sql, dead))?.state === "dead");
    await w.stop();
    expect(new Set(seen).size).toBe(200);
    expect(w.stats.completed).toBe(200);
    expect((await jobGet(db.sql, retried))?.state).toBe("failed");
    expect((await jobGet(db.sql, retried))?.lastError).toContain("exploded");
    expect((await jobGet(db.sql, unknown))?.lastError).toContain("no handler");
    expect(await liveJobs()).toBe(1); // only the retried one waits
    await db.sql`truncate pgfirst_private.job, pgfirst_private.job_dead`;
  });

  it("aborts a cancelled job through its AbortSignal and records it cancelled", async () => {
    let reason: unknown = null;
    let started = false;
    const w = worker(
      {
        wait: async (_p, ctx) => {
          started = true;
          await new Promise((_r, reject) =>
            ctx.signal.addEventListener("abort", () => {
              reason = ctx.signal.reason;
              reject(ctx.signal.reason);
            }),
          );
        },
      },
      { leaseSeconds: 3, heartbeatSeconds: 0.1 },
    );
    await w.start();
    const id = await jobEnqueue(db.sql, "wait");
    await until(() => started);
    expect(await jobCancel(db.sql, id)).toBe(true);
    await until(async () => (await jobGet(db.sql, id))?.state === "cancelled");
    expect(reason).toBeInstanceOf(JobAbort);
    expect((reason as JobAbort).reason).toBe("cancelled");
    await w.stop();
    await db.sql`truncate pgfirst_private.job, pgfirst_private.job_dead`;
  });

  it("stops gracefully: in-flight jobs finish within the grace period, the rest are handed back", async () => {
    let quickDone = false;
    let slowAbort: unknown = null;
    const w = worker(
      {
        quick: async () => {
          await sleep(100);
          quickDone = true;
        },
        slow: async (_p, ctx) => {
          await new Promise((_r, reject) =>
            ctx.signal.addEventListener("abort", () => {
              slowAbort = ctx.signal.reason;
              reject(ctx.signal.reason);
            }),
          );
        },
      },
      { shutdownGraceMs: 500 },
    );
    const quick = await jobEnqueue(db.sql, "quick");
    const slow = await jobEnqueue(db.sql, "slow");
    await w.start();
    await until(async () => (await jobGet(db.sql, slow))?.state === "running" && (await jobGet(db.sql, quick))?.state === "running");
    await w.stop();
    expect(quickDone).toBe(true);
    expect(await jobGet(db.sql, quick)).toBeNull(); // completed
    expect((slowAbort as JobAbort).reason).toBe("shutdown");
    const s = await jobGet(db.sql, slow);
    expect(s?.state).toBe("pending");
    expect(s?.attempt).toBe(0);
    await db.sql`truncate pgfirst_private.job, pgfirst_private.job_dead`;
  });

  it("heartbeats keep a job longer than its lease alive while reapers run", async () => {
    const attempts: number[] = [];
    let aborted = false;
    const w = worker(
      {
        long: async (_p, ctx) => {
          attempts.push(ctx.attempt);
          ctx.signal.addEventListener("abort", () => {
            aborted = true;
          });
          await sleep(2500);
        },
      },
      { leaseSeconds: 1, heartbeatSeconds: 0.2, reapIntervalMs: 150 },
    );
    const id = await jobEnqueue(db.sql, "long");
    await w.start();
    await until(async () => (await jobGet(db.sql, id)) === null, 15_000);
    await w.stop();
    expect(attempts).toEqual([1]);
    expect(aborted).toBe(false);
  });

  it("aborts a job with lease_lost when its heartbeats cannot get through before the lease ends", async () => {
    let reason: unknown = null;
    let started = false;
    const w = worker(
      {
        wait: async (_p, ctx) => {
          started = true;
          await new Promise((_r, reject) =>
            ctx.signal.addEventListener("abort", () => {
              reason = ctx.signal.reason;
              reject(ctx.signal.reason);
            }),
          );
        },
      },
      { leaseSeconds: 1, heartbeatSeconds: 0.2 },
    );
    const id = await jobEnqueue(db.sql, "wait");
    await w.start();
    await until(() => started);
    // The database stops answering this worker's heartbeats (here: the job table is locked).
    const blocker = db.connect(1);
    pools.push(blocker);
    let unblock!: () => void;
    const held = new Promise<void>((r) => (unblock = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const tx = blocker.begin(async (t) => {
      await t`lock table pgfirst_private.job in access exclusive mode`;
      locked();
      await held;
    });
    await isLocked;
    try {
      await until(() => reason !== null, 15_000);
    } finally {
      unblock();
      await tx;
    }
    expect((reason as JobAbort).reason).toBe("lease_lost");
    await w.stop();
    expect(w.stats.completed).toBe(0);
    expect((await jobGet(db.sql, id))?.state).toBe("running"); // left for the reaper, never completed by the stale run
    await db.sql`truncate pgfirst_private.job, pgfirst_private.job_dead`;
  });

  it("wakes on NOTIFY without waiting for the poll, and works with polling only", async () => {
    const started: number[] = [];
    const listening = worker(
      {
        ping: () => {
          started.push(Date.now());
        },
      },
      { pollIntervalMs: 60_000 },
    );
    await listening.start();
    await sleep(100);
    const t0 = Date.now();
    await jobEnqueue(db.sql, "ping");
    await until(() => started.length === 1, 5000);
    expect(started[0]! - t0).toBeLessThan(2000);
    await listening.stop();

    const polling = worker(
      {
        ping: () => {
          started.push(Date.now());
        },
      },
      { listen: false, pollIntervalMs: 50 },
    );
    await polling.start();
    await jobEnqueue(db.sql, "ping");
    await until(() => started.length === 2, 5000);
    await polling.stop();
    expect(await liveJobs()).toBe(0);
  });

  it("a worker process killed with SIGKILL mid-job: the job runs again after its lease, once", async () => {
    const id = await jobEnqueue(db.sql, "fault.hang");
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("test/fixtures/jobs/worker-child.ts")], {
      env: { ...process.env, DATABASE_URL: db.url, LEASE_SECONDS: "1" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    const exited = new Promise((r) => child.on("exit", r));
    await until(() => out.includes(`started ${id} 1`), 30_000);
    child.kill("SIGKILL");
    await exited;
    expect((await jobGet(db.sql, id))?.state).toBe("running"); // still leased to the dead process

    const runs: number[] = [];
    const w = worker(
      {
        "fault.hang": (_p, ctx) => {
          runs.push(ctx.attempt);
        },
      },
      { reapIntervalMs: 200 },
    );
    await w.start();
    await until(async () => (await jobGet(db.sql, id)) === null, 15_000);
    await sleep(300);
    await w.stop();
    expect(runs).toEqual([2]);
  });

  it("SIGKILL mid-batch: every job completes exactly once, none is lost; unfinished ones run again after their lease", async () => {
    const N = 40;
    await db.sql`create table public.fault_runs (job_id bigint not null, attempt int not null)`;
    await db.sql`select pgfirst.queue_configure(queue => 'crash', keep_finished => '1 day')`;
    await db.sql`select pgfirst.maintenance()`; // archive partitions for today
    await jobEnqueueMany(
      db.sql,
      Array.from({ length: N }, (_, n) => ({ task: "fault.batch", queue: "crash", payload: { n } })),
    );
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("test/fixtures/jobs/batch-child.ts")], {
      env: { ...process.env, DATABASE_URL: db.url, LEASE_SECONDS: "1" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    const exited = new Promise((r) => child.on("exit", r));
    // kill once the first batch ran and some of its completions may be in flight
    await until(() => (out.match(/^ran /gm) ?? []).length >= 20, 30_000);
    child.kill("SIGKILL");
    await exited;

    const runs: { id: string; attempt: number }[] = [];
    const w = worker(
      {
        "fault.batch": async (_p, ctx) => {
          runs.push({ id: ctx.job.id, attempt: ctx.attempt });
          await db.sql`insert into public.fault_runs (job_id, attempt) values (${ctx.job.id}::bigint, ${ctx.attempt})`;
        },
      },
      { reapIntervalMs: 200, concurrency: 10, batchSize: 10 },
    );
    await w.start();
    await until(async () => (await liveJobs()) === 0, 30_000);
    await sleep(300);
    await w.stop();

    // every job archived exactly once as done: none lost, none completed twice
    const archived = await db.sql<{ state: string; n: number; jobs: number }[]>`
      select state, count(*)::int as n, count(distinct id)::int as jobs from pgfirst_private.job_archive group by state`;
    expect(archived).toEqual([{ state: "done", n: N, jobs: N }]);
    // each attempt of a job ran at most once; a job runs again (attempt 2) only when its first
    // run never committed a completion (attempt 1 may be missing: killed before it logged)
    const perJob = await db.sql<{ id: string; attempts: number[] }[]>`
      select job_id::text as id, array_agg(attempt order by attempt) as attempts from public.fault_runs group by job_id`;
    expect(perJob).toHaveLength(N);
    for (const j of perJob) expect([[1], [2], [1, 2]]).toContainEqual(j.attempts);
    // the hanging (odd) jobs of the killed batch were never completed by the dead worker:
    // every second attempt is the recovery worker's
    const rerun = new Set(runs.filter((r) => r.attempt === 2).map((r) => r.id));
    expect(
      perJob
        .filter((j) => j.attempts.includes(2))
        .map((j) => j.id)
        .sort(),
    ).toEqual([...rerun].sort());
    expect(rerun.size).toBeGreaterThanOrEqual(10);
    await db.sql`drop table public.fault_runs`;
  });
});
