/**
 * `npm run check:migrations` (CI): the migration files are in a releasable state.
 *   1. no committed migration contains an unexpanded `--!include` line;
 *   2. migrations/current.sql holds nothing but comments (everything is committed);
 *   3. db/schema.sql equals a fresh dump (`npm run db:dump` regenerates it).
 * Each failure prints what to do; exit 1 if any check fails.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { committedMigrations } from "../src/migrate.ts";
import { committedDir, migrationsDir } from "../src/paths.ts";
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
  const left = nonCommentContent(current);
  if (left) failures.push(`migrations/current.sql is not empty (${left.split("\n").length} line(s) of SQL or includes): commit it with \`npm run db:commit -- --message "…"\` before merging.`);
  console.log(`migrations/current.sql: ${left ? "NOT empty" : "empty"}`);

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
