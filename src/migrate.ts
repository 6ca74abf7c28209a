/**
 * Schema versions and graphile-migrate, driven through its CLI (its programmatic API is
 * undocumented). The version a build expects is the latest file in migrations/committed.
 */
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type postgres from "postgres";
import { committedDir, packageRoot } from "./paths.ts";
import { SchemaVersionError } from "./errors.ts";

export function committedMigrations(): string[] {
  return readdirSync(committedDir).filter((f) => /^\d{6}.*\.sql$/.test(f)).sort();
}

/** The schema version this build was made for, e.g. "000003". */
export function expectedVersion(): string {
  const last = committedMigrations().at(-1);
  if (!last) throw new Error("no committed migrations in " + committedDir);
  return last.slice(0, 6);
}

export interface GmOptions {
  databaseUrl: string;
  shadowUrl?: string;
  rootUrl?: string;
  /** Inherit stdio (interactive commands) instead of capturing it. */
  inherit?: boolean;
  /** Working directory holding .gmrc and migrations/ (default: the package root). */
  cwd?: string;
  /** Aborting it sends the child SIGTERM (used by scripts/gm.ts on SIGTERM/SIGINT). */
  signal?: AbortSignal;
}

export interface GmResult { code: number; stdout: string; stderr: string }

export function graphileMigrateBin(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("graphile-migrate/package.json");
  return path.join(path.dirname(pkg), "dist", "cli.js");
}

/** Runs `graphile-migrate <args>` in the package root with the given connection strings. */
export function runGraphileMigrate(args: string[], opts: GmOptions): Promise<GmResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: opts.databaseUrl };
  if (opts.shadowUrl) env.SHADOW_DATABASE_URL = opts.shadowUrl;
  if (opts.rootUrl) env.ROOT_DATABASE_URL = opts.rootUrl;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [graphileMigrateBin(), ...args], {
      cwd: opts.cwd ?? packageRoot,
      env,
      stdio: opts.inherit ? "inherit" : ["ignore", "pipe", "pipe"],
      ...(opts.signal ? { signal: opts.signal, killSignal: "SIGTERM" as const } : {}),
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => (stdout += d));
    child.stderr?.on("data", (d) => (stderr += d));
    child.on("error", (e) => { if ((e as NodeJS.ErrnoException).name !== "AbortError") reject(e); });
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Applies every committed migration; throws with graphile-migrate's output on failure. */
export async function migrate(databaseUrl: string): Promise<void> {
  const r = await runGraphileMigrate(["migrate"], { databaseUrl });
  if (r.code !== 0) throw new Error(`graphile-migrate migrate failed:\n${r.stdout}${r.stderr}`);
}

/** The installed schema version, or null when pgfirst is not installed. */
export async function installedVersion(sql: postgres.Sql): Promise<string | null> {
  const [row] = await sql<{ installed: boolean }[]>`
    select to_regprocedure('pgfirst.version()') is not null as installed`;
  if (!row?.installed) return null;
  const [v] = await sql<{ version: string | null }[]>`select pgfirst.version() as version`;
  return v?.version ?? null;
}

export interface SchemaStatus {
  installed: string | null;
  expected: string;
  pending: string[];
  state: "current" | "behind" | "ahead" | "missing";
}

export async function schemaStatus(sql: postgres.Sql): Promise<SchemaStatus> {
  const installed = await installedVersion(sql);
  const expected = expectedVersion();
  const pending = committedMigrations().filter((f) => installed === null || f.slice(0, 6) > installed);
  const state = installed === null ? "missing" : installed === expected ? "current" : installed < expected ? "behind" : "ahead";
  return { installed, expected, pending, state };
}

/** Refuses to run against an unmigrated or newer database, saying what to do. */
export async function assertSchemaCurrent(sql: postgres.Sql): Promise<void> {
  const s = await schemaStatus(sql);
  if (s.state === "current") return;
  const what = {
    missing: `pgfirst is not installed in this database (this build needs schema ${s.expected}). Run \`pgfirst migrate\`, or apply dist/pgfirst.sql with psql.`,
    behind: `the database has pgfirst schema ${s.installed}, this build needs ${s.expected} (${s.pending.length} pending migration(s)). Run \`pgfirst migrate\`.`,
    ahead: `the database has pgfirst schema ${s.installed}, newer than this build (${s.expected}). Upgrade pgfirst before running it against this database.`,
  }[s.state];
  throw new SchemaVersionError(what, s.installed, s.expected);
}
