/**
 * Cache: thin typed helpers over the `pgfirst.cache_*` SQL functions (docs/cache.md).
 * Every helper takes an injected `Sql` (a pool or a transaction's `sql`), calls exactly
 * one function with named arguments, and rethrows PF errors as typed classes
 * (CacheKeyInvalidError, …). The only loop is `getOrSet`, which polls `cache_lease`.
 *
 * Intervals are PostgreSQL interval text ("30 seconds", "1 day") or a number of seconds.
 * Values are anything JSON can hold; `undefined` is not a value (use `delete`).
 */
import postgres from "postgres";
import type { Sql } from "./db.ts";
import { mapErrors } from "./errors.ts";

export type Json = postgres.JSONValue;
/** PostgreSQL interval text ("5 minutes") or seconds. */
export type Interval = string | number;

export interface Scope {
  /** Tenant ('' when the application has none). */
  tenant?: string;
  /** Pins the clock (tests); default: the database's now(). */
  now?: Date;
}
export interface WriteOptions extends Scope {
  /** Time to live; omitted/null = the namespace default_ttl, else no expiry. */
  ttl?: Interval | null;
}

export interface LeaseResult<T> {
  value: T | null;
  hit: boolean;
  leased: boolean;
  stale: boolean;
}

export interface CacheStatsRow {
  namespace: string;
  tenant: string;
  entries: number;
  expired: number;
  bytes: number;
  /** Estimates from sampled reads (setting cache.stats_sample_rate); exact at rate 1. */
  hits: number;
  misses: number;
}

function interval(v: Interval | null | undefined): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === "number" ? `${v} seconds` : v;
}

const tenantOf = (o: Scope | undefined): string => o?.tenant ?? "";
const nowOf = (o: Scope | undefined): Date | null => o?.now ?? null;

/** cache_get: the live value or null (Redis GET). */
export function get<T extends Json = Json>(sql: Sql, namespace: string, key: string, opts?: Scope): Promise<T | null> {
  return mapErrors(async () => {
    const [row] = await sql<{ value: T | null }[]>`
      select pgfirst.cache_get(namespace => ${namespace}::text, key => ${key}::text,
                               tenant => ${tenantOf(opts)}::text, now => ${nowOf(opts)}::timestamptz) as value`;
    return row?.value ?? null;
  });
}

/** cache_get_many: the live entries among keys, as a Map (missing keys are absent; Redis MGET). */
export function getMany<T extends Json = Json>(
  sql: Sql,
  namespace: string,
  keys: readonly string[],
  opts?: Scope,
): Promise<Map<string, T>> {
  return mapErrors(async () => {
    const rows = await sql<{ key: string; value: T }[]>`
      select key, value
        from pgfirst.cache_get_many(namespace => ${namespace}::text, keys => ${sql.array([...keys])}::text[],
                                    tenant => ${tenantOf(opts)}::text, now => ${nowOf(opts)}::timestamptz)`;
    return new Map(rows.map((r) => [r.key, r.value]));
  });
}

/** cache_set: store value (Redis SET [EX]). */
export function set(sql: Sql, namespace: string, key: string, value: Json, opts?: WriteOptions): Promise<void> {
  return mapErrors(async () => {
    await sql`
      select pgfirst.cache_set(namespace => ${namespace}::text, key => ${key}::text, value => ${sql.json(value)}::jsonb,
                               ttl => ${interval(opts?.ttl)}::interval, tenant => ${tenantOf(opts)}::text,
                               now => ${nowOf(opts)}::timestamptz)`;
  });
}

/** cache_set_many: store every entry with one expiry in one statement; returns keys written. */
export function setMany(
  sql: Sql,
  namespace: string,
  entries: Record<string, Json> | Map<string, Json>,
  opts?: WriteOptions,
): Promise<number> {
  const object = entries instanceof Map ? Object.fromEntries(entries) : entries;
  return mapErrors(async () => {
    const [row] = await sql<{ n: number }[]>`
      select pgfirst.cache_set_many(namespace => ${namespace}::text, entries => ${sql.json(object)}::jsonb,
                                    ttl => ${interval(opts?.ttl)}::interval, tenant => ${tenantOf(opts)}::text,
                                    now => ${nowOf(opts)}::timestamptz) as n`;
    return Number(row?.n ?? 0);
  });
}

/** cache_add: store only when missing or expired (Redis SET NX); true when stored. */
export function add(sql: Sql, namespace: string, key: string, value: Json, opts?: WriteOptions): Promise<boolean> {
  return mapErrors(async () => {
    const [row] = await sql<{ stored: boolean }[]>`
      select pgfirst.cache_add(namespace => ${namespace}::text, key => ${key}::text, value => ${sql.json(value)}::jsonb,
                               ttl => ${interval(opts?.ttl)}::interval, tenant => ${tenantOf(opts)}::text,
                               now => ${nowOf(opts)}::timestamptz) as stored`;
    return row?.stored === true;
  });
}

/** cache_delete: true when a live value was removed (Redis DEL). */
function del(sql: Sql, namespace: string, key: string, opts?: Pick<Scope, "tenant">): Promise<boolean> {
  return mapErrors(async () => {
    const [row] = await sql<{ removed: boolean }[]>`
      select pgfirst.cache_delete(namespace => ${namespace}::text, key => ${key}::text, tenant => ${tenantOf(opts)}::text) as removed`;
    return row?.removed === true;
  });
}
export { del as delete };

/** cache_delete_many: how many live values were removed. */
export function deleteMany(sql: Sql, namespace: string, keys: readonly string[], opts?: Pick<Scope, "tenant">): Promise<number> {
  return mapErrors(async () => {
    const [row] = await sql<{ n: number }[]>`
      select pgfirst.cache_delete_many(namespace => ${namespace}::text, keys => ${sql.array([...keys])}::text[],
                                       tenant => ${tenantOf(opts)}::text) as n`;
    return Number(row?.n ?? 0);
  });
}

/** cache_incr: atomic add (Redis INCRBY); a 64-bit counter, hence bigint (see db.ts). */
export function incr(sql: Sql, namespace: string, key: string, delta: number | bigint = 1, opts?: WriteOptions): Promise<bigint> {
  return mapErrors(async () => {
    const [row] = await sql<{ n: string }[]>`
      select pgfirst.cache_incr(namespace => ${namespace}::text, key => ${key}::text, delta => ${String(delta)}::bigint,
                                ttl => ${interval(opts?.ttl)}::interval, tenant => ${tenantOf(opts)}::text,
                                now => ${nowOf(opts)}::timestamptz) as n`;
    return BigInt(row!.n);
  });
}

/** cache_touch: new expiry for a live key (Redis EXPIRE; null ttl = namespace default or none). */
export function touch(sql: Sql, namespace: string, key: string, ttl: Interval | null, opts?: Scope): Promise<boolean> {
  return mapErrors(async () => {
    const [row] = await sql<{ touched: boolean }[]>`
      select pgfirst.cache_touch(namespace => ${namespace}::text, key => ${key}::text, ttl => ${interval(ttl)}::interval,
                                 tenant => ${tenantOf(opts)}::text, now => ${nowOf(opts)}::timestamptz) as touched`;
    return row?.touched === true;
  });
}

/** cache_clear: purge a tenant (all namespaces) or a namespace within a tenant; a namespace across all tenants (no tenant) needs pgfirst_admin (PF112). Rows removed. */
export function clear(sql: Sql, scope: { namespace?: string; tenant?: string }): Promise<number> {
  return mapErrors(async () => {
    const [row] = await sql<{ n: string }[]>`
      select pgfirst.cache_clear(namespace => ${scope.namespace ?? null}::text, tenant => ${scope.tenant ?? null}::text) as n`;
    return Number(row?.n ?? 0);
  });
}

/** cache_lease: stampede-safe read; on a miss exactly one concurrent caller gets leased = true. */
export function lease<T extends Json = Json>(
  sql: Sql,
  namespace: string,
  key: string,
  opts?: Scope & { lease?: Interval },
): Promise<LeaseResult<T>> {
  return mapErrors(async () => {
    const [row] = await sql<LeaseResult<T>[]>`
      select value, hit, leased, stale
        from pgfirst.cache_lease(namespace => ${namespace}::text, key => ${key}::text,
                                 lease => ${interval(opts?.lease ?? "30 seconds")}::interval,
                                 tenant => ${tenantOf(opts)}::text, now => ${nowOf(opts)}::timestamptz)`;
    return row!;
  });
}

/** cache_configure (pgfirst_admin): the whole policy of a namespace; omitted parts = none. */
export function configure(
  sql: Sql,
  namespace: string,
  policy: { defaultTtl?: Interval | null; maxEntries?: number | null; staleTtl?: Interval | null },
): Promise<void> {
  return mapErrors(async () => {
    await sql`
      select pgfirst.cache_configure(namespace => ${namespace}::text, default_ttl => ${interval(policy.defaultTtl)}::interval,
                                     max_entries => ${policy.maxEntries ?? null}::bigint, stale_ttl => ${interval(policy.staleTtl)}::interval)`;
  });
}

/** cache_cleanup (pgfirst_worker/admin): one bounded sweep; rows removed. */
export function cleanup(sql: Sql, opts: { maxRows?: number; now?: Date } = {}): Promise<number> {
  return mapErrors(async () => {
    const [row] = await sql<{ n: string }[]>`
      select pgfirst.cache_cleanup(max_rows => ${opts.maxRows ?? 10000}::int, now => ${opts.now ?? null}::timestamptz) as n`;
    return Number(row?.n ?? 0);
  });
}

/** cleanup_select2_cache: the old app's entry point; rows removed. */
export function cleanupSelect2(sql: Sql): Promise<number> {
  return mapErrors(async () => {
    const [row] = await sql<{ n: string }[]>`select pgfirst.cleanup_select2_cache() as n`;
    return Number(row?.n ?? 0);
  });
}

/** cache_stats (pgfirst_admin): per (namespace, tenant) counts; hits/misses are sampled estimates. */
export function stats(sql: Sql): Promise<CacheStatsRow[]> {
  return mapErrors(async () => {
    const rows = await sql<Record<keyof CacheStatsRow, string>[]>`
      select namespace, tenant, entries, expired, bytes, hits, misses from pgfirst.cache_stats()`;
    return rows.map((r) => ({
      namespace: r.namespace,
      tenant: r.tenant,
      entries: Number(r.entries),
      expired: Number(r.expired),
      bytes: Number(r.bytes),
      hits: Number(r.hits),
      misses: Number(r.misses),
    }));
  });
}

export interface GetOrSetOptions {
  tenant?: string;
  /** How long the computing caller holds the lease (default 30 seconds). */
  lease?: Interval;
  /** How long a caller without the lease waits for the value before computing it itself (default 10 s). */
  waitMs?: number;
  /** First poll delay; doubles up to 250 ms (default 20 ms). */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The cached value, computing it on a miss — once across every process sharing the
 * database: the caller that gets the lease runs `compute` and stores the result with
 * `ttl`; the others serve the stale value when the namespace keeps one (stale_ttl), else
 * poll until the value appears. A caller that waited `waitMs` in vain (the holder is slow
 * or died) computes and stores the value itself. If `compute` throws, the lease stays
 * until it runs out, so the others keep waiting or serving stale data rather than
 * stampeding a failing backend.
 */
export async function getOrSet<T extends Json>(
  sql: Sql,
  namespace: string,
  key: string,
  ttl: Interval | null,
  compute: () => Promise<T> | T,
  opts: GetOrSetOptions = {},
): Promise<T> {
  const deadline = Date.now() + (opts.waitMs ?? 10_000);
  let delay = opts.pollMs ?? 20;
  const scope = {
    ...(opts.tenant !== undefined ? { tenant: opts.tenant } : {}),
    ...(opts.lease !== undefined ? { lease: opts.lease } : {}),
  };
  for (;;) {
    const r = await lease<T>(sql, namespace, key, scope);
    if (r.hit) return r.value as T;
    if (r.leased || Date.now() >= deadline) {
      const value = await compute();
      await set(sql, namespace, key, value, { ttl, tenant: opts.tenant ?? "" });
      return value;
    }
    if (r.stale) return r.value as T;
    await sleep(Math.min(delay, Math.max(deadline - Date.now(), 1)));
    delay = Math.min(delay * 2, 250);
  }
}
