/**
 * `pgfirst worker --tasks` as a real process: runs jobs from a task file and, on SIGTERM,
 * stops claiming, lets the running job finish, and exits 0. `pgfirst jobs …` subcommands.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { spawn, execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { jobEnqueue, jobGet } from "../src/job.ts";

let db: TestDatabase;
beforeAll(async () => { db = await createTestDatabase(); });
afterAll(async () => { await db?.drop(); });

const bin = path.resolve("bin/pgfirst.mjs");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("pgfirst worker runs the task file and finishes the running job on SIGTERM", async () => {
  const id = await jobEnqueue(db.sql, "cli.slow", { ms: 1500 });
  const child = spawn(process.execPath, [bin, "worker", "--tasks", path.resolve("test/fixtures/jobs/tasks.ts"), "--concurrency", "2", "--quiet"], {
    env: { ...process.env, DATABASE_URL: db.url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const until = Date.now() + 30_000;
  while (!out.includes(`running ${id}`)) {
    if (Date.now() > until) throw new Error(`worker did not start the job: ${out}`);
    await sleep(50);
  }
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(out).toContain("stopped: 1 completed");
  expect(await jobGet(db.sql, id)).toBeNull(); // completed, not handed back
}, 60_000);

it("pgfirst jobs stats / cancel / retry", async () => {
  const run = (...args: string[]) => promisify(execFile)(process.execPath, [bin, ...args, "--json"], { env: { ...process.env, DATABASE_URL: db.url } });
  const id = await jobEnqueue(db.sql, "cli.other", {}, { queue: "cli_q" });
  const stats = JSON.parse((await run("jobs", "stats")).stdout) as { queue: string; pending: number }[];
  expect(stats.find((s) => s.queue === "cli_q")?.pending).toBe(1);
  expect(JSON.parse((await run("jobs", "cancel", id)).stdout)).toEqual({ id, cancelled: true });
  expect((await jobGet(db.sql, id))?.state).toBe("cancelled");
  expect(JSON.parse((await run("jobs", "retry", id)).stdout)).toEqual({ id, retried: true });
  expect((await jobGet(db.sql, id))?.state).toBe("pending");
}, 60_000);
