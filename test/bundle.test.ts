/**
 * Acceptance of dist/pgfirst.sql (src/bundle.ts): what a DBA does with psql and nothing else.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle } from "../src/bundle.ts";
import type { PoolSql as Sql } from "../src/db.ts";
import { committedMigrations } from "../src/migrate.ts";
import { runGraphileMigrate } from "../src/migrate.ts";
import { pgDumpBin, pgDumpSchema } from "../scripts/dump-schema.ts";
import { createEmptyDatabase, migrateCommitted, run, type EmptyDatabase } from "./support/empty-db.ts";
import { testServer } from "./support/db.ts";

let dir: string;
let bundleFile: string;
const dbs: EmptyDatabase[] = [];

async function emptyDb(label: string): Promise<EmptyDatabase> {
  const db = await createEmptyDatabase(label);
  dbs.push(db);
  return db;
}

/** psql the way the README tells a DBA to; VERBOSITY=verbose makes psql print the SQLSTATE. */
function applyBundle(url: string) {
  return run("psql", ["-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose", "-f", bundleFile, "-d", url]);
}

/**
 * Every pgfirst object and bookkeeping row with its row version (xmin): re-creating or
 * replacing anything, or touching a migrations row, changes this snapshot.
 */
async function snapshot(sql: Sql): Promise<string> {
  const rows = await sql<{ kind: string; name: string; xmin: string }[]>`
    select 'proc' as kind, p.oid::regprocedure::text as name, p.xmin::text as xmin
      from pg_catalog.pg_proc p
     where p.pronamespace::regnamespace::text in ('pgfirst', 'pgfirst_private', 'graphile_migrate')
    union all
    select 'class', c.oid::regclass::text, c.xmin::text
      from pg_catalog.pg_class c
     where c.relnamespace::regnamespace::text in ('pgfirst', 'pgfirst_private', 'graphile_migrate')
    union all
    select 'namespace', n.nspname::text, n.xmin::text
      from pg_catalog.pg_namespace n
     where n.nspname in ('pgfirst', 'pgfirst_private', 'graphile_migrate')
     order by 1, 2`;
  const migrations = (await sql`select to_regclass('graphile_migrate.migrations') is not null as present`)[0]?.present
    ? await sql`select hash, previous_hash, filename, date, xmin::text from graphile_migrate.migrations order by filename`
    : [];
  return JSON.stringify({ rows, migrations });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "pgfirst-bundle-"));
  bundleFile = path.join(dir, "pgfirst.sql");
  writeFileSync(bundleFile, buildBundle().text);
});

afterAll(async () => {
  await Promise.all(dbs.map((d) => d.drop()));
  rmSync(dir, { recursive: true, force: true });
});

describe("SQL bundle (dist/pgfirst.sql)", () => {
  let installed: EmptyDatabase;

  beforeAll(async () => {
    installed = await emptyDb("bundle");
    const r = await applyBundle(installed.url);
    if (r.code !== 0) throw new Error(`psql -1 -f pgfirst.sql failed (${r.code}):\n${r.stderr}`);
  });

  it("installs every committed migration on an empty database in one transaction", async () => {
    const rows = await installed.sql<{ filename: string; hash: string }[]>`select filename, hash from graphile_migrate.migrations order by filename`;
    expect(rows.map((r) => r.filename)).toEqual(committedMigrations().map((f) => f.replace(/^(\d+).*$/, "$1.sql")));
    const [v] = await installed.sql<{ version: string }[]>`select pgfirst.version() as version`;
    expect(v?.version).toBe(committedMigrations().at(-1)!.slice(0, 6));
  });

  it("leaves graphile-migrate nothing to do", async () => {
    const before = await snapshot(installed.sql);
    const r = await runGraphileMigrate(["migrate"], { databaseUrl: installed.url });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/Running migration/);
    expect(await snapshot(installed.sql)).toBe(before);
  });

  it("is a no-op when applied again", async () => {
    const before = await snapshot(installed.sql);
    const r = await applyBundle(installed.url);
    expect(r.code, r.stderr).toBe(0);
    expect(await snapshot(installed.sql)).toBe(before);
  });

  it("stops with PF004 and changes nothing when the database holds a migration it does not know", async () => {
    const db = await emptyDb("bundle_newer");
    // What a newer pgfirst leaves behind, reduced to the bookkeeping the bundle checks.
    await db.sql.unsafe(`
      create schema graphile_migrate;
      create table graphile_migrate.migrations (
        hash text primary key, previous_hash text references graphile_migrate.migrations,
        filename text not null, date timestamptz not null default now());
      insert into graphile_migrate.migrations (hash, previous_hash, filename)
        values ('sha1:0000000000000000000000000000000000000000', null, '000001.sql');`);
    const before = await snapshot(db.sql);
    const r = await applyBundle(db.url);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/\bPF004\b/);
    expect(await snapshot(db.sql)).toBe(before);
    const [ns] = await db.sql<{ n: number }[]>`select count(*)::int as n from pg_namespace where nspname in ('pgfirst', 'pgfirst_private')`;
    expect(ns?.n).toBe(0);
  });

  it("produces the same pg_dump --schema-only as graphile-migrate migrate", async (ctx) => {
    const serverMajor = Math.floor(testServer().serverVersion / 10000);
    const dumpMajor = Number(/(\d+)/.exec(execFileSync(pgDumpBin(), ["--version"], { encoding: "utf8" }).replace(/^[^)]*\)/, ""))?.[1]);
    if (serverMajor !== dumpMajor) {
      ctx.skip(`pg_dump ${dumpMajor} cannot dump PostgreSQL ${serverMajor} faithfully; the CI run on PostgreSQL ${dumpMajor} (DATABASE_URL) covers this`);
      return;
    }
    const migrated = await emptyDb("migrated");
    await migrateCommitted(migrated.url);
    // graphile_migrate is included on purpose: the bundle recreates its bookkeeping tables too.
    expect(pgDumpSchema(installed.url)).toBe(pgDumpSchema(migrated.url));
  });
});
