/**
 * Removing what a test run made: its databases (`pgfirst_test_<runId>_%`, dropped WITH
 * (FORCE)) on an external server, or its whole throwaway embedded cluster.
 *
 * Three paths lead here, so nothing is left behind however a run ends:
 * - normal end (also when tests fail): the global teardown calls cleanupRun() in-process;
 * - Ctrl-C / SIGTERM: vitest exits within a millisecond, too soon for async work, so the
 *   global setup's signal handler starts this file as a detached process (`main` below)
 *   that waits for the run's process to exit and then cleans up;
 * - SIGKILL or a crash: the next run's sweepStaleRuns() removes runs of this host whose
 *   process is gone (the template database's COMMENT and the cluster's cluster.json
 *   record host and PID).
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createSql } from "../../src/db.ts";
import { stopOrphan } from "../../src/embedded.ts";
import { ident, testDatabasePrefix } from "./context.ts";

export interface RunInfo {
  adminUrl: string;
  runId: string;
  /** The throwaway cluster's directory (embedded mode), removed with the cluster. */
  clusterDir?: string;
  /** The process that owns the run. */
  pid: number;
}

/** The recorded owner of a run (COMMENT ON DATABASE of its template). */
export interface RunOwner {
  host: string;
  pid: number;
  started: string;
}

export const TMP_PREFIX = "pgfirst-test-";

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function dropRunDatabases(adminUrl: string, runId: string): Promise<string[]> {
  const admin = createSql(adminUrl, {}, 1);
  try {
    const rows = await admin<{ datname: string }[]>`
      select datname from pg_catalog.pg_database
       where starts_with(datname, ${testDatabasePrefix(runId)})
       order by datname desc`; // clones before the template
    for (const { datname } of rows) {
      await admin.unsafe(`drop database if exists ${ident(datname)} with (force)`);
    }
    return rows.map((r) => r.datname);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Stops a throwaway cluster by the PID in its postmaster.pid and removes its directory. */
export async function removeClusterDir(dir: string): Promise<void> {
  await stopOrphan(path.join(dir, "data"));
  rmSync(dir, { recursive: true, force: true });
}

/** Cleanup after the owner is gone (detached process, or a later run's sweep). */
export async function cleanupRun(run: RunInfo): Promise<void> {
  if (run.clusterDir) await removeClusterDir(run.clusterDir);
  else await dropRunDatabases(run.adminUrl, run.runId);
}

/** Starts a detached process that cleans `run` up once process `run.pid` has exited. */
export function spawnDetachedCleanup(run: RunInfo): void {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ["--import", "tsx", self, JSON.stringify(run)], {
    detached: true,
    stdio: "ignore",
    cwd: path.resolve(path.dirname(self), "..", ".."),
  });
  child.unref();
}

/**
 * Removes runs of this host whose owning process no longer exists: throwaway clusters
 * under the temp dir, and `pgfirst_test_*` databases on `adminUrl` (if given). Runs of
 * other hosts and live runs are never touched.
 */
export async function sweepStaleRuns(adminUrl?: string): Promise<string[]> {
  const removed: string[] = [];
  const tmp = os.tmpdir();
  for (const name of readdirSync(tmp)) {
    if (!name.startsWith(TMP_PREFIX)) continue;
    const dir = path.join(tmp, name);
    try {
      const state = path.join(dir, "cluster.json");
      if (existsSync(state)) {
        const { ownerPid } = JSON.parse(readFileSync(state, "utf8")) as { ownerPid: number };
        if (alive(ownerPid)) continue;
      } else if (Date.now() - statSync(dir).mtimeMs < 30 * 60_000) {
        continue; // maybe a run that is still starting
      }
      await removeClusterDir(dir);
      removed.push(dir);
    } catch {
      // not ours to judge (permissions, a race with its owner): leave it
    }
  }
  if (adminUrl) {
    const admin = createSql(adminUrl, {}, 1);
    const runs: { runId: string; owner: RunOwner }[] = [];
    try {
      const rows = await admin<{ datname: string; comment: string | null }[]>`
        select datname, pg_catalog.shobj_description(oid, 'pg_database') as comment
          from pg_catalog.pg_database
         where datname like 'pgfirst\_test\_%\_tpl'`;
      for (const r of rows) {
        try {
          const owner = JSON.parse(r.comment ?? "") as RunOwner;
          const runId = r.datname.slice("pgfirst_test_".length, -"_tpl".length);
          if (owner.host === os.hostname() && typeof owner.pid === "number" && !alive(owner.pid)) runs.push({ runId, owner });
        } catch {
          // no owner recorded: not ours to judge
        }
      }
    } finally {
      await admin.end({ timeout: 5 });
    }
    for (const { runId } of runs) removed.push(...(await dropRunDatabases(adminUrl, runId)));
  }
  return removed;
}

async function main(): Promise<void> {
  const run = JSON.parse(process.argv[2] ?? "{}") as RunInfo;
  const until = Date.now() + 60_000;
  while (alive(run.pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  await cleanupRun(run);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch(() => process.exit(1));
}
