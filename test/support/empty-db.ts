/**
 * Empty databases (no pgfirst, no pgTAP) on the run's test server, for tests that install
 * pgfirst themselves (bundle, CLI, schema-version checks). Named with the run's prefix, so
 * the global teardown drops any a crashed file leaves behind.
 */
import { execFile } from "node:child_process";
import { createSql, type PoolSql as Sql } from "../../src/db.ts";
import { runGraphileMigrate } from "../../src/migrate.ts";
import { databaseUrl, ident, testDatabasePrefix } from "./context.ts";
import { testServer } from "./db.ts";

export interface EmptyDatabase {
  name: string;
  url: string;
  /** A one-connection pool on the database (ended by drop()). */
  sql: Sql;
  drop(): Promise<void>;
}

let counter = 0;

export async function createEmptyDatabase(label = "empty"): Promise<EmptyDatabase> {
  const server = testServer();
  counter += 1;
  const name = `${testDatabasePrefix(server.runId)}${label}_${process.pid}_${counter}`;
  const admin = createSql(server.adminUrl, {}, 1);
  try {
    await admin.unsafe(`create database ${ident(name)}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = databaseUrl(server.adminUrl, name);
  const sql = createSql(url, {}, 1);
  let dropped: Promise<void> | undefined;
  return {
    name, url, sql,
    drop: () => (dropped ??= (async () => {
      await sql.end({ timeout: 5 });
      const a = createSql(server.adminUrl, {}, 1);
      try {
        await a.unsafe(`drop database if exists ${ident(name)} with (force)`);
      } finally {
        await a.end({ timeout: 5 });
      }
    })()),
  };
}

/** `graphile-migrate migrate` (committed migrations only) against `url`; throws on failure. */
export async function migrateCommitted(url: string): Promise<string> {
  const r = await runGraphileMigrate(["migrate"], { databaseUrl: url });
  if (r.code !== 0) throw new Error(`graphile-migrate migrate failed:\n${r.stdout}${r.stderr}`);
  return r.stdout + r.stderr;
}

export interface ProcResult { code: number; stdout: string; stderr: string }

/** Runs a program without a shell; resolves with its exit code and output (never rejects on exit code). */
export function run(file: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ProcResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: opts.cwd, env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof (err as { code?: unknown }).code !== "number") return reject(err);
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}
