/**
 * The real BenchContext: the database, pooled postgres.js clients, scratch databases,
 * Redis, and the machine facts written into the JSON.
 *
 * Database: DATABASE_URL when set (used as is; `--migrate` applies the committed migrations
 * and migrations/current.sql first). Otherwise a dedicated embedded cluster under
 * `.pgfirst/bench/` (separate from the `npm start` cluster under `.pgfirst/`, so a bench run
 * never disturbs demo data; max_connections=200 for c32 pools plus peers; default
 * durability settings), database `pgfirst_bench` recreated at every run and migrated with
 * every committed migration and the current migrations/current.sql, so a module's functions can be measured before
 * the integrator commits them. The cluster is stopped at the end.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { createSql, type PoolSql as Sql } from "../../src/db.ts";
import { startEmbedded, type EmbeddedCluster } from "../../src/embedded.ts";
import { migrate, runGraphileMigrate } from "../../src/migrate.ts";
import { migrationsDir, packageRoot } from "../../src/paths.ts";
import type { BenchContext } from "./harness.ts";

export const BENCH_DATABASE = "pgfirst_bench";

export interface MachineFacts {
  date: string;
  cpus: number;
  cpuModel: string;
  loadavgAtStart: number[];
  platform: string;
  node: string;
  postgres: string;
  redis: string | null;
  database: string;
  gitCommit: string | null;
  gitDirty: boolean | null;
}

export interface RealContext extends BenchContext {
  facts: MachineFacts;
  /** Why Redis contenders are skipped, or undefined when Redis answered. */
  redisUnavailable: string | undefined;
  close(): Promise<void>;
}

export interface ContextOptions {
  durationMs: number;
  /** Apply migrations even when DATABASE_URL is given. */
  migrate?: boolean;
  log: (message: string) => void;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = "/" + encodeURIComponent(database);
  return u.toString();
}

function quoteIdent(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

/** True when migrations/current.sql holds more than comments and blank lines. */
function currentHasContent(): boolean {
  const text = readFileSync(path.join(migrationsDir, "current.sql"), "utf8");
  return text.split("\n").map((l) => l.trim()).some((l) => l.startsWith("--!include") || (l !== "" && !l.startsWith("--")));
}

async function migrateWithCurrent(url: string, log: (m: string) => void): Promise<void> {
  log("migrating (committed migrations)…");
  await migrate(url);
  if (currentHasContent()) {
    log("applying migrations/current.sql (graphile-migrate watch --once)…");
    const r = await runGraphileMigrate(["watch", "--once"], { databaseUrl: url });
    if (r.code !== 0) throw new Error(`graphile-migrate watch --once failed:\n${r.stdout}${r.stderr}`);
  }
}

function git(args: string[]): string | null {
  try {
    return execFileSync("git", args, { cwd: packageRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

async function connectRedis(log: (m: string) => void): Promise<{ redis: Redis | null; reason: string | undefined; version: string | null }> {
  const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let lastError = "";
  redis.on("error", (e: Error) => (lastError = e.message)); // reported in the skip note below
  try {
    await redis.connect();
    await redis.ping();
    const info = await redis.info("server");
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown";
    log(`Redis ${version} at ${url.replace(/\/\/[^@]*@/, "//")}`);
    return { redis, reason: undefined, version };
  } catch (e) {
    redis.disconnect();
    const reason = `no Redis answered at ${url.replace(/\/\/[^@]*@/, "//")} (${lastError || (e as Error).message}); set REDIS_URL to include it`;
    log(reason);
    return { redis: null, reason, version: null };
  }
}

export async function createContext(opts: ContextOptions): Promise<RealContext> {
  const { log } = opts;
  let embedded: EmbeddedCluster | undefined;
  let databaseUrl: string;
  const pools = new Map<number, Sql>();
  const others: Sql[] = [];
  const scratch: string[] = [];
  let redis: Redis | null = null;

  const close = async () => {
    for (const sql of pools.values()) await sql.end({ timeout: 5 }).catch(() => {});
    pools.clear();
    for (const sql of others.splice(0)) await sql.end({ timeout: 5 }).catch(() => {});
    if (scratch.length) {
      const admin = createSql(withDatabase(databaseUrl, "postgres"), {}, 1);
      for (const db of scratch) await admin.unsafe(`drop database if exists ${quoteIdent(db)} with (force)`).catch(() => {});
      await admin.end({ timeout: 5 });
    }
    redis?.disconnect();
    await embedded?.stop();
  };

  if (process.env.DATABASE_URL) {
    databaseUrl = process.env.DATABASE_URL;
    if (opts.migrate) await migrateWithCurrent(databaseUrl, log);
  } else {
    log("starting the embedded bench cluster (.pgfirst/bench)…");
    embedded = await startEmbedded({
      dir: path.join(packageRoot, ".pgfirst", "bench"),
      persistent: true,
      extraFlags: ["-c", "max_connections=200"],
      onLog: () => {},
    });
    databaseUrl = embedded.url(BENCH_DATABASE);
    try {
      // A fresh database every run: no leftovers from an earlier current.sql or suite.
      const admin = createSql(embedded.url("postgres"), {}, 1);
      try {
        await admin.unsafe(`drop database if exists ${quoteIdent(BENCH_DATABASE)} with (force)`);
        await admin.unsafe(`create database ${quoteIdent(BENCH_DATABASE)}`);
      } finally {
        await admin.end({ timeout: 5 });
      }
      await migrateWithCurrent(databaseUrl, log);
    } catch (e) {
      await embedded.stop();
      throw e;
    }
  }

  const pg = (max: number): Sql => {
    let sql = pools.get(max);
    if (!sql) {
      sql = createSql(databaseUrl, { connection: { application_name: `pgfirst-bench-${max}` } }, max);
      pools.set(max, sql);
    }
    return sql;
  };

  try {
    const [v] = await pg(1)<{ server_version: string }[]>`show server_version`;
    const r = await connectRedis(log);
    redis = r.redis;
    const commit = git(["rev-parse", "--short=12", "HEAD"]);
    const status = git(["status", "--porcelain", "--untracked-files=no"]);
    const u = new URL(databaseUrl);
    const facts: MachineFacts = {
      date: new Date().toISOString(),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      loadavgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      postgres: v?.server_version ?? "unknown",
      redis: r.version,
      database: embedded ? `embedded (.pgfirst/bench) ${u.pathname.slice(1)}` : `${u.hostname}:${u.port || 5432}${u.pathname}`,
      gitCommit: commit,
      gitDirty: status === null ? null : status !== "",
    };
    return {
      databaseUrl, pg, redis,
      pgAt: (url: string, max: number) => {
        const sql = createSql(url, { connection: { application_name: `pgfirst-bench-${max}` } }, max);
        others.push(sql);
        return sql;
      }, durationMs: opts.durationMs, log, facts,
      redisUnavailable: r.reason,
      scratchDatabase: async (name: string) => {
        const admin = createSql(withDatabase(databaseUrl, "postgres"), {}, 1);
        try {
          await admin.unsafe(`drop database if exists ${quoteIdent(name)} with (force)`);
          await admin.unsafe(`create database ${quoteIdent(name)}`);
        } finally {
          await admin.end({ timeout: 5 });
        }
        if (!scratch.includes(name)) scratch.push(name);
        return withDatabase(databaseUrl, name);
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
