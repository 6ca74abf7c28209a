/**
 * Fault test on a cluster of our own: the server is stopped and restarted under load
 * (producers enqueueing, two workers running jobs). No committed job is lost; workers and
 * producers reconnect by themselves and finish. Runs on a private embedded cluster even
 * when DATABASE_URL is set, because it must stop the server.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createSql, type PoolSql as Sql } from "../src/db.ts";
import { startEmbedded, type EmbeddedCluster } from "../src/embedded.ts";
import { runGraphileMigrate } from "../src/migrate.ts";
import { jobEnqueue } from "../src/job.ts";
import { Worker, silentLogger } from "../src/worker.ts";

let dir: string;
let cluster: EmbeddedCluster | undefined;
let url: string;
const pools: Sql[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "pgfirst-restart-"));
  cluster = await startEmbedded({ dir, persistent: true });
  const admin = createSql(cluster.url("postgres"), {}, 1);
  await admin`create database jobs_restart`;
  await admin.end();
  url = cluster.url("jobs_restart");
  const m = await runGraphileMigrate(["migrate"], { databaseUrl: url });
  expect(m.code, m.stderr).toBe(0);
  if (/^\s*[^-\s]/m.test(readFileSync("migrations/current.sql", "utf8"))) {
    const w = await runGraphileMigrate(["watch", "--once"], { databaseUrl: url });
    expect(w.code, w.stderr).toBe(0);
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end({ timeout: 1 }).catch(() => {})));
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("stopping and restarting the server under load loses no committed job", async () => {
  const pool = (max: number) => { const p = createSql(url, { connect_timeout: 2 }, max); pools.push(p); return p; };
  const ran = new Set<string>();
  const tasks = { "restart.job": (_p: unknown, ctx: { job: { id: string } }) => { ran.add(ctx.job.id); } };
  const workers = [0, 1].map(() => new Worker({
    sql: pool(3), tasks, logger: silentLogger, concurrency: 8, leaseSeconds: 2,
    pollIntervalMs: 100, reapIntervalMs: 300,
  }));
  for (const w of workers) await w.start();

  const committed: string[] = [];
  let producing = true;
  let failures = 0;
  const producers = [0, 1].map(async () => {
    const p = pool(1);
    while (producing) {
      try {
        committed.push(await jobEnqueue(p, "restart.job"));
      } catch {
        failures++; // the server is down: this enqueue did not commit (or we cannot know: not counted)
        await sleep(100);
      }
    }
  });

  // Load phases are counted in committed jobs, not milliseconds: a loaded CI machine may
  // commit only a few jobs per 100 ms.
  const atLeast = async (n: number) => {
    const until = Date.now() + 60_000;
    while (committed.length < n && Date.now() < until) await sleep(50);
  };
  await atLeast(60);
  const port = cluster!.port;
  await cluster!.stop();
  await sleep(1000);
  cluster = await startEmbedded({ dir, persistent: true, port });
  const beforeRestart = committed.length;
  await atLeast(beforeRestart + 30);
  producing = false;
  await Promise.all(producers);

  expect(failures).toBeGreaterThan(0); // the outage really happened under load
  const check = pool(1);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [r] = await check<{ n: number }[]>`select count(*)::int as n from pgfirst_private.job`;
    if (r!.n === 0 && committed.every((id) => ran.has(id))) break;
    if (Date.now() > deadline) throw new Error(`left: ${r!.n} live, ${committed.filter((id) => !ran.has(id)).length} committed not run`);
    await sleep(100);
  }
  for (const w of workers) await w.stop();
  expect(committed.length).toBeGreaterThan(beforeRestart); // enqueues committed after the restart too
  expect(committed.every((id) => ran.has(id))).toBe(true);
}, 180_000);
