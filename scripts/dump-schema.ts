/**
 * `npm run db:dump`: writes db/schema.sql, the schema every committed migration produces,
 * as pg_dump 15 prints it from a PostgreSQL 15 server. CI (`npm run check:migrations`)
 * fails when the committed file differs from a fresh dump, so a migration's effect is
 * reviewable as a diff of this file.
 *
 * How: create a temporary database on the DATABASE_URL server (default: the machine's
 * PostgreSQL on 127.0.0.1:5432), `graphile-migrate migrate` it, `pg_dump --schema-only
 * --no-owner`, normalise, drop the database.
 *
 * Choices: privileges are KEPT (REVOKE … FROM PUBLIC and GRANT … TO pgfirst_* are part
 * of the API contract, so a change to them must show up in review); owners are dropped
 * (they depend on who ran the migration); graphile-migrate's own bookkeeping schema is
 * left out (not ours). Only pg_dump 15 against a PostgreSQL 15 server is accepted: other
 * versions print the same schema differently, and pg_dump refuses newer servers.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createSql } from "../src/db.ts";
import { runGraphileMigrate } from "../src/migrate.ts";
import { packageRoot } from "../src/paths.ts";

export const SCHEMA_FILE = path.join(packageRoot, "db", "schema.sql");
export const DUMP_MAJOR = 15;
export const DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";

const BANNER = [
  "-- GENERATED FILE — DO NOT EDIT. Regenerate with `npm run db:dump`.",
  `-- The schema after every migration in migrations/committed, dumped by pg_dump ${DUMP_MAJOR}`,
  `-- (--schema-only --no-owner, privileges kept) from a PostgreSQL ${DUMP_MAJOR} server;`,
  "-- graphile-migrate's bookkeeping schema is left out. CI fails when it drifts.",
  "",
].join("\n");

export function pgDumpBin(): string {
  const debian = `/usr/lib/postgresql/${DUMP_MAJOR}/bin/pg_dump`;
  return process.env.PG_DUMP ?? (existsSync(debian) ? debian : "pg_dump");
}

function pgDumpMajor(bin: string): number {
  const v = execFileSync(bin, ["--version"], { encoding: "utf8" });
  const m = /(\d+)(?:\.\d+)?/.exec(v.replace(/^[^)]*\)/, ""));
  return Number(m?.[1]);
}

/** Removes what varies between runs and versions of the same dump (pg_dump 15.14+/17.6+ `\restrict` keys, version lines). */
export function normaliseDump(text: string): string {
  const lines = text
    .split("\n")
    .filter((l) => !/^\\(un)?restrict\b/.test(l))
    .filter((l) => !/^-- Dumped (from database|by pg_dump) version/.test(l));
  return (
    lines
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim() + "\n"
  );
}

/** `pg_dump --schema-only` of one database, normalised (privileges kept unless asked). */
export function pgDumpSchema(url: string, extra: string[] = []): string {
  const raw = execFileSync(pgDumpBin(), ["--schema-only", "--no-owner", ...extra, "--dbname", url], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return normaliseDump(raw);
}

/** Migrates a fresh temporary database on `serverUrl` and returns the text of db/schema.sql. */
export async function freshSchemaDump(serverUrl = process.env.DATABASE_URL ?? DEFAULT_SERVER): Promise<string> {
  const bin = pgDumpBin();
  const dumpMajor = pgDumpMajor(bin);
  const admin = createSql(serverUrl, {}, 1);
  const name = `pgfirst_dump_${process.pid}_${Date.now().toString(36)}`;
  try {
    const [row] = await admin<{ v: string }[]>`select current_setting('server_version_num') as v`;
    const serverMajor = Math.floor(Number(row?.v) / 10000);
    if (serverMajor !== DUMP_MAJOR || dumpMajor !== DUMP_MAJOR) {
      throw new Error(
        `db/schema.sql is dumped by pg_dump ${DUMP_MAJOR} from a PostgreSQL ${DUMP_MAJOR} server; found pg_dump ${dumpMajor} (${bin}) and server ${serverMajor}. ` +
          `Point DATABASE_URL at a PostgreSQL ${DUMP_MAJOR} server (default ${DEFAULT_SERVER}) or set PG_DUMP to a pg_dump ${DUMP_MAJOR}.`,
      );
    }
    await admin.unsafe(`create database "${name}"`);
    const u = new URL(serverUrl);
    u.pathname = "/" + name;
    const r = await runGraphileMigrate(["migrate"], { databaseUrl: u.toString() });
    if (r.code !== 0) throw new Error(`graphile-migrate migrate failed:\n${r.stdout}${r.stderr}`);
    return BANNER + "\n" + pgDumpSchema(u.toString(), ["--exclude-schema=graphile_migrate"]);
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
    await admin.end();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const text = await freshSchemaDump();
    mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
    writeFileSync(SCHEMA_FILE, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)} (${text.split("\n").length} lines)\n`);
    process.exit(0);
  } catch (e) {
    process.stderr.write(`db:dump: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
