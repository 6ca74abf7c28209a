/**
 * Dependencies, workflows and results with real connections: 16 claimers on their own
 * pools run diamonds and chords (no step twice, none before its dependencies completed,
 * callbacks see every result in order), the TS worker stores handler return values, and
 * waitForResult wakes on NOTIFY or polls.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import {
  chain,
  chord,
  group,
  jobClaim,
  jobComplete,
  jobEnqueue,
  jobResult,
  JobWaitTimeoutError,
  step,
  waitForResult,
  workflowEnqueue,
  workflowStatus,
} from "../src/job.ts";
import { Worker, silentLogger } from "../src/worker.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("workflows under 16 concurrent claimers", () => {
  it("diamonds and chords: every step once, never before its dependencies, callbacks see all results in order", async () => {
    const diamonds = 40;
    const chords = 10;
    const members = 12;
    // job id -> ids it depends on, and the expected parent_results of each callback
    const parents = new Map<string, string[]>();
    for (let d = 0; d < diamonds; d++) {
      // A -> (B, C) -> D
      const steps = await workflowEnqueue(db.sql, chain(step("a", { d }), group(step("b", { d }), step("c", { d })), step("d", { d })));
      const [a, b, c, dd] = steps.map((s) => s.jobId) as [string, string, string, string];
      parents.set(a, []);
      parents.set(b, [a]);
      parents.set(c, [a]);
      parents.set(dd, [b, c]);
    }
    const callbacks: string[] = [];
    for (let k = 0; k < chords; k++) {
      const steps = await workflowEnqueue(
        db.sql,
        chord(
          Array.from({ length: members }, (_, i) => step("m", { i })),
          step("cb", { k }),
        ),
      );
      const ids = steps.map((s) => s.jobId);
      const cb = ids[ids.length - 1]!;
      for (const m of ids.slice(0, -1)) parents.set(m, []);
      parents.set(cb, ids.slice(0, -1));
      callbacks.push(cb);
    }
    const total = parents.size;

    const claims = new Map<string, number>();
    const completing = new Set<string>(); // marked BEFORE job_complete is sent
    const early: string[] = [];
    const wrongResults: string[] = [];
    const claimers = Array.from({ length: 16 }, () => db.connect(1));
    const deadline = Date.now() + 60_000;
    try {
      await Promise.all(
        claimers.map(async (sql, n) => {
          const worker = `claimer-${n}`;
          while (claims.size < total && Date.now() < deadline) {
            const jobs = await jobClaim(sql, worker, { maxJobs: 2 });
            if (jobs.length === 0) {
              await sleep(2);
              continue;
            }
            for (const j of jobs) {
              claims.set(j.id, (claims.get(j.id) ?? 0) + 1);
              const deps = parents.get(j.id) ?? [];
              if (deps.some((p) => !completing.has(p))) early.push(j.id);
              const got = (j.payload as { parent_results?: unknown[] }).parent_results;
              if (deps.length > 0 && JSON.stringify(got) !== JSON.stringify(deps.map((p) => ({ from: p })))) {
                wrongResults.push(j.id);
              }
            }
            await sleep(Math.random() * 3); // let completions of siblings overlap
            for (const j of jobs) completing.add(j.id);
            // every job's result names it, so a callback can check order and completeness
            const done = await jobComplete(
              sql,
              jobs.map((j) => j.id),
              worker,
              { attempts: jobs.map((j) => j.attempt), results: jobs.map((j) => ({ from: j.id })) },
            );
            expect(done).toBe(jobs.length);
          }
        }),
      );
    } finally {
      await Promise.all(claimers.map((c) => c.end()));
    }
    expect(claims.size).toBe(total);
    expect([...claims.values()].every((n) => n === 1)).toBe(true);
    expect(early).toEqual([]);
    expect(wrongResults).toEqual([]);
    const [left] = await db.sql<{ n: number }[]>`select count(*)::int as n from pgfirst_private.job`;
    expect(left!.n).toBe(0);
    for (const cb of callbacks) {
      const r = await jobResult(db.sql, cb);
      expect(r?.state).toBe("done");
    }
  }, 90_000);
});

describe("results", () => {
  it("the TS worker stores handler return values; a chord callback sees them all; workflowStatus reports it", async () => {
    const steps = await workflowEnqueue(
      db.sql,
      chord(
        [1, 2, 3, 4].map((x) => step("square", { x })),
        step("sum", {}, { name: "total" }),
      ),
      { name: "sum of squares" },
    );
    const sql = db.connect(4);
    const w = new Worker({
      sql,
      logger: silentLogger,
      pollIntervalMs: 50,
      reapIntervalMs: 0,
      scheduleTickIntervalMs: 0,
      tasks: {
        square: (p: { x: number }) => p.x * p.x,
        sum: (p: { parent_results: number[] }) => ({ sum: p.parent_results.reduce((a, b) => a + b, 0), seen: p.parent_results }),
      },
    });
    await w.start();
    try {
      const cb = steps[steps.length - 1]!.jobId;
      const r = await waitForResult(db.sql, cb, { timeout: 15_000 });
      expect(r?.state).toBe("done");
      expect(r?.result).toEqual({ sum: 30, seen: [1, 4, 9, 16] });
      const status = await workflowStatus(db.sql, steps[0]!.workflowId);
      expect(status.map((s) => s.state)).toEqual(["done", "done", "done", "done", "done"]);
      expect(status[0]!.workflowState).toBe("done");
      expect(status[4]!.stepName).toBe("total");
      expect(status[0]!.groupDone).toBe(4);
    } finally {
      await w.stop();
      await sql.end();
    }
  });

  it("waitForResult wakes on the result channel, polls without LISTEN, and times out", async () => {
    const id = await jobEnqueue(db.sql, "slow");
    const listenPool = db.connect(2);
    try {
      const started = Date.now();
      const waiting = waitForResult(listenPool, id, { timeout: 10_000, pollMs: 5_000 });
      await sleep(300);
      const [job] = await jobClaim(db.sql, "w");
      await jobComplete(db.sql, [job!.id], "w", { results: [{ ok: true }] });
      const r = await waiting;
      expect(r?.result).toEqual({ ok: true });
      expect(Date.now() - started).toBeLessThan(4_000); // the NOTIFY, not the 5 s poll, woke it

      const id2 = await jobEnqueue(db.sql, "slow");
      const polling = waitForResult(listenPool, id2, { timeout: 10_000, pollMs: 50, listen: false });
      const [job2] = await jobClaim(db.sql, "w");
      await jobComplete(db.sql, [job2!.id], "w"); // no result: no notification at all
      expect((await polling)?.state).toBe("done");

      const id3 = await jobEnqueue(db.sql, "never");
      await expect(waitForResult(listenPool, id3, { timeout: 200, pollMs: 50 })).rejects.toBeInstanceOf(JobWaitTimeoutError);
    } finally {
      await listenPool.end();
    }
  });
});
