/**
 * Issue 10 item 5: one job stored with run_at '-infinity' (or other extreme but legal
 * timestamps) made health(), queue_stats(), stats(), `pgfirst health` and /metrics fail
 * with 22008 until the row was gone (on PostgreSQL 15/16; 17+ has infinite intervals).
 * The rows are written as the owner — the API refuses them now (PF006) — and the reports
 * are read as pgfirst_worker and pgfirst_admin through the TypeScript helpers and the CLI.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueStats } from "../src/job.ts";
import { scrapeMetrics } from "../src/metrics.ts";
import { packageRoot } from "../src/paths.ts";
import { health, stats } from "../src/schedule.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { run } from "./support/empty-db.ts";

const bin = path.join(packageRoot, "bin", "pgfirst.mjs");
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "DATABASE_URL"));

describe("reports survive extreme stored timestamps", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.sql`
      insert into pgfirst_private.job (queue, task, payload, run_at, created_at, updated_at)
      values ('extreme', 't', '{}', '-infinity', now(), now()),
             ('extreme', 't', '{}', '0001-01-01 00:00+00', now(), now()),
             ('extreme', 't', '{}', 'infinity', now(), now())`;
    await db.sql`insert into pgfirst_private.maintenance_run (at, result) values ('0001-01-01 00:00+00', '{}')`;
  });
  afterAll(async () => {
    await db?.drop();
  });

  for (const role of ["pgfirst_worker", "pgfirst_admin"]) {
    it(`health, queue_stats, stats and the metrics scrape work as ${role}`, async () => {
      const sql = db.connect(1);
      await sql.unsafe(`set role ${role}`);
      const checks = await health(sql);
      expect(checks.find((c) => c.check === "oldest_pending_job")?.status).toBe("crit");
      const queues = await queueStats(sql);
      expect(queues.find((q) => q.queue === "extreme")?.pending).toBe(2);
      const snapshot = await stats(sql);
      expect(JSON.stringify(snapshot)).toContain('"extreme"');
      const text = await scrapeMetrics(sql);
      expect(text).toMatch(/pgfirst_queue_oldest_pending_seconds\{queue="extreme"\} \d/);
      expect(text).toMatch(/^pgfirst_up 1$/m);
      await sql.end();
    });
  }

  it("`pgfirst health --json` reports crit (exit 2) instead of failing", async () => {
    const r = await run(process.execPath, [bin, "health", "--json", "--database-url", db.url], { cwd: packageRoot, env });
    expect(r.code, r.stderr).toBe(2);
    const rows = JSON.parse(r.stdout) as { check: string; status: string }[];
    expect(rows.find((c) => c.check === "oldest_pending_job")?.status).toBe("crit");
  });
});
