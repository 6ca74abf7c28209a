/**
 * The `pgfirst` CLI as scripts use it: a child process, its exit code and its --json output.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle } from "../src/bundle.ts";
import { commands } from "../src/cli/commands.ts";
import { EXIT } from "../src/cli/types.ts";
import { expectedVersion } from "../src/migrate.ts";
import { packageRoot } from "../src/paths.ts";
import { createEmptyDatabase, run, type EmptyDatabase } from "./support/empty-db.ts";

const bin = path.join(packageRoot, "bin", "pgfirst.mjs");
/** The environment without DATABASE_URL: every database is chosen by the test. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "DATABASE_URL"));
const pgfirst = (args: string[], cwd = packageRoot) => run(process.execPath, [bin, ...args], { cwd, env });

describe("pgfirst CLI against a database", () => {
  let db: EmptyDatabase;
  let tmp: string;

  beforeAll(async () => {
    db = await createEmptyDatabase("cli");
    tmp = mkdtempSync(path.join(os.tmpdir(), "pgfirst-cli-"));
  });
  afterAll(async () => {
    await db?.drop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("status --json exits 3 on a database without pgfirst", async () => {
    const r = await pgfirst(["status", "--json", "--database-url", db.url]);
    expect(r.code, r.stderr).toBe(EXIT.schema);
    expect(JSON.parse(r.stdout)).toMatchObject({ installed: null, expected: expectedVersion(), state: "missing" });
  });

  it("health refuses an unmigrated database with exit 3", async () => {
    const r = await pgfirst(["health", "--json", "--database-url", db.url]);
    expect(r.code).toBe(EXIT.schema);
    expect(r.stderr).toContain("pgfirst migrate");
  });

  it("migrate installs pgfirst (exit 0), after which status --json exits 0", async () => {
    const m = await pgfirst(["migrate", "--database-url", db.url]);
    expect(m.code, m.stderr).toBe(EXIT.ok);
    const s = await pgfirst(["status", "--json", "--database-url", db.url]);
    expect(s.code, s.stderr).toBe(EXIT.ok);
    expect(JSON.parse(s.stdout)).toMatchObject({ installed: expectedVersion(), state: "current", pending: [] });
  });

  it("health --json prints the checks; the exit code is the worst status (0 ok, 1 warn, 2 crit)", async () => {
    const r = await pgfirst(["health", "--json", "--database-url", db.url]);
    const rows = JSON.parse(r.stdout) as { check: string; status: string }[];
    expect(rows.map((x) => x.check)).toEqual(expect.arrayContaining(["schema_version", "roles", "settings"]));
    const worst = rows.some((x) => x.status === "crit") ? EXIT.crit : rows.some((x) => x.status === "warn") ? EXIT.failure : EXIT.ok;
    expect(r.code).toBe(worst);
    expect(rows.find((x) => x.check === "schema_version")?.status).toBe("ok");
  });

  it("bundle --out writes the bundle where asked", async () => {
    const out = path.join(tmp, "nested", "pgfirst.sql");
    const r = await pgfirst(["bundle", "--json", "--out", out]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: out, version: expectedVersion() });
    expect(readFileSync(out, "utf8")).toBe(buildBundle().text);
  });
});

describe("pgfirst CLI usage", () => {
  it("exits 64 on an unknown command", async () => {
    const r = await pgfirst(["no-such-command"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain("no-such-command");
  });

  it("exits 64 on an unknown option", async () => {
    const r = await pgfirst(["status", "--no-such-option"]);
    expect(r.code).toBe(EXIT.usage);
  });

  it("prints --help for every command with exit 0", async () => {
    const results = await Promise.all(commands.map(async (c) => ({ name: c.name, r: await pgfirst([c.name, "--help"]) })));
    for (const { name, r } of results) {
      expect(r.code, `${name} --help`).toBe(EXIT.ok);
      expect(r.stdout, `${name} --help`).toContain(`pgfirst ${name}`);
    }
  });
});

describe("npm start (embedded default, no DATABASE_URL)", () => {
  let cwd: string;
  beforeAll(() => {
    cwd = mkdtempSync(path.join(os.tmpdir(), "pgfirst-start-"));
  });
  afterAll(() => {
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it("exits 0 twice in a row in the same working directory, leaving no server running", async () => {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe("node bin/pgfirst.mjs demo"); // what this test runs, from another directory
    for (const attempt of [1, 2]) {
      const r = await run(process.execPath, [bin, "demo"], { cwd, env, timeoutMs: 180_000 });
      expect(r.code, `npm start #${attempt}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(`pgfirst schema ${expectedVersion()}`);
      expect(existsSync(path.join(cwd, ".pgfirst", "data", "PG_VERSION"))).toBe(true);
      expect(existsSync(path.join(cwd, ".pgfirst", "data", "postmaster.pid")), "the cluster was stopped on exit").toBe(false);
    }
  }, 240_000);
});
