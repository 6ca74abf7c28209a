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
 * When none is found, the test run fetches it into the cache itself (fetchPgTap(), the same
 * code `npm run pgtap:fetch` runs); PGFIRST_PGTAP_FETCH=0 turns that off.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PoolSql as Sql } from "../../src/db.ts";
import { packageRoot } from "../../src/paths.ts";

export const PGTAP_CACHE_DIR = path.join(packageRoot, "node_modules", ".cache", "pgfirst", "pgtap");

/** One line, said once, when pgTAP is nowhere to be found. */
export const PGTAP_MISSING =
  "pgTAP not found: run `npm run pgtap:fetch` (or set PGTAP_SQL=/path/to/pgtap.sql, or install your server's pgtap extension).";

export class PgTapMissingError extends Error {
  constructor(why?: string) {
    super(why ? `${PGTAP_MISSING.replace(/\.$/, "")}; fetching it failed: ${why}` : PGTAP_MISSING);
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

function run(cmd: string, args: string[], cwd?: string): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 5 * 60_000 });
  if (r.error) return { ok: false, out: r.error.message };
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}`.trim() };
}

/**
 * Puts Debian's pgTAP package (postgresql-15-pgtap, or postgresql-$PGTAP_PG_MAJOR-pgtap) into
 * PGTAP_CACHE_DIR: `apt-get download` (+ one `apt-get update` when the package is unknown)
 * and `dpkg -x`. Nothing is installed, no server is touched. Returns the pgtap.sql path;
 * throws an Error with a one-line message when it cannot.
 */
export function fetchPgTap(log: (line: string) => void = () => {}): string {
  const pkg = `postgresql-${process.env.PGTAP_PG_MAJOR ?? "15"}-pgtap`;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "pgfirst-pgtap-"));
  chmodSync(tmp, 0o755); // apt-get downloads as user _apt when it can reach the folder
  try {
    let r = run("apt-get", ["download", pkg], tmp);
    if (!r.ok && /ENOENT/.test(r.out)) throw new Error("apt-get is not available on this machine");
    if (!r.ok) {
      log(`apt-get download ${pkg} found nothing; running apt-get update once`);
      const u = run("apt-get", ["update", "-qq"]);
      if (!u.ok) throw new Error(`apt-get update failed: ${u.out.split("\n").pop()}`);
      r = run("apt-get", ["download", pkg], tmp);
    }
    if (!r.ok) throw new Error(`apt-get download ${pkg} failed: ${r.out.split("\n").pop()}`);
    const debs = readdirSync(tmp).filter((f) => f.endsWith(".deb"));
    if (debs.length !== 1) throw new Error(`expected one .deb from apt-get download ${pkg}, found: ${debs.join(", ") || "none"}`);
    rmSync(PGTAP_CACHE_DIR, { recursive: true, force: true });
    mkdirSync(PGTAP_CACHE_DIR, { recursive: true });
    const x = run("dpkg", ["-x", path.join(tmp, debs[0]!), PGTAP_CACHE_DIR]);
    if (!x.ok) throw new Error(`dpkg -x ${debs[0]} failed: ${x.out.split("\n").pop()}`);
    const script = findFile(PGTAP_CACHE_DIR, "pgtap.sql");
    if (!script) throw new Error(`${debs[0]} unpacked, but no pgtap.sql under ${PGTAP_CACHE_DIR}`);
    log(`pgTAP ready: ${path.relative(packageRoot, script)} (from ${debs[0]})`);
    return script;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface PgTapSource { kind: "extension" | "script"; path?: string }

/**
 * Where pgTAP comes from for this server. When it is nowhere, fetches it (fetchPgTap) unless
 * PGFIRST_PGTAP_FETCH=0; throws PgTapMissingError (one line) when that fails too.
 */
export async function resolvePgTap(sql: Sql, log: (line: string) => void = () => {}): Promise<PgTapSource> {
  const [row] = await sql<{ available: boolean }[]>`
    select exists (select from pg_catalog.pg_available_extensions where name = 'pgtap') as available`;
  if (row?.available) return { kind: "extension" };
  const script = findPgTapScript();
  if (script) return { kind: "script", path: script };
  if (process.env.PGFIRST_PGTAP_FETCH === "0") throw new PgTapMissingError();
  log("pgTAP not found: fetching Debian's pgTAP package into node_modules/.cache (as `npm run pgtap:fetch` does)");
  try {
    return { kind: "script", path: fetchPgTap(log) };
  } catch (e) {
    throw new PgTapMissingError((e as Error).message);
  }
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
