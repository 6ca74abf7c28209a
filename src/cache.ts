/**
 * Cache: one helper per `pgfirst.cache_*` SQL function (docs/cache.md), named after it in
 * camelCase (`cache_get` → `cacheGet`). Each takes a `Sql` (pool or transaction), sends
 * only the arguments given (SQL owns the defaults; see core.ts) and rethrows PF errors as
 * typed classes. The only loop is `cacheGetOrSet`, which polls `cache_lease`.
 *
 * Intervals are PostgreSQL interval text ("30 seconds") or a number of seconds. Values are
 * anything JSON can hold; `undefined` is not a value (use `cacheDelete`).
 */
import type { Interval, Json, Sql } from "./sql.ts";
import { callRow, callRows, callValue } from "./core.ts";

export type { Interval, Json };

export interface Scope {
  /** Tenant; omitted: the SQL default '' (no tenant). */
  tenant?: string;
  /** Pins the clock (tests); default: the database's now(). */
  now?: Date;
}
export interface WriteOptions extends Scope {
  /** Time to live; omitted or null: the namespace's default_ttl, else no expiry. */
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

const scope = (o: Scope | undefined) => ({ tenant: [o?.tenant, "text"], now: [o?.now, "timestamptz"] } as const);

/** cache_get: the live value or null (Redis GET). */
export function cacheGet<T extends Json = Json>(sql: Sql, namespace: string, key: string, opts?: Scope): Promise<T | null> {
  return callValue<T | null>(sql, "cache_get", { namespace: [namespace, "text"], key: [key, "text"], ...scope(opts) });
}

/** cache_get_many: the live entries among keys, as a Map (missing keys are absent; Redis MGET). */
export async function cacheGetMany<T extends Json = Json>(sql: Sql, namespace: string, keys: readonly string[], opts?: Scope): Promise<Map<string, T>> {
  const rows = await callRows<{ key: string; value: T }>(sql, "cache_get_many",
    { namespace: [namespace, "text"], keys: [[...keys], "text[]"], ...scope(opts) }, "f.key, f.value");
  return new Map(rows.map((r) => [r.key, r.value]));
}

/** cache_set: store value (Redis SET [EX]). */
export async function cacheSet(sql: Sql, namespace: string, key: string, value: Json, opts?: WriteOptions): Promise<void> {
  await callValue(sql, "cache_set", { namespace: [namespace, "text"], key: [key, "text"], value: [value, "jsonb"], ttl: [opts?.ttl, "interval"], ...scope(opts) });
}

/** cache_set_many: store every entry with one expiry in one statement; returns keys written. */
export function cacheSetMany(sql: Sql, namespace: string, entries: Record<string, Json> | Map<string, Json>, opts?: WriteOptions): Promise<number> {
  const object = entries instanceof Map ? Object.fromEntries(entries) : entries;
  return callValue<number>(sql, "cache_set_many", { namespace: [namespace, "text"], entries: [object, "jsonb"], ttl: [opts?.ttl, "interval"], ...scope(opts) });
}

/** cache_add: store only when missing or expired (Redis SET NX); true when stored. */
export function cacheAdd(sql: Sql, namespace: string, key: string, value: Json, opts?: WriteOptions): Promise<boolean> {
  return callValue<boolean>(sql, "cache_add", { namespace: [namespace, "text"], key: [key, "text"], value: [value, "jsonb"], ttl: [opts?.ttl, "interval"], ...scope(opts) });
}

/** cache_delete: true when a live value was removed (Redis DEL). */
export function cacheDelete(sql: Sql, namespace: string, key: string, opts?: Pick<Scope, "tenant">): Promise<boolean> {
  return callValue<boolean>(sql, "cache_delete", { namespace: [namespace, "text"], key: [key, "text"], tenant: [opts?.tenant, "text"] });
}

/** cache_delete_many: how many live values were removed. */
export function cacheDeleteMany(sql: Sql, namespace: string, keys: readonly string[], opts?: Pick<Scope, "tenant">): Promise<number> {
  return callValue<number>(sql, "cache_delete_many", { namespace: [namespace, "text"], keys: [[...keys], "text[]"], tenant: [opts?.tenant, "text"] });
}

/**
 * cache_incr: atomic add (Redis INCRBY); the new value of the 64-bit counter as a decimal
 * string (exact; `BigInt(v)` or `Number(v)` as you need). `delta` omitted: the SQL default 1.
 */
export function cacheIncr(sql: Sql, namespace: string, key: string, delta?: number | bigint | string, opts?: WriteOptions): Promise<string> {
  return callValue<string>(sql, "cache_incr",
    { namespace: [namespace, "text"], key: [key, "text"], delta: [delta, "bigint"], ttl: [opts?.ttl, "interval"], ...scope(opts) }, "f.value::text");
}

/** cache_touch: new expiry for a live key (Redis EXPIRE; null ttl = namespace default or none). */
export function cacheTouch(sql: Sql, namespace: string, key: string, ttl: Interval | null, opts?: Scope): Promise<boolean> {
  return callValue<boolean>(sql, "cache_touch", { namespace: [namespace, "text"], key: [key, "text"], ttl: [ttl, "interval"], ...scope(opts) });
}

/**
 * cache_clear: purge a tenant (all namespaces) or a namespace within a tenant. A namespace
 * across every tenant (tenant omitted or null) needs pgfirst_admin (PF112). Rows removed.
 */
export function cacheClear(sql: Sql, opts: { namespace?: string | null; tenant?: string | null }): Promise<number> {
  return callValue<number>(sql, "cache_clear", { namespace: [opts.namespace, "text"], tenant: [opts.tenant, "text"] }, "f.value::float8");
}

/** cache_lease: stampede-safe read; on a miss exactly one concurrent caller gets leased = true. */
export function cacheLease<T extends Json = Json>(sql: Sql, namespace: string, key: string, opts?: Scope & { lease?: Interval }): Promise<LeaseResult<T>> {
  return callRow<LeaseResult<T>>(sql, "cache_lease",
    { namespace: [namespace, "text"], key: [key, "text"], lease: [opts?.lease, "interval"], ...scope(opts) },
    "f.value, f.hit, f.leased, f.stale");
}

export interface CachePolicy {
  defaultTtl?: Interval | null;
  maxEntries?: number | null;
  staleTtl?: Interval | null;
}

/** cache_configure (pgfirst_admin): the whole policy of a namespace; omitted parts = none. */
export async function cacheConfigure(sql: Sql, namespace: string, policy: CachePolicy = {}): Promise<void> {
  await callValue(sql, "cache_configure", {
    namespace: [namespace, "text"], default_ttl: [policy.defaultTtl, "interval"],
    max_entries: [policy.maxEntries, "bigint"], stale_ttl: [policy.staleTtl, "interval"],
  });
}

/** cache_cleanup (pgfirst_worker/admin): one bounded sweep; rows removed. */
export function cacheCleanup(sql: Sql, opts: { maxRows?: number; now?: Date } = {}): Promise<number> {
  return callValue<number>(sql, "cache_cleanup", { max_rows: [opts.maxRows, "integer"], now: [opts.now, "timestamptz"] }, "f.value::float8");
}

/** cleanup_select2_cache: the old app's entry point; rows removed. */
export function cleanupSelect2Cache(sql: Sql): Promise<number> {
  return callValue<number>(sql, "cleanup_select2_cache", {}, "f.value::float8");
}

/** cache_stats (pgfirst_admin): per (namespace, tenant) counts; hits/misses are sampled estimates. */
export function cacheStats(sql: Sql): Promise<CacheStatsRow[]> {
  return callRows<CacheStatsRow>(sql, "cache_stats", {},
    `f.namespace, f.tenant, f.entries::float8 as entries, f.expired::float8 as expired, f.bytes::float8 as bytes,
     f.hits::float8 as hits, f.misses::float8 as misses`);
}

export interface GetOrSetOptions {
  tenant?: string;
  /** How long the computing caller holds the lease (omitted: cache_lease's default). */
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
export async function cacheGetOrSet<T extends Json>(
  sql: Sql, namespace: string, key: string, ttl: Interval | null, compute: () => Promise<T> | T, opts: GetOrSetOptions = {},
): Promise<T> {
  const deadline = Date.now() + (opts.waitMs ?? 10_000);
  let delay = opts.pollMs ?? 20;
  const leaseOpts = { ...(opts.tenant !== undefined ? { tenant: opts.tenant } : {}), ...(opts.lease !== undefined ? { lease: opts.lease } : {}) };
  for (;;) {
    const r = await cacheLease<T>(sql, namespace, key, leaseOpts);
    if (r.hit) return r.value as T;
    if (r.leased || Date.now() >= deadline) {
      const value = await compute();
      await cacheSet(sql, namespace, key, value, { ttl, ...(opts.tenant !== undefined ? { tenant: opts.tenant } : {}) });
      return value;
    }
    if (r.stale) return r.value as T;
    await sleep(Math.min(delay, Math.max(deadline - Date.now(), 1)));
    delay = Math.min(delay * 2, 250);
  }
}

// ---- deprecated names (before 0.2: `import * as cache from "pgfirst/src/cache.ts"`) ----
/** @deprecated use cacheGet */ export const get = cacheGet;
/** @deprecated use cacheGetMany */ export const getMany = cacheGetMany;
/** @deprecated use cacheSet */ export const set = cacheSet;
/** @deprecated use cacheSetMany */ export const setMany = cacheSetMany;
/** @deprecated use cacheAdd */ export const add = cacheAdd;
/** @deprecated use cacheDelete */ const del = cacheDelete;
export { del as delete };
/** @deprecated use cacheDeleteMany */ export const deleteMany = cacheDeleteMany;
/** @deprecated use cacheIncr (now returns a string) */ export const incr = cacheIncr;
/** @deprecated use cacheTouch */ export const touch = cacheTouch;
/** @deprecated use cacheClear */ export const clear = cacheClear;
/** @deprecated use cacheLease */ export const lease = cacheLease;
/** @deprecated use cacheConfigure */ export const configure = cacheConfigure;
/** @deprecated use cacheCleanup */ export const cleanup = cacheCleanup;
/** @deprecated use cleanupSelect2Cache */ export const cleanupSelect2 = cleanupSelect2Cache;
/** @deprecated use cacheStats */ export const stats = cacheStats;
/** @deprecated use cacheGetOrSet */ export const getOrSet = cacheGetOrSet;
