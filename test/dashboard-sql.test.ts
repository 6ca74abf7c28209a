/**
 * The dashboard's SQL layer through the TS helpers, with real connections: queue_pause
 * under concurrent claimers, bulk retry/cancel, listing and detail, the audit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import {
  jobCancelMany,
  jobClaim,
  jobComplete,
  jobDetail,
  jobEnqueueMany,
  jobFail,
  jobList,
  jobRetryMany,
  queueConfigure,
  queuePause,
  queueResume,
  queueThroughput,
} from "../src/job.ts";
import { auditLog, dashboardOverview } from "../src/dashboard.ts";
import { createPgfirst } from "../src/pgfirst.ts";
import { JobPageSizeError, JobStateFilterError } from "../src/errors.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function clear() {
  await db.sql`truncate pgfirst_private.job, pgfirst_private.job_dead, pgfirst_private.job_queue, pgfirst_private.admin_audit`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("queue_pause / queue_resume under concurrent claimers", () => {
  it("no claim that starts after queue_pause returns takes a job of the paused queue; claims restart after queue_resume", async () => {
    await clear();
    const per = 3000;
    for (const queue of ["paused", "other"]) {
      for (let i = 0; i < per; i += 1000) {
        await jobEnqueueMany(
          db.sql,
          Array.from({ length: 1000 }, () => ({ task: "t", queue })),
        );
      }
    }
    // every claim: when its call was sent, and the queues of the jobs it got
    const claims: { sentAt: number; queues: string[] }[] = [];
    let stop = false;
    const claimers = await db.connected(4);
    const admin = db.connect(1);
    const running = claimers.map(async (sql, c) => {
      const worker = `w${c}`;
      while (!stop) {
        const sentAt = performance.now();
        const jobs = await jobClaim(sql, worker, { queues: ["paused", "other"], maxJobs: 2 });
        claims.push({ sentAt, queues: jobs.map((j) => j.queue) });
        if (jobs.length)
          await jobComplete(
            sql,
            jobs.map((j) => j.id),
            worker,
          );
        else await sleep(5);
      }
    });
    const taken = () => claims.filter((c) => c.queues.includes("paused")).length;
    while (taken() < 20) await sleep(10);

    expect(await queuePause(admin, "paused")).toBe(true);
    const pausedAt = performance.now();
    await sleep(400);
    const afterPause = claims.filter((c) => c.sentAt > pausedAt);
    expect(afterPause.filter((c) => c.queues.includes("paused"))).toEqual([]); // none of the paused queue…
    expect(afterPause.length).toBeGreaterThan(10); // …while the claimers kept claiming…
    expect(afterPause.filter((c) => c.queues.includes("other")).length).toBeGreaterThan(0); // …other queues' jobs

    expect(await queueResume(admin, "paused")).toBe(true);
    const resumedAt = performance.now();
    const resumed = () => claims.filter((c) => c.sentAt > resumedAt && c.queues.includes("paused")).length;
    for (let i = 0; i < 200 && resumed() === 0; i++) await sleep(10);
    stop = true;
    await Promise.all(running);
    expect(resumed()).toBeGreaterThan(0);

    const [cfg] = await db.sql`select paused from pgfirst_private.job_queue where queue = 'paused'`;
    expect(cfg?.paused).toBe(false);
  });

  it("keeps concurrency and keep_finished", async () => {
    await clear();
    await queueConfigure(db.sql, "q", { concurrency: 2, keepFinished: "1 day" });
    await queuePause(db.sql, "q");
    await queueResume(db.sql, "q");
    const [row] = await db.sql`select concurrency, keep_finished::text as keep from pgfirst_private.job_queue where queue = 'q'`;
    expect(row).toEqual({ concurrency: 2, keep: "1 day" });
  });
});

describe("bulk actions under concurrency (SKIP LOCKED)", () => {
  it("4 concurrent job_retry_many loops move every dead job exactly once", async () => {
    await clear();
    const total = 2000;
    await jobEnqueueMany(
      db.sql,
      Array.from({ length: total }, () => ({ task: "t", queue: "d", maxAttempts: 1 })),
    );
    await db.sql`select pgfirst.job_fail(c.id, 'w', 'boom') from pgfirst.job_claim('w', array['d'], 1000) c`;
    await db.sql`select pgfirst.job_fail(c.id, 'w', 'boom') from pgfirst.job_claim('w', array['d'], 1000) c`;
    const pools = await db.connected(4);
    const moved = await Promise.all(
      pools.map(async (sql) => {
        let n = 0;
        for (;;) {
          const k = await jobRetryMany(sql, { queue: "d", maxJobs: 150 });
          if (k === 0) return n;
          n += k;
        }
      }),
    );
    expect(moved.reduce((a, b) => a + b, 0)).toBe(total);
    const [c] =
      await db.sql`select (select count(*) from pgfirst_private.job)::int as live, (select count(*) from pgfirst_private.job_dead)::int as dead`;
    expect(c).toEqual({ live: total, dead: 0 });
  });

  it("job_cancel_many racing 4 claimers: every job ends either claimed or cancelled, never both", async () => {
    await clear();
    const total = 3000;
    for (let i = 0; i < total; i += 1000)
      await jobEnqueueMany(
        db.sql,
        Array.from({ length: 1000 }, () => ({ task: "t", queue: "c" })),
      );
    const claimed = new Set<string>();
    let stop = false;
    const claimers = (await db.connected(4)).map(async (sql, i) => {
      while (!stop) {
        const jobs = await jobClaim(sql, `w${i}`, { queues: ["c"], maxJobs: 10 });
        for (const j of jobs) claimed.add(j.id);
        if (jobs.length)
          await jobComplete(
            sql,
            jobs.map((j) => j.id),
            `w${i}`,
          );
        else await sleep(2);
      }
    });
    const canceller = db.connect(1);
    let cancelled = 0;
    for (;;) {
      const n = await jobCancelMany(canceller, { queue: "c", maxJobs: 100 });
      cancelled += n;
      if (n === 0) break;
    }
    stop = true;
    await Promise.all(claimers);
    const dead = await db.sql<{ id: string }[]>`select id::text from pgfirst_private.job_dead where state = 'cancelled'`;
    expect(dead.length).toBe(cancelled);
    expect(dead.filter((d) => claimed.has(d.id))).toEqual([]);
    expect(claimed.size + cancelled).toBe(total);
  });
});

describe("job_list, job_detail, bulk retry/cancel, throughput, audit (TS helpers)", () => {
  it("lists, pages, shows a job, retries and cancels by filter, records the audit", async () => {
    await clear();
    await queueConfigure(db.sql, "arch", { keepFinished: "1 day" });
    const ids = await jobEnqueueMany(db.sql, [
      { task: "a", queue: "dead", maxAttempts: 1, payload: { n: 1 } },
      { task: "a", queue: "dead", maxAttempts: 1, payload: { n: 2 } },
      { task: "b", queue: "arch" },
      { task: "c", queue: "wait" },
    ]);
    for (const j of await jobClaim(db.sql, "w", { queues: ["dead"], maxJobs: 2 })) await jobFail(db.sql, j.id, "w", "boom");
    await jobComplete(
      db.sql,
      (await jobClaim(db.sql, "w", { queues: ["arch"] })).map((j) => j.id),
      "w",
    );

    const all = await jobList(db.sql);
    expect(all.map((r) => [r.id, r.state])).toEqual([
      [ids[3], "pending"],
      [ids[2], "done"],
      [ids[1], "dead"],
      [ids[0], "dead"],
    ]);
    expect(all[0]!.createdAt).toBeInstanceOf(Date);
    expect(all[1]!.finishedAt).toBeInstanceOf(Date);
    const page2 = await jobList(db.sql, { pageSize: 2, beforeId: all[1]!.id });
    expect(page2.map((r) => r.id)).toEqual([ids[1], ids[0]]);

    const d = await jobDetail(db.sql, ids[0]!);
    expect(d?.payload).toEqual({ n: 1 });
    expect(d?.errors.map((e) => [e.attempt, e.error, e.worker_id])).toEqual([[1, "boom", "w"]]);
    expect(await jobDetail(db.sql, "999999")).toBeNull();

    const th = await queueThroughput(db.sql, { since: "10 minutes", bucket: 60 });
    expect(th.filter((r) => r.queue === "arch").reduce((n, r) => n + r.done, 0)).toBe(1);
    expect(th.filter((r) => r.queue === "dead").reduce((n, r) => n + r.dead, 0)).toBe(2);

    expect(await jobRetryMany(db.sql, { queue: "dead", maxJobs: 1 })).toBe(1);
    expect(await jobRetryMany(db.sql, { state: "dead" })).toBe(1);
    expect(await jobCancelMany(db.sql, { queue: "dead" })).toBe(2);
    expect((await jobList(db.sql, { state: "cancelled" })).length).toBe(2);

    const audit = await auditLog(db.sql);
    expect(audit.map((a) => a.action)).toEqual(["job_cancel_many", "job_retry_many", "job_retry_many"]);
    expect(audit[0]!.detail).toMatchObject({ queue: "dead", cancelled: 2 });
    expect(typeof audit[0]!.id).toBe("string");

    const o = await dashboardOverview(db.sql);
    expect(o.queues.map((q) => q.queue)).toContain("wait");
    expect(o.capabilities.admin).toBe(true); // superuser
  });

  it("maps bad arguments to typed errors, through the facade too", async () => {
    const pg = createPgfirst(db.sql);
    await expect(pg.jobs.list({ pageSize: 0 })).rejects.toBeInstanceOf(JobPageSizeError);
    await expect(pg.jobs.list({ state: "finished" as never })).rejects.toBeInstanceOf(JobStateFilterError);
    await expect(pg.jobs.retryMany({ state: "pending" as never })).rejects.toBeInstanceOf(JobStateFilterError);
    expect(await pg.queues.pause("x")).toBe(true);
    expect(await pg.queues.resume("x")).toBe(true);
    expect((await pg.dashboard.auditLog({ pageSize: 2 })).map((a) => a.action)).toEqual(["queue_resume", "queue_pause"]);
  });
});
