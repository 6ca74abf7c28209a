/**
 * Loading pgTAP into a test database. pgTAP is never vendored; it comes, in this order, from
 *   1. the server itself: `create extension pgtap` when pg_available_extensions offers it;
 *   2. a plain `pgtap.sql` script found at
 *      a. $PGTAP_SQL (a file path),
 *      b. the cache `node_modules/.cache/pgfirst/pgtap/**\/pgtap.sql` that `npm run pgtap:fetch`
 *         fills from Debian's postgresql-15-pgtap package (apt-get download + dpkg -x),
 *      c. /usr/share/postgresql/<N>/extension/pgtap.sql (a locally installed package).
 * The plain script is version-agnostic SQL (PL/pgSQL + catalog queries) and loads on
 * PostgreSQL 14–18; it installs into the first schema of the search_path (public here).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { PoolSql as Sql } from "../../src/db.ts";
import { packageRoot } from "../../src/paths.ts";

export const PGTAP_CACHE_DIR = path.join(packageRoot, "node_modules", ".cache", "pgfirst", "pgtap");

/** One line, said once, when pgTAP is nowhere to be found. */
export const PGTAP_MISSING =
  "pgTAP not found: run `npm run pgtap:fetch` (or set PGTAP_SQL=/path/to/pgtap.sql, or install your server's pgtap extension).";

export class PgTapMissingError extends Error {
  constructor() {
    super(PGTAP_MISSING);
    this.name = "PgTapMissingError";
  }
}

function findFile(dir: string, name: string, depth = 8): string | undefined {
  if (depth < 0 || !existsSync(dir)) return undefined;
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return undefined; }
  const hit = entries.find((e) => e.isFile() && e.name === name);
  if (hit) return path.join(dir, hit.name);
  for (const e of entries.filter((e) => e.isDirectory()).sort((a, b) => b.name.localeCompare(a.name))) {
    const found = findFile(path.join(dir, e.name), name, depth - 1);
    if (found) return found;
  }
  return undefined;
}

/** The plain pgtap.sql to load, or undefined. See the module comment for the order. */
export function findPgTapScript(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.PGTAP_SQL;
  if (fromEnv) {
    if (existsSync(fromEnv) && statSync(fromEnv).isFile()) return fromEnv;
    throw new Error(`PGTAP_SQL=${fromEnv} is not a file. ${PGTAP_MISSING}`);
  }
  const cached = findFile(PGTAP_CACHE_DIR, "pgtap.sql");
  if (cached) return cached;
  const system = "/usr/share/postgresql";
  if (existsSync(system)) {
    const versions = readdirSync(system).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const f = path.join(system, v, "extension", "pgtap.sql");
      if (existsSync(f)) return f;
    }
  }
  return undefined;
}

export interface PgTapSource { kind: "extension" | "script"; path?: string }

/** Where pgTAP would come from for this server; throws PgTapMissingError when nowhere. */
export async function resolvePgTap(sql: Sql): Promise<PgTapSource> {
  const [row] = await sql<{ available: boolean }[]>`
    select exists (select from pg_catalog.pg_available_extensions where name = 'pgtap') as available`;
  if (row?.available) return { kind: "extension" };
  const script = findPgTapScript();
  if (!script) throw new PgTapMissingError();
  return { kind: "script", path: script };
}

/** Installs pgTAP into the database `sql` is connected to (schema public). */
export async function loadPgTap(sql: Sql, source: PgTapSource): Promise<void> {
  if (source.kind === "extension") {
    await sql.unsafe("create extension if not exists pgtap schema public");
    return;
  }
  // The Debian script starts with psql meta-commands (\set ECHO none …): drop them, then
  // send the rest as one simple-protocol batch, inside one transaction.
  const text = readFileSync(source.path!, "utf8")
    .split("\n")
    .filter((line) => !line.startsWith("\\"))
    .join("\n");
  await sql.begin(async (tx) => {
    await tx.unsafe("set local search_path = public");
    await tx.unsafe("set local client_min_messages = warning");
    await tx.unsafe(text);
  });
}
