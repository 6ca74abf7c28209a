/**
 * An optional in-process near cache in front of `cache_get` (docs/cache.md, "Near cache").
 *
 * Hot keys are answered from a Map in this process, without a round trip. Correctness rests
 * on two mechanisms:
 *
 * - **Invalidation by notification.** Writes made through a NearCache (`set`, `delete`,
 *   `invalidate`) send `pg_notify(channel, [tenant, namespace, key])` in the same
 *   transaction as the write; every NearCache LISTENing on the channel (any process, any
 *   connection to the same database) drops that entry when the write commits. When the
 *   LISTEN connection is (re)established the whole near cache is dropped, because
 *   notifications may have been missed while it was down.
 * - **A staleness bound for everything else.** Writes that do not notify (plain SQL,
 *   another client, expiry, `cache_clear`, maintenance) are seen at the latest `maxStaleMs`
 *   after the entry was fetched: an entry is never served longer than that.
 *
 * A read that was already on its way when an invalidation arrived is not stored (an
 * invalidation counter is compared before and after the fetch), so a notification can
 * never be overtaken by the stale value it invalidates. Values are deep-frozen: callers
 * share them and must not mutate them. Payloads carry only addresses, never values, so a
 * hostile client that can NOTIFY on the channel can at worst cause extra fetches.
 */
import type { Json, PoolSql, Sql } from "./sql.ts";
import { cacheDelete, cacheGet, cacheSet, type Scope, type WriteOptions } from "./cache.ts";

export interface NearCacheOptions {
  /** Longest time (ms) an entry is served without asking the database; default 1000. Bounds staleness for writes that do not notify. */
  maxStaleMs?: number;
  /** Most entries kept (the oldest fetched is dropped first); default 10,000. */
  maxEntries?: number;
  /** LISTEN for invalidations (default true). Without it, only maxStaleMs bounds staleness. */
  listen?: boolean;
  /** Notification channel shared by every near cache of the application; default "pgfirst_near_cache". */
  channel?: string;
  /** Namespaces kept near (default: every namespace). Other namespaces go straight to cache_get. */
  namespaces?: readonly string[];
}

export interface NearCacheStats {
  /** Reads answered from this process. */
  hits: number;
  /** Reads that asked the database. */
  misses: number;
  /** Entries dropped by notifications (or by a LISTEN reconnect: counted once per entry). */
  invalidations: number;
  /** Entries held now. */
  size: number;
}

interface Entry {
  value: Json | null;
  /** performance.now() after which the entry is not served. */
  until: number;
}

const SEP = "\u0000";
const addr = (tenant: string, namespace: string, key: string) => `${tenant}${SEP}${namespace}${SEP}${key}`;

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}

export class NearCache {
  readonly stats: NearCacheStats = { hits: 0, misses: 0, invalidations: 0, size: 0 };
  private readonly entries = new Map<string, Entry>();
  private readonly maxStaleMs: number;
  private readonly maxEntries: number;
  private readonly channel: string;
  private readonly useListen: boolean;
  private readonly only: Set<string> | null;
  /** Bumped by every invalidation: a fetch that saw it change does not store its result. */
  private generation = 0;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly sql: Sql,
    o: NearCacheOptions = {},
  ) {
    this.maxStaleMs = o.maxStaleMs ?? 1000;
    this.maxEntries = o.maxEntries ?? 10_000;
    this.channel = o.channel ?? "pgfirst_near_cache";
    this.useListen = o.listen ?? true;
    this.only = o.namespaces ? new Set(o.namespaces) : null;
    if (!(this.maxStaleMs >= 0) || !(this.maxEntries >= 1)) throw new RangeError("maxStaleMs must be ≥ 0 and maxEntries ≥ 1");
  }

  /** Starts listening for invalidations (needs a pool, not a transaction). Resolves once LISTEN is in place. */
  async start(): Promise<void> {
    if (!this.useListen || this.unlisten) return;
    const pool = this.sql as PoolSql;
    if (typeof pool.listen !== "function") throw new TypeError("NearCache.start needs a pool (sql.listen), not a transaction");
    const sub = await pool.listen(
      this.channel,
      (payload) => this.onNotify(payload),
      // (re)connected: notifications may have been missed while the connection was down
      () => this.clear(),
    );
    this.unlisten = () => sub.unlisten();
  }

  /** Stops listening and drops every entry. */
  async stop(): Promise<void> {
    const u = this.unlisten;
    this.unlisten = null;
    await u?.();
    this.clear();
  }

  /** cache_get through the near cache. `now` (pinned clock) bypasses it. */
  async get<T extends Json = Json>(namespace: string, key: string, opts?: Scope): Promise<T | null> {
    if (opts?.now !== undefined || (this.only && !this.only.has(namespace))) return cacheGet<T>(this.sql, namespace, key, opts);
    const a = addr(opts?.tenant ?? "", namespace, key);
    const e = this.entries.get(a);
    const t = performance.now();
    if (e && e.until > t) {
      this.stats.hits++;
      return e.value as T | null;
    }
    this.stats.misses++;
    const gen = this.generation;
    const value = await cacheGet<T>(this.sql, namespace, key, opts);
    if (gen === this.generation) {
      // a fetch that started before an invalidation is not stored: it may predate the write
      this.entries.delete(a);
      this.entries.set(a, { value: deepFreeze(value), until: t + this.maxStaleMs });
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.stats.size = this.entries.size;
    }
    return value;
  }

  /** cache_set, then tells every near cache (this one at once) to drop the entry; one transaction. */
  async set(namespace: string, key: string, value: Json, opts?: WriteOptions): Promise<void> {
    await this.write(namespace, key, opts?.tenant, (sql) => cacheSet(sql, namespace, key, value, opts));
  }

  /** cache_delete, then tells every near cache to drop the entry; returns whether a live entry was deleted. */
  async delete(namespace: string, key: string, opts?: Scope): Promise<boolean> {
    let deleted = false;
    await this.write(namespace, key, opts?.tenant, async (sql) => {
      deleted = await cacheDelete(sql, namespace, key, opts);
    });
    return deleted;
  }

  /** Tells every near cache to drop (tenant, namespace, key), e.g. after a write made in SQL. */
  async invalidate(namespace: string, key: string, opts?: { tenant?: string }): Promise<void> {
    this.drop(addr(opts?.tenant ?? "", namespace, key));
    await this.notify(this.sql, opts?.tenant ?? "", namespace, key);
  }

  /** Drops every entry of this process (no notification). */
  clear(): void {
    this.generation++;
    this.stats.invalidations += this.entries.size;
    this.entries.clear();
    this.stats.size = 0;
  }

  private async write(namespace: string, key: string, tenant: string | undefined, fn: (sql: Sql) => Promise<void>): Promise<void> {
    const a = addr(tenant ?? "", namespace, key);
    this.drop(a);
    const pool = this.sql as PoolSql;
    const body = async (sql: Sql) => {
      await fn(sql);
      await this.notify(sql, tenant ?? "", namespace, key);
    };
    // the notification is delivered when the write commits, and only if it commits
    if (typeof pool.begin === "function") await pool.begin((tx) => body(tx as unknown as Sql));
    else await body(this.sql); // already a transaction: it commits both
    this.drop(a); // a read of this process that raced the write must not keep the old value
  }

  private async notify(sql: Sql, tenant: string, namespace: string, key: string): Promise<void> {
    await sql`select pg_catalog.pg_notify(${this.channel}, ${JSON.stringify([tenant, namespace, key])})`;
  }

  private onNotify(payload: string): void {
    let a: string;
    try {
      const [tenant, namespace, key] = JSON.parse(payload) as [unknown, unknown, unknown];
      if (typeof tenant !== "string" || typeof namespace !== "string" || typeof key !== "string") throw new Error("bad payload");
      a = addr(tenant, namespace, key);
    } catch {
      this.clear(); // not ours or malformed: dropping everything is always safe
      return;
    }
    this.drop(a);
  }

  private drop(a: string): void {
    this.generation++;
    if (this.entries.delete(a)) {
      this.stats.invalidations++;
      this.stats.size = this.entries.size;
    }
  }
}

/** A near cache on `sql` (call `start()` to listen for invalidations). */
export function createNearCache(sql: Sql, o?: NearCacheOptions): NearCache {
  return new NearCache(sql, o);
}
