/**
 * `npm run check:migrations` (CI): the migration files are in a releasable state.
 *   1. no committed migration contains an unexpanded `--!include` line;
 *   2. no drift: every file under sql/ (sql/demo aside) equals the copy held by the latest
 *      committed migration that includes it (between graphile-migrate's `--! Included <path>`
 *      and `--! EndIncluded <path>` markers), or is included by migrations/current.sql;
 *      a function file edited without shipping it fails here;
 *   3. migrations/current.sql holds nothing but comments (everything is committed);
 *      PGFIRST_ALLOW_CURRENT=1 skips this one (a branch with uncommitted work);
 *   4. db/schema.sql equals a fresh dump (`npm run db:dump` regenerates it).
 * Each failure prints what to do; exit 1 if any check fails.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { committedMigrations } from "../src/migrate.ts";
import { committedDir, migrationsDir, packageRoot } from "../src/paths.ts";
import { freshSchemaDump, SCHEMA_FILE } from "./dump-schema.ts";

/** Lines of `text` that are graphile-migrate include directives. */
export function includeLines(text: string): string[] {
  return text.split("\n").filter((l) => /^--!\s*include\b/i.test(l.trim()));
}

/** What is left of current.sql once comments and blank lines are removed (`--!` directives count as content). */
export function nonCommentContent(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !(l.startsWith("--") && !l.startsWith("--!")))
    .join("\n");
}

/** sql/ files (paths relative to sql/, `/`-separated) the drift check covers: all *.sql but demo/. */
export function trackedSqlFiles(sqlDir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(sqlDir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (r !== "demo") out.push(...trackedSqlFiles(sqlDir, r));
    } else if (e.name.endsWith(".sql")) out.push(r);
  }
  return out.sort();
}

/** The text graphile-migrate froze for each included path in one committed migration. */
export function includedCopies(migrationText: string): Map<string, string> {
  const copies = new Map<string, string>();
  const re = /^--! Included (\S+)\n([\s\S]*?)\n--! EndIncluded \1$/gm;
  for (const m of migrationText.matchAll(re)) copies.set(m[1]!, m[2]!);
  return copies;
}

/** Paths that `--!include` lines of current.sql name. */
export function currentIncludes(currentSql: string): Set<string> {
  return new Set([...currentSql.matchAll(/^--![ \t]*include[ \t]+(\S+\.sql)[ \t]*$/gm)].map((m) => m[1]!));
}

/**
 * Drift problems: each tracked sql/ file must equal (trimmed, as graphile-migrate includes it)
 * the copy in the latest committed migration including it, or be included by current.sql.
 */
export function driftProblems(sqlDir: string, committed: { name: string; text: string }[], currentSql: string): string[] {
  const latest = new Map<string, { name: string; text: string }>();
  for (const m of committed) for (const [p, text] of includedCopies(m.text)) latest.set(p, { name: m.name, text });
  const pending = currentIncludes(currentSql);
  const problems: string[] = [];
  for (const rel of trackedSqlFiles(sqlDir)) {
    if (pending.has(rel)) continue;
    const shipped = latest.get(rel);
    const text = readFileSync(path.join(sqlDir, rel), "utf8").trim();
    if (!shipped) problems.push(`sql/${rel} is in no committed migration and not included by migrations/current.sql: add \`--!include ${rel}\` to current.sql.`);
    else if (shipped.text !== text) problems.push(`sql/${rel} differs from its copy in migrations/committed/${shipped.name}: ship the change by adding \`--!include ${rel}\` to migrations/current.sql (or undo the edit).`);
  }
  return problems;
}

const sqlDir = path.join(packageRoot, "sql");

function diff(actual: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pgfirst-schema-"));
  try {
    writeFileSync(path.join(dir, "fresh.sql"), actual);
    try {
      execFileSync("diff", ["-u", "--label", "db/schema.sql (committed)", "--label", "fresh dump", SCHEMA_FILE, path.join(dir, "fresh.sql")], { encoding: "utf8" });
      return "";
    } catch (e) {
      const out = (e as { stdout?: string }).stdout ?? "";
      return out.split("\n").slice(0, 200).join("\n");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const failures: string[] = [];

  for (const f of committedMigrations()) {
    const found = includeLines(readFileSync(path.join(committedDir, f), "utf8"));
    if (found.length) failures.push(`migrations/committed/${f} contains unexpanded ${found.join(", ")}: a committed migration must hold the included text (recommit with \`npm run db:commit\`).`);
  }
  console.log(`committed migrations: ${committedMigrations().length} checked for --!include`);

  const current = readFileSync(path.join(migrationsDir, "current.sql"), "utf8");
  const committed = committedMigrations().map((name) => ({ name, text: readFileSync(path.join(committedDir, name), "utf8") }));
  const drift = driftProblems(sqlDir, committed, current);
  failures.push(...drift);
  console.log(`sql/ files: ${trackedSqlFiles(sqlDir).length} checked for drift against committed migrations, ${drift.length} drifted`);

  const left = nonCommentContent(current);
  if (left && process.env.PGFIRST_ALLOW_CURRENT === "1") console.log("migrations/current.sql: not empty (allowed: PGFIRST_ALLOW_CURRENT=1)");
  else if (left) failures.push(`migrations/current.sql is not empty (${left.split("\n").length} line(s) of SQL or includes): commit it with \`npm run db:commit -- --message "…"\` before merging.`);
  if (!(left && process.env.PGFIRST_ALLOW_CURRENT === "1")) console.log(`migrations/current.sql: ${left ? "NOT empty" : "empty"}`);

  if (!existsSync(SCHEMA_FILE)) {
    failures.push("db/schema.sql is missing: run `npm run db:dump` and commit it.");
  } else {
    const fresh = await freshSchemaDump();
    const committed = readFileSync(SCHEMA_FILE, "utf8");
    if (fresh !== committed) failures.push(`db/schema.sql differs from a fresh migrate + dump: run \`npm run db:dump\` and commit the result.\n${diff(fresh)}`);
    console.log(`db/schema.sql: ${fresh === committed ? "matches a fresh dump" : "DIFFERS from a fresh dump"}`);
  }

  for (const f of failures) console.error(`FAIL ${f}`);
  console.log(failures.length ? `check:migrations: ${failures.length} problem(s)` : "check:migrations: ok");
  return failures.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(await main().catch((e: unknown) => {
    console.error(`check:migrations: ${(e as Error).message}`);
    return 1;
  }));
}
