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
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const bin = path.resolve("bin/pgfirst.mjs");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("pgfirst worker runs the task file and finishes the running job on SIGTERM", async () => {
  const id = await jobEnqueue(db.sql, "cli.slow", { ms: 1500 });
  // A .ts task file needs a TypeScript loader: the documented `--import tsx`.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", bin, "worker", "--tasks", path.resolve("test/fixtures/jobs/tasks.ts"), "--concurrency", "2", "--quiet"],
    {
      env: { ...process.env, DATABASE_URL: db.url },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
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
  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, [bin, ...args, "--json"], { env: { ...process.env, DATABASE_URL: db.url } });
  const id = await jobEnqueue(db.sql, "cli.other", {}, { queue: "cli_q" });
  const stats = JSON.parse((await run("jobs", "stats")).stdout) as { queue: string; pending: number }[];
  expect(stats.find((s) => s.queue === "cli_q")?.pending).toBe(1);
  expect(JSON.parse((await run("jobs", "cancel", id)).stdout)).toEqual({ id, cancelled: true });
  expect((await jobGet(db.sql, id))?.state).toBe("cancelled");
  expect(JSON.parse((await run("jobs", "retry", id)).stdout)).toEqual({ id, retried: true });
  expect((await jobGet(db.sql, id))?.state).toBe("pending");
}, 60_000);

it("pgfirst jobs list / show / retry --state / cancel by filter, queue pause / resume", async () => {
  const env = { ...process.env, DATABASE_URL: db.url };
  const run = (...args: string[]) => promisify(execFile)(process.execPath, [bin, ...args, "--json"], { env });
  const runFail = async (...args: string[]) => {
    try {
      await promisify(execFile)(process.execPath, [bin, ...args], { env });
      return { code: 0, stderr: "" };
    } catch (e) {
      const err = e as { code: number; stderr: string };
      return { code: err.code, stderr: err.stderr };
    }
  };
  const dead = await jobEnqueue(db.sql, "cli.dead", { n: 1 }, { queue: "cli_list", maxAttempts: 1 });
  const waiting = await jobEnqueue(db.sql, "cli.wait", {}, { queue: "cli_list" });
  const [claimed] = await db.sql`select id::text from pgfirst.job_claim('w', array['cli_list'], 1)`;
  expect(claimed?.id).toBe(dead);
  await db.sql`select pgfirst.job_fail(${dead}::bigint, 'w', 'boom')`;

  const list = JSON.parse((await run("jobs", "list", "--queue", "cli_list")).stdout) as { id: string; state: string }[];
  expect(list.map((r) => [r.id, r.state])).toEqual([
    [waiting, "pending"],
    [dead, "dead"],
  ]);
  const page = JSON.parse((await run("jobs", "list", "--queue", "cli_list", "--limit", "1", "--before", waiting)).stdout) as {
    id: string;
  }[];
  expect(page.map((r) => r.id)).toEqual([dead]);
  expect(JSON.parse((await run("jobs", "list", "--state", "dead", "--queue", "cli_list")).stdout)).toHaveLength(1);

  const show = JSON.parse((await run("jobs", "show", dead)).stdout) as { payload: unknown; errors: { error: string }[] };
  expect(show.payload).toEqual({ n: 1 });
  expect(show.errors.map((e) => e.error)).toEqual(["boom"]);
  const table = (await promisify(execFile)(process.execPath, [bin, "jobs", "show", dead], { env })).stdout;
  expect(table).toContain("boom");
  expect(await runFail("jobs", "show", "999999999")).toMatchObject({ code: 1 });

  expect(JSON.parse((await run("jobs", "retry", "--state", "dead", "--queue", "cli_list")).stdout)).toEqual({ retried: 1 });
  expect(JSON.parse((await run("jobs", "cancel", "--queue", "cli_list", "--max", "1")).stdout)).toEqual({ cancelled: 1 });
  expect(JSON.parse((await run("queue", "pause", "cli_list")).stdout)).toEqual({ queue: "cli_list", paused: true, changed: true });
  expect(JSON.parse((await run("queue", "pause", "cli_list")).stdout)).toEqual({ queue: "cli_list", paused: true, changed: false });
  expect(JSON.parse((await run("queue", "resume", "cli_list")).stdout)).toEqual({ queue: "cli_list", paused: false, changed: true });

  // usage errors: one line, exit 64
  for (const args of [
    ["jobs", "retry"],
    ["jobs", "retry", "1", "--state", "dead"],
    ["jobs", "cancel"],
    ["jobs", "list", "--state", "finished"],
    ["jobs", "list", "--limit", "0"],
  ]) {
    const r = await runFail(...args);
    expect(r.code, args.join(" ")).toBe(64);
    expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
  }
  // a database bound: one line with the PF code, exit 1
  const big = await runFail("jobs", "list", "--limit", "5000");
  expect(big.code).toBe(1);
  expect(big.stderr).toContain("PF418");
}, 90_000);
