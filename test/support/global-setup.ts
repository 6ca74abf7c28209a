/**
 * vitest global setup: one test server per run.
 * - DATABASE_URL set: use that server (a superuser URL; its database is only used to
 *   create and drop ours). Otherwise: a private throwaway embedded cluster (PostgreSQL 18)
 *   in a fresh temp directory, removed at the end.
 * - Creates `pgfirst_test_<runId>_tpl`, applies every committed migration, then the
 *   uncommitted `migrations/current.sql` (graphile-migrate watch --once) when it has SQL,
 *   then loads pgTAP. Test files clone it with createTestDatabase() (test/support/db.ts).
 * - Any failure here ends the run at once: cleanup, one line on stderr
 *   (`pgfirst test setup failed: …`, details of a failed migration above it), exit status 1.
 *   pgTAP missing is fetched first (test/support/pgtap.ts), not a failure.
 * - Teardown drops every `pgfirst_test_<runId>_%` database (WITH (FORCE)) and stops the
 *   cluster, also when tests failed or setup broke half way; Ctrl-C/SIGTERM and killed
 *   runs are handled by test/support/cleanup.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createSql, type PoolSql as Sql } from "../../src/db.ts";
import { startEmbedded, type EmbeddedCluster } from "../../src/embedded.ts";
import { runGraphileMigrate } from "../../src/migrate.ts";
import { migrationsDir } from "../../src/paths.ts";
import { dropRunDatabases, spawnDetachedCleanup, sweepStaleRuns, TMP_PREFIX, type RunInfo, type RunOwner } from "./cleanup.ts";
import { databaseUrl, ident, testDatabasePrefix, type TestServer } from "./context.ts";
import { loadPgTap, resolvePgTap } from "./pgtap.ts";

/** True when current.sql holds SQL or a graphile-migrate `--!include` line, not only comments. */
export function currentSqlHasContent(text: string): boolean {
  return text.split("\n").some((line) => {
    const t = line.trim();
    return t !== "" && (!t.startsWith("--") || t.startsWith("--!"));
  });
}

function log(message: string): void {
  if (process.env.PGFIRST_TEST_QUIET !== "1") process.stderr.write(`[pgfirst test] ${message}\n`);
}

function literal(text: string): string {
  return "'" + text.replaceAll("'", "''") + "'";
}

/** Ends the run after a failed setup: details (if several lines) then one line, exit 1. */
function exitSetupFailed(e: unknown): never {
  const text = e instanceof Error ? e.message : String(e);
  const [first, ...rest] = text.split("\n");
  if (rest.some((l) => l.trim())) process.stderr.write(`${rest.join("\n").trimEnd()}\n`);
  process.stderr.write(`pgfirst test setup failed: ${first}\n`);
  process.exit(1);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const runId = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  const template = `${testDatabasePrefix(runId)}tpl`;
  let cluster: EmbeddedCluster | undefined;
  let tmpDir: string | undefined;
  let adminUrl: string;
  let created = false;

  const runInfo = (): RunInfo => ({ adminUrl, runId, pid: process.pid, ...(tmpDir ? { clusterDir: tmpDir } : {}) });
  // vitest exits ~1 ms after SIGINT/SIGTERM, too soon to clean up here: hand over to a
  // detached process that waits for this one to end.
  const onSignal = (signal: NodeJS.Signals) => {
    if (created || tmpDir) spawnDetachedCleanup(runInfo());
    if (signal === "SIGHUP") process.exit(129); // vitest does not handle SIGHUP itself
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const sig of signals) process.once(sig, onSignal);

  const teardown = async () => {
    for (const sig of signals) process.off(sig, onSignal);
    try {
      if (created && !cluster) await dropRunDatabases(adminUrl, runId);
    } finally {
      try {
        await cluster?.stop();
      } finally {
        if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
      }
    }
  };

  try {
    if (process.env.DATABASE_URL) {
      adminUrl = process.env.DATABASE_URL;
      const swept = await sweepStaleRuns(adminUrl);
      if (swept.length) log(`removed ${swept.length} database(s) left by killed runs on this host`);
    } else {
      await sweepStaleRuns().catch(() => []);
      tmpDir = mkdtempSync(path.join(os.tmpdir(), TMP_PREFIX));
      cluster = await startEmbedded({
        dir: tmpDir,
        persistent: false,
        fast: true,
        extraFlags: ["-c", "max_connections=300"],
      });
      adminUrl = cluster.url("postgres");
    }

    const admin: Sql = createSql(adminUrl, {}, 1);
    let server: TestServer;
    try {
      const [v] = await admin<{ n: number }[]>`select current_setting('server_version_num')::int as n`;
      const serverVersion = v!.n;
      const pgtap = await resolvePgTap(admin, log); // fail before any work when pgTAP is missing
      created = true;
      await admin.unsafe(`create database ${ident(template)}`);
      const owner: RunOwner = { host: os.hostname(), pid: process.pid, started: new Date().toISOString() };
      // the owner lets a later run on this host remove the databases if this one is killed
      await admin.unsafe(`comment on database ${ident(template)} is ${literal(JSON.stringify(owner))}`);
      const tplUrl = databaseUrl(adminUrl, template);

      const m = await runGraphileMigrate(["migrate"], { databaseUrl: tplUrl });
      if (m.code !== 0) throw new Error(`graphile-migrate migrate failed on the test template:\n${m.stdout}${m.stderr}`);
      const current = readFileSync(path.join(migrationsDir, "current.sql"), "utf8");
      if (currentSqlHasContent(current)) {
        const w = await runGraphileMigrate(["watch", "--once"], { databaseUrl: tplUrl });
        if (w.code !== 0) throw new Error(`migrations/current.sql failed on the test template:\n${w.stdout}${w.stderr}`);
      }

      const tpl = createSql(tplUrl, {}, 1);
      try {
        await loadPgTap(tpl, pgtap);
      } finally {
        await tpl.end({ timeout: 5 });
      }

      server = {
        adminUrl,
        template,
        runId,
        serverVersion,
        mode: cluster ? "embedded" : "external",
      };
    } finally {
      await admin.end({ timeout: 5 });
    }
    project.provide("pgfirstTestServer", server);
    log(`PostgreSQL ${server.serverVersion} (${server.mode}), template ${template} ready in ${Date.now() - started} ms`);
  } catch (e) {
    await teardown().catch((t) => log(`cleanup after failed setup also failed: ${String(t)}`));
    exitSetupFailed(e);
  }
  return teardown;
}
