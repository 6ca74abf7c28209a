/**
 * The "any language" claim, executed: examples/python/worker.py (psycopg 3, plain SQL calls)
 * drains real jobs as role pgfirst_worker, retries a failing job until it is dead, and stops
 * with exit status 0 on SIGTERM. The doc's Python example must be that very file.
 * Skips (with the reason) when no python3 with psycopg 3 is installed; CI installs
 * Debian's python3-psycopg in .ci/run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { chord, jobEnqueue, jobGet, jobResult, step, workflowEnqueue, workflowStatus } from "../src/job.ts";

const workerFile = path.resolve("examples/python/worker.py");

/** The first python3 that can import psycopg 3 (a pyenv shim may shadow Debian's /usr/bin/python3). */
function findPython(): { python?: string; reason: string } {
  const tried: string[] = [];
  for (const candidate of ["python3", "/usr/bin/python3"]) {
    const r = spawnSync(candidate, ["-c", "import psycopg; print(psycopg.__version__)"], { encoding: "utf8" });
    if (r.status === 0) return { python: candidate, reason: "" };
    tried.push(`${candidate}: ${r.error ? r.error.message : (r.stderr.trim().split("\n").pop() ?? `exit ${r.status}`)}`);
  }
  return { reason: `no python3 with psycopg 3 (apt-get install python3-psycopg) — ${tried.join("; ")}` };
}
const { python, reason } = findPython();

describe("docs/worker-protocol.md", () => {
  it("shows examples/python/worker.py verbatim as its Python example", () => {
    const doc = readFileSync("docs/worker-protocol.md", "utf8");
    const section = doc.slice(doc.indexOf("## Python example"));
    const block = /```python\n([\s\S]*?)```/.exec(section);
    expect(block, "a ```python block under ## Python example").not.toBeNull();
    expect(block![1]).toBe(readFileSync(workerFile, "utf8"));
  });
});

if (!python) console.warn(`python-worker.test.ts: skipping the Python worker run: ${reason}`);

describe.skipIf(!python)(`examples/python/worker.py (${python ? python : reason})`, () => {
  let db: TestDatabase;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await db?.drop();
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  async function until(cond: () => Promise<boolean>, ms: number, what: string): Promise<void> {
    const end = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error(`not reached within ${ms} ms: ${what}`);
      await sleep(100);
    }
  }

  it("drains the queue as pgfirst_worker: good jobs once, a failing job retried then dead, exit 0 on SIGTERM", async () => {
    const recipients = Array.from({ length: 12 }, (_, i) => `user${i}@example.com`);
    const good = await Promise.all(recipients.map((to) => jobEnqueue(db.sql, "send_email", { to })));
    // No "to": the task raises KeyError. Two attempts: the retry waits for the backoff (job.backoff_base, 2 s ± jitter).
    const bad = await jobEnqueue(db.sql, "send_email", { subject: "no recipient" }, { maxAttempts: 2 });
    const unknown = await jobEnqueue(db.sql, "no_such_task", {}, { maxAttempts: 1 });

    // The worker connects as superuser but acts as pgfirst_worker: its grants must suffice.
    const url = new URL(db.url);
    url.search += `${url.search ? "&" : "?"}options=${encodeURIComponent("-c role=pgfirst_worker")}`; // not "+" for space: libpq
    let out = "";
    let err = "";
    child = spawn(python!, [workerFile], {
      env: { ...process.env, DATABASE_URL: url.toString() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (err += d));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child!.on("exit", (code, signal) => resolve({ code, signal })),
    );

    try {
      await until(
        async () => {
          if (child!.exitCode !== null) throw new Error(`worker exited early (${child!.exitCode}): ${err}`);
          const [r] = await db.sql<{ live: number }[]>`
          select count(*)::int as live from pgfirst_private.job where state not in ('dead', 'cancelled')`;
          return r!.live === 0 && (await jobGet(db.sql, bad))?.state === "dead";
        },
        45_000,
        "queue drained and the failing job dead",
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}\nworker stderr:\n${err}`);
    }

    // Every good job ran exactly once (one line per run) and was completed (gone from the queue).
    for (const to of recipients) {
      expect(
        out.split("\n").filter((line) => line === `sending to ${to}`),
        to,
      ).toHaveLength(1);
    }
    for (const id of good) expect(await jobGet(db.sql, id), `job ${id}`).toBeNull();

    const failed = await jobGet(db.sql, bad);
    expect(failed).toMatchObject({ state: "dead", attempt: 2, maxAttempts: 2 });
    expect(failed!.lastError).toMatch(/KeyError: 'to'/);
    expect(err).toContain(`job ${bad} attempt 1 failed -> failed`);
    expect(err).toContain(`job ${bad} attempt 2 failed -> dead`);

    const missing = await jobGet(db.sql, unknown);
    expect(missing).toMatchObject({ state: "dead", attempt: 1 });
    expect(missing!.lastError).toMatch(/KeyError: 'no_such_task'/);

    child.kill("SIGTERM");
    const exit = await Promise.race([exited, sleep(15_000).then(() => ({ code: null, signal: "timeout" }))]);
    expect(exit, `worker stderr:\n${err}`).toEqual({ code: 0, signal: null });
    expect(err).toContain("stopped");
  });

  it("runs a chord: members store their results, the callback sees them all in order", async () => {
    await db.sql`truncate pgfirst_private.job, pgfirst_private.job_dead`;
    const steps = await workflowEnqueue(
      db.sql,
      chord(
        [1, 2, 3, 4, 5].map((x) => step("square", { x })),
        step("total", {}, { name: "total" }),
      ),
    );
    const callback = steps[steps.length - 1]!.jobId;
    const url = new URL(db.url);
    url.search += `${url.search ? "&" : "?"}options=${encodeURIComponent("-c role=pgfirst_worker")}`;
    let out = "";
    let err = "";
    const w = spawn(python!, [workerFile], { env: { ...process.env, DATABASE_URL: url.toString() }, stdio: ["ignore", "pipe", "pipe"] });
    child = w;
    w.stdout!.on("data", (d) => (out += d));
    w.stderr!.on("data", (d) => (err += d));
    const exited = new Promise<{ code: number | null }>((resolve) => w.on("exit", (code) => resolve({ code })));
    try {
      await until(async () => (await jobResult(db.sql, callback))?.state === "done", 30_000, `the chord callback done\n${err}`);
      expect((await jobResult(db.sql, callback))?.result).toEqual({ sum: 55 });
      expect(out).toContain("total of [1, 4, 9, 16, 25]");
      const status = await workflowStatus(db.sql, steps[0]!.workflowId);
      expect(status.map((s) => s.result)).toEqual([1, 4, 9, 16, 25, { sum: 55 }]);
      expect(status[0]!.workflowState).toBe("done");
    } finally {
      w.kill("SIGTERM");
      await Promise.race([exited, sleep(15_000)]);
    }
  });

  it("claims only the queues in PGFIRST_QUEUES (job_claim's queues argument)", async () => {
    await db.sql`truncate pgfirst_private.job, pgfirst_private.job_dead`;
    const mail = await jobEnqueue(db.sql, "send_email", { to: "mail@example.com" }, { queue: "mail" });
    const other = await jobEnqueue(db.sql, "send_email", { to: "other@example.com" }, { queue: "reports" });
    const url = new URL(db.url);
    url.search += `${url.search ? "&" : "?"}options=${encodeURIComponent("-c role=pgfirst_worker")}`;
    let out = "";
    let err = "";
    const w = spawn(python!, [workerFile], {
      env: { ...process.env, DATABASE_URL: url.toString(), PGFIRST_QUEUES: "mail" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = w;
    w.stdout!.on("data", (d) => (out += d));
    w.stderr!.on("data", (d) => (err += d));
    const exited = new Promise<{ code: number | null }>((resolve) => w.on("exit", (code) => resolve({ code })));
    try {
      await until(async () => (await jobGet(db.sql, mail)) === null, 30_000, "the mail job done");
      await sleep(1_500); // a poll or two more: the other queue's job must stay
      expect((await jobGet(db.sql, other))?.state, err).toBe("pending");
      expect(out).toContain("sending to mail@example.com");
      expect(out).not.toContain("other@example.com");
    } finally {
      w.kill("SIGTERM");
      await Promise.race([exited, sleep(15_000)]);
    }
  });
});
