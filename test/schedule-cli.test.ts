/**
 * `pgfirst schedule …` and `pgfirst health` as scripts use them: child processes, exit codes, --json.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/cli/types.ts";
import { packageRoot } from "../src/paths.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { run } from "./support/empty-db.ts";

const bin = path.join(packageRoot, "bin", "pgfirst.mjs");
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "DATABASE_URL"));

let db: TestDatabase;
const pgfirst = (...args: string[]) => run(process.execPath, [bin, ...args, "--database-url", db.url], { cwd: packageRoot, env });

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("pgfirst schedule", () => {
  it("set, list --json, next and delete; bad input exits 1 with the PF code", async () => {
    const set = await pgfirst(
      "schedule",
      "set",
      "nightly",
      "make_report",
      "--cron",
      "30 2 * * *",
      "--timezone",
      "America/New_York",
      "--payload",
      '{"format":"pdf"}',
      "--json",
    );
    expect(set.code, set.stderr).toBe(EXIT.ok);
    const list = await pgfirst("schedule", "list", "--json");
    expect(list.code, list.stderr).toBe(EXIT.ok);
    expect(JSON.parse(list.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "nightly", spec: "30 2 * * *", timezone: "America/New_York" })]),
    );
    const next = await pgfirst(
      "schedule",
      "next",
      "--cron",
      "30 2 * * *",
      "--timezone",
      "America/New_York",
      "--after",
      "2024-03-09T12:00:00Z",
      "--count",
      "2",
      "--json",
    );
    expect(JSON.parse(next.stdout)).toEqual(["2024-03-10T07:30:00.000Z", "2024-03-11T06:30:00.000Z"]);
    const bad = await pgfirst("schedule", "set", "x", "t", "--cron", "@reboot");
    expect(bad.code).toBe(EXIT.failure);
    expect(bad.stderr).toContain("[PF502]");
    expect((await pgfirst("schedule", "delete", "nightly")).code).toBe(EXIT.ok);
    expect((await pgfirst("schedule", "delete", "nightly")).code).toBe(EXIT.failure);
  }, 60_000);
});

describe("pgfirst health", () => {
  it("exits 1 on a warning and 2 on a critical check", async () => {
    await db.sql`select pgfirst.maintenance()`;
    await db.sql`delete from pgfirst_private.schedule`;
    const ok = await pgfirst("health", "--json");
    const rows = JSON.parse(ok.stdout) as { check: string; status: string }[];
    const worst = rows.some((r) => r.status === "crit") ? EXIT.crit : rows.some((r) => r.status === "warn") ? EXIT.failure : EXIT.ok;
    expect(ok.code).toBe(worst);
    // a schedule an hour overdue: crit
    await db.sql`select pgfirst.schedule_set(name => 'late', task => 't', every => '1 minute', now => now() - interval '1 hour')`;
    const crit = await pgfirst("health");
    expect(crit.code).toBe(EXIT.crit);
    expect(crit.stdout).toMatch(/schedules_overdue\s+crit/);
    // overdue by 5 minutes (past the 2-minute grace, under the 15-minute crit threshold): warn
    await db.sql`update pgfirst_private.schedule set next_run = now() - interval '5 minutes' where name = 'late'`;
    const warn = await pgfirst("health", "--json");
    expect(JSON.parse(warn.stdout).find((r: { check: string }) => r.check === "schedules_overdue").status).toBe("warn");
    if (!JSON.parse(warn.stdout).some((r: { status: string }) => r.status === "crit")) expect(warn.code).toBe(EXIT.failure);
  }, 60_000);
});

describe("pgfirst stats --watch", () => {
  it("stops quietly with exit 0 when its reader closes the pipe (| head)", async () => {
    const child = spawn(process.execPath, [bin, "stats", "--watch", "--interval", "0.2", "--database-url", db.url], {
      cwd: packageRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = once(child, "exit");
    await once(child.stdout, "data");
    child.stdout.destroy(); // like `head` exiting after its first lines
    const [code] = (await exited) as [number | null];
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(EXIT.ok);
  }, 60_000);
});
