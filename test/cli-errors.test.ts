/**
 * Every CLI error of issue 12 prints ONE line on stderr (no stack trace) and exits with the
 * code docs/cli.md documents. Runs the built CLI (dist/ on plain Node), as an installed
 * package would.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/cli/types.ts";
import { packageRoot } from "../src/paths.ts";
import { bin, cliEnv, ensureBuilt, pgfirstBuilt } from "./support/built-cli.ts";
import { createTestDatabase, testServer, type TestDatabase } from "./support/db.ts";
import type { ProcResult } from "./support/empty-db.ts";

let db: TestDatabase;
let tmp: string;
const servers: net.Server[] = [];

beforeAll(async () => {
  await ensureBuilt();
  db = await createTestDatabase();
  tmp = mkdtempSync(path.join(os.tmpdir(), "pgfirst-cli-errors-"));
}, 300_000);
afterAll(async () => {
  for (const s of servers) s.close();
  await db?.drop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A loopback TCP server (accepts and stays silent), or a port that nothing listens on. */
async function listening(): Promise<number> {
  const s = net.createServer(() => {});
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return (s.address() as net.AddressInfo).port;
}
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function expectOneLine(r: ProcResult, code: number, ...contains: (string | RegExp)[]): void {
  const why = `exit ${r.code}\nstderr: ${r.stderr}\nstdout: ${r.stdout}`;
  expect(r.code, why).toBe(code);
  const lines = r.stderr.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("… "));
  expect(lines, why).toHaveLength(1);
  expect(r.stderr, why).not.toMatch(/^\s+at /m);
  expect(lines[0], why).toMatch(/^pgfirst( [a-z]+)*: /);
  for (const c of contains) expect(lines[0], why).toMatch(c);
}

const url = () => db.url;
const server = () => new URL(testServer().adminUrl);

describe("usage errors: one line, exit 64", () => {
  it.each([
    ["jobs retry abc", ["jobs", "retry", "abc"], /numeric job id/],
    ["worker --concurrency abc", ["worker", "--concurrency", "abc"], /--concurrency.*positive integer/],
    ["a bad JSON payload", ["schedule", "set", "n", "t", "--every", "1 minute", "--payload", "{bad"], /--payload.*JSON object/],
    ["a payload that is not an object", ["schedule", "set", "n", "t", "--every", "1 minute", "--payload", "[1]"], /JSON object/],
    ["a bad date (--run-at)", ["jobs", "retry", "1", "--run-at", "yesterday-ish"], /--run-at.*ISO 8601/],
    ["a bad date (--after)", ["schedule", "next", "--cron", "* * * * *", "--after", "13/45/2024"], /--after.*ISO 8601/],
    ["schedule next --count abc", ["schedule", "next", "--cron", "* * * * *", "--count", "abc"], /--count.*positive integer/],
    ["schedule next --count 0", ["schedule", "next", "--cron", "* * * * *", "--count", "0"], /--count/],
    ["an unknown command", ["no-such-command"], /unknown command 'no-such-command'/],
    ["an unknown option", ["status", "--no-such-option"], /unknown option '--no-such-option'/],
    ["--connect-timeout abc", ["status", "--connect-timeout", "abc"], /--connect-timeout/],
    ["--missed sometimes", ["schedule", "set", "n", "t", "--every", "1 minute", "--missed", "sometimes"], /skip, once, all/],
  ])("%s", async (_what, args, message) => {
    // A valid database: the argument must be refused before anything touches it.
    expectOneLine(await pgfirstBuilt([...args, "--database-url", url()]), EXIT.usage, message);
  });
});

describe("connection problems: one line naming host, port and database, exit 71", () => {
  it("an unknown database", async () => {
    const s = server();
    s.pathname = "/pgfirst_no_such_database";
    const r = await pgfirstBuilt(["status", "--database-url", s.toString()]);
    expectOneLine(r, EXIT.connection, /database "pgfirst_no_such_database" does not exist/, `${s.hostname}:${s.port || 5432}`);
  });

  it("connection refused", async () => {
    const port = await closedPort();
    const r = await pgfirstBuilt(["jobs", "stats", "--database-url", `postgres://postgres@127.0.0.1:${port}/somedb`]);
    expectOneLine(r, EXIT.connection, `127.0.0.1:${port}`, /database "somedb"/, /refused/);
  });

  it("an unknown host", async () => {
    const r = await pgfirstBuilt(["health", "--database-url", "postgres://postgres@pgfirst-no-such-host.invalid:5433/db1"]);
    expectOneLine(r, EXIT.connection, "pgfirst-no-such-host.invalid:5433", /database "db1"/, /unknown host/);
  });

  it("a server that never answers, with --connect-timeout 1", async () => {
    const port = await listening();
    const t0 = Date.now();
    const r = await pgfirstBuilt(["status", "--connect-timeout", "1", "--database-url", `postgres://postgres@127.0.0.1:${port}/slow`]);
    expectOneLine(r, EXIT.connection, `127.0.0.1:${port}`, /timed out/);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it("with --json: exactly one JSON document on stdout, the error", async () => {
    const port = await closedPort();
    const r = await pgfirstBuilt(["status", "--json", "--database-url", `postgres://postgres@127.0.0.1:${port}/x`]);
    expect(r.code).toBe(EXIT.connection);
    expect(JSON.parse(r.stdout)).toEqual({ error: { message: expect.stringContaining("refused"), exitCode: EXIT.connection } });
  });
});

describe("configuration and availability", () => {
  it("a bad database URL: exit 78", async () => {
    expectOneLine(await pgfirstBuilt(["status", "--database-url", "localhost:5432/db"]), EXIT.config, /not a PostgreSQL URL/);
    expectOneLine(await pgfirstBuilt(["status", "--database-url", "postgres://u:secret@127.0.0.1:notaport/db"]), EXIT.config, /malformed/);
    // the password is not printed
    const r = await pgfirstBuilt(["status", "--database-url", "postgres://u:secret@127.0.0.1:notaport/db"]);
    expect(r.stderr).not.toContain("secret");
  });

  it("a port in use (metrics): exit 69", async () => {
    const port = await listening();
    const r = await pgfirstBuilt(["metrics", "--host", "127.0.0.1", "--port", String(port), "--database-url", url()]);
    expectOneLine(r, EXIT.unavailable, `127.0.0.1:${port}`, /in use/);
  });

  it("a .ts task file without a TypeScript loader: exit 78 with the hint", async () => {
    const file = path.join(tmp, "tasks.ts");
    writeFileSync(file, "export const tasks = { hello: async (p: unknown) => p };\n");
    const r = await pgfirstBuilt(["worker", "--tasks", file, "--database-url", url()]);
    expectOneLine(r, EXIT.config, /--import tsx/);
  });

  it("a task file that exports no task map: exit 78", async () => {
    const file = path.join(tmp, "empty.mjs");
    writeFileSync(file, "export const x = 1;\n");
    expectOneLine(await pgfirstBuilt(["worker", "--tasks", file, "--database-url", url()]), EXIT.config, /task map/);
  });
});

describe("signals", () => {
  it.each([
    ["SIGINT", EXIT.sigint],
    ["SIGTERM", EXIT.sigterm],
  ] as const)("%s ends stats --watch with exit %i", async (signal, code) => {
    const child = spawn(process.execPath, [bin, "stats", "--watch", "--interval", "0.2", "--database-url", url()], {
      cwd: packageRoot,
      env: cliEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = once(child, "exit");
    await once(child.stdout, "data"); // it is drawing
    child.kill(signal);
    const [exitCode] = (await exited) as [number | null];
    expect(exitCode).toBe(code);
  });
});

describe("the good paths still work", () => {
  it("--version prints the package version", async () => {
    const r = await pgfirstBuilt(["--version"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { version: string }).version);
  });

  it("status on a current database: exit 0, one JSON document", async () => {
    const r = await pgfirstBuilt(["status", "--json", "--database-url", url()]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toMatchObject({ state: "current" });
  });

  it("--transaction-pooling works (no prepared statements)", async () => {
    const r = await pgfirstBuilt(["jobs", "stats", "--json", "--transaction-pooling", "--database-url", url()]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
  });
});
