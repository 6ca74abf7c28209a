/**
 * The facade: `createPgfirst(sql, { tenant })` binds a connection (pool or transaction) and
 * a tenant source to every helper, grouped by area:
 *
 *   const pg = createPgfirst(sql, { tenant: () => currentTenant() });
 *   await pg.cache.set("users", "42", user, { ttl: 60 });
 *   await pg.jobs.enqueue("send_email", { to });
 *   await sql.begin((tx) => pg.withSql(tx).jobs.enqueue("audit", { what }));
 *
 * Each method is the per-function export of the same name with `sql` bound (e.g.
 * `pg.cache.get` = `cacheGet`, `pg.queues.stats` = `queueStats`), so there is one naming
 * scheme: area.verb here, areaVerb as a function. The tenant of a call is the `tenant`
 * option when given (null included, where the SQL gives null a meaning), else the facade's
 * `tenant` (a string, or a function called on every call: per request), else none (the SQL
 * default ''). Nothing else is added: the arguments you give are the ones SQL receives.
 */
import type { ExpressSessionModule, PgfirstStoreOptions } from "./session.ts";
import type { PoolSql, Sql } from "./sql.ts";
import { resolveTenant, type TenantSource } from "./tenant.ts";
import * as cache from "./cache.ts";
import * as job from "./job.ts";
import * as session from "./session.ts";
import * as rl from "./rateLimit.ts";
import * as schedule from "./schedule.ts";
import * as dropdown from "./dropdown.ts";
import * as settings from "./settings.ts";
import * as dashboard from "./dashboard.ts";
import { Worker, type WorkerOptions } from "./worker.ts";

export interface PgfirstOptions {
  /**
   * The tenant of every call that takes one: a string, or a function called on each call
   * (e.g. `tenantContext(...).tenant`, reading the current request). Omitted or returning
   * undefined: no tenant is sent (SQL default '').
   */
  tenant?: TenantSource;
}

/** A per-call tenant override (null only where the SQL function gives null a meaning, e.g. "every tenant"). */
type WithTenant<O> = O & { tenant?: string | null };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Opt<F extends (...args: any) => unknown, N extends number> = NonNullable<Parameters<F>[N]>;
type Dropdown2 = Parameters<typeof dropdown.select2Handler>[0];

export function createPgfirst(sql: Sql, options: PgfirstOptions = {}) {
  /** `o` with the call's tenant filled in (unchanged when no tenant applies). */
  async function t<O extends object>(o: O | undefined): Promise<O> {
    const given = (o as { tenant?: string | null } | undefined)?.tenant;
    const tenant = await resolveTenant(options.tenant, given);
    if (tenant === undefined) return (o ?? {}) as O;
    return { ...(o ?? {}), tenant } as O;
  }
  const tenantFn = async (): Promise<string | undefined> => (await resolveTenant(options.tenant)) ?? undefined;

  return {
    /** The connection this facade uses. */
    sql,
    /** The same facade on another connection, typically a transaction: `sql.begin((tx) => pg.withSql(tx).jobs.enqueue(…))`. */
    withSql: (other: Sql) => createPgfirst(other, options),

    cache: {
      get: async <T extends cache.Json = cache.Json>(namespace: string, key: string, o?: cache.Scope) =>
        cache.cacheGet<T>(sql, namespace, key, await t(o)),
      getMany: async <T extends cache.Json = cache.Json>(namespace: string, keys: readonly string[], o?: cache.Scope) =>
        cache.cacheGetMany<T>(sql, namespace, keys, await t(o)),
      set: async (namespace: string, key: string, value: cache.Json, o?: cache.WriteOptions) =>
        cache.cacheSet(sql, namespace, key, value, await t(o)),
      setMany: async (namespace: string, entries: Record<string, cache.Json> | Map<string, cache.Json>, o?: cache.WriteOptions) =>
        cache.cacheSetMany(sql, namespace, entries, await t(o)),
      add: async (namespace: string, key: string, value: cache.Json, o?: cache.WriteOptions) =>
        cache.cacheAdd(sql, namespace, key, value, await t(o)),
      delete: async (namespace: string, key: string, o?: Pick<cache.Scope, "tenant">) => cache.cacheDelete(sql, namespace, key, await t(o)),
      deleteMany: async (namespace: string, keys: readonly string[], o?: Pick<cache.Scope, "tenant">) =>
        cache.cacheDeleteMany(sql, namespace, keys, await t(o)),
      incr: async (namespace: string, key: string, delta?: number | bigint | string, o?: cache.WriteOptions) =>
        cache.cacheIncr(sql, namespace, key, delta, await t(o)),
      touch: async (namespace: string, key: string, ttl: cache.Interval | null, o?: cache.Scope) =>
        cache.cacheTouch(sql, namespace, key, ttl, await t(o)),
      /** The facade's tenant applies; `{ tenant: null }` clears a namespace across every tenant (pgfirst_admin). */
      clear: async (o: Opt<typeof cache.cacheClear, 1> = {}) => cache.cacheClear(sql, await t(o)),
      lease: async <T extends cache.Json = cache.Json>(namespace: string, key: string, o?: cache.Scope & { lease?: cache.Interval }) =>
        cache.cacheLease<T>(sql, namespace, key, await t(o)),
      getOrSet: async <T extends cache.Json>(
        namespace: string,
        key: string,
        ttl: cache.Interval | null,
        compute: () => Promise<T> | T,
        o?: cache.GetOrSetOptions,
      ) => cache.cacheGetOrSet<T>(sql, namespace, key, ttl, compute, await t(o)),
      configure: (namespace: string, policy?: cache.CachePolicy) => cache.cacheConfigure(sql, namespace, policy),
      cleanup: (o?: Opt<typeof cache.cacheCleanup, 1>) => cache.cacheCleanup(sql, o),
      cleanupSelect2: () => cache.cleanupSelect2Cache(sql),
      stats: () => cache.cacheStats(sql),
    },

    sessions: {
      create: async (userId: string, o?: session.SessionCreateOptions) => session.sessionCreate(sql, userId, await t(o)),
      put: async (token: string, userId: string, data: session.SessionObject, o?: Omit<session.SessionCreateOptions, "data">) =>
        session.sessionPut(sql, token, userId, data, await t(o)),
      get: (token: string, o?: { now?: Date }) => session.sessionGet(sql, token, o),
      set: (token: string, data: session.SessionObject, o?: { now?: Date }) => session.sessionSet(sql, token, data, o),
      patch: (token: string, patch: session.SessionObject, o?: { now?: Date }) => session.sessionPatch(sql, token, patch, o),
      rotate: (token: string, o?: { now?: Date }) => session.sessionRotate(sql, token, o),
      destroy: (token: string) => session.sessionDestroy(sql, token),
      /** The facade's tenant applies; `{ tenant: null }`: every tenant. */
      destroyUser: async (userId: string, o?: Opt<typeof session.sessionDestroyUser, 2>) =>
        session.sessionDestroyUser(sql, userId, await t(o)),
      list: async (userId: string, o?: Opt<typeof session.sessionList, 2>) => session.sessionList(sql, userId, await t(o)),
      count: async (o?: Opt<typeof session.sessionCount, 1>) => session.sessionCount(sql, await t(o)),
      all: async (o?: Opt<typeof session.sessionAll, 1>) => session.sessionAll(sql, await t(o)),
      clear: async (o?: Opt<typeof session.sessionClear, 1>) => session.sessionClear(sql, await t(o)),
      cleanup: (o?: Opt<typeof session.sessionCleanup, 1>) => session.sessionCleanup(sql, o),
      /** An express-session store on this connection whose tenant is resolved per call from the facade's tenant. */
      store: (expressSession: ExpressSessionModule, o: Omit<PgfirstStoreOptions, "sql"> = {}) =>
        session.createSessionStore(expressSession, { sql, ...(options.tenant !== undefined ? { tenant: options.tenant } : {}), ...o }),
    },

    rateLimits: {
      hit: async (key: string, maxHits: number, per: session.IntervalInput, o?: rl.RateLimitOptions) =>
        rl.rateLimitHit(sql, key, maxHits, per, await t(o)),
      peek: async (key: string, maxHits: number, per: session.IntervalInput, o?: Omit<rl.RateLimitOptions, "cost">) =>
        rl.rateLimitPeek(sql, key, maxHits, per, await t(o)),
      reset: async (key: string, o?: { tenant?: string }) => rl.rateLimitReset(sql, key, await t(o)),
      cleanup: (o?: Opt<typeof rl.rateLimitCleanup, 1>) => rl.rateLimitCleanup(sql, o),
      /** Express middleware; the tenant is the option's, else the facade's, resolved per request. */
      middleware: <Req extends rl.MiddlewareRequest>(o: Omit<rl.RateLimitMiddlewareOptions<Req>, "sql">) =>
        rl.rateLimitMiddleware<Req>({ sql, ...(options.tenant !== undefined ? { tenant: tenantFn } : {}), ...o }),
    },

    login: {
      attempt: async (username: string, o?: rl.LoginOptions) => rl.loginAttempt(sql, username, await t(o)),
      succeeded: async (username: string, o?: Omit<rl.LoginOptions, "now">) => rl.loginSucceeded(sql, username, await t(o)),
      unlock: async (username: string, o?: { tenant?: string }) => rl.loginUnlock(sql, username, await t(o)),
      /** Admin: locked counters (all tenants unless `tenant` is given: the facade's tenant is not applied). */
      lockouts: (o?: Opt<typeof rl.loginLockouts, 1>) => rl.loginLockouts(sql, o),
      unlockSubject: (tenant: string, scope: string, subjectHex: string) => rl.loginUnlockSubject(sql, tenant, scope, subjectHex),
      guard: async <U>(
        login: { username: string } & Omit<rl.LoginOptions, "now">,
        checkPassword: () => Promise<U | null | undefined | false>,
      ) => rl.loginGuard<U>(sql, await t(login), checkPassword),
    },

    jobs: {
      enqueue: async (task: string, payload?: unknown, o?: job.EnqueueOptions) => job.jobEnqueue(sql, task, payload, await t(o)),
      /** Specs without a tenant get the facade's (resolved once for the batch). */
      enqueueMany: async (jobs: readonly job.JobSpec[]) => {
        const tenant = await resolveTenant(options.tenant);
        return job.jobEnqueueMany(
          sql,
          tenant === undefined || tenant === null ? jobs : jobs.map((j) => (j.tenant === undefined ? { ...j, tenant } : j)),
        );
      },
      claim: (workerId: string, o?: job.ClaimOptions) => job.jobClaim(sql, workerId, o),
      complete: (ids: readonly string[], workerId: string, o?: Opt<typeof job.jobComplete, 3>) => job.jobComplete(sql, ids, workerId, o),
      fail: (id: string, workerId: string, error: string, o?: job.FailOptions) => job.jobFail(sql, id, workerId, error, o),
      heartbeat: (workerId: string, o?: Opt<typeof job.jobHeartbeat, 2>) => job.jobHeartbeat(sql, workerId, o),
      reap: (o?: Opt<typeof job.jobReap, 1>) => job.jobReap(sql, o),
      cancel: (id: string) => job.jobCancel(sql, id),
      retry: (id: string, o?: Opt<typeof job.jobRetry, 2>) => job.jobRetry(sql, id, o),
      get: (id: string) => job.jobGet(sql, id),
      /** Operator reads and bulk actions: filters are explicit (the facade's tenant is not applied). */
      list: (o?: job.JobListOptions) => job.jobList(sql, o),
      detail: (id: string) => job.jobDetail(sql, id),
      retryMany: (o?: Opt<typeof job.jobRetryMany, 1>) => job.jobRetryMany(sql, o),
      cancelMany: (o?: Opt<typeof job.jobCancelMany, 1>) => job.jobCancelMany(sql, o),
      listenChannel: () => job.jobListenChannel(sql),
      result: (id: string) => job.jobResult(sql, id),
      resultChannel: () => job.jobResultChannel(sql),
      waitForResult: (id: string, o?: job.WaitForResultOptions) => job.waitForResult(sql, id, o),
      /** The facade's tenant applies unless o.tenant is given. */
      workflowEnqueue: async (spec: job.WorkflowNode, o?: Opt<typeof job.workflowEnqueue, 2>) => job.workflowEnqueue(sql, spec, await t(o)),
      workflowStatus: (workflowId: string) => job.workflowStatus(sql, workflowId),
      progress: (id: string, workerId: string, progress: unknown) => job.jobProgress(sql, id, workerId, progress),
      release: (ids: readonly string[], workerId: string, o?: Opt<typeof job.jobRelease, 3>) => job.jobRelease(sql, ids, workerId, o),
    },

    queues: {
      configure: (queue: string, o?: job.QueueConfig) => job.queueConfigure(sql, queue, o),
      stats: () => job.queueStats(sql),
      pause: (queue: string) => job.queuePause(sql, queue),
      resume: (queue: string) => job.queueResume(sql, queue),
      throughput: (o?: Opt<typeof job.queueThroughput, 1>) => job.queueThroughput(sql, o),
    },

    schedules: {
      set: async (name: string, task: string, o?: schedule.ScheduleOptions) => schedule.scheduleSet(sql, name, task, await t(o)),
      delete: (name: string) => schedule.scheduleDelete(sql, name),
      next: (name: string, after?: Date | null) => schedule.scheduleNext(sql, name, after),
      tick: (now?: Date | null) => schedule.scheduleTick(sql, now),
      list: () => schedule.scheduleList(sql),
      enable: (name: string) => schedule.scheduleEnable(sql, name),
      disable: (name: string) => schedule.scheduleDisable(sql, name),
      runNow: (name: string) => schedule.scheduleRunNow(sql, name),
      cronNext: (cron: string, after: Date, timezone?: string) => schedule.cronNext(sql, cron, after, timezone),
    },

    dropdowns: {
      define: (d: dropdown.DropdownDefinition) => dropdown.dropdownDefine(sql, d),
      /** dropdown_search needs a tenant: the option's, else the facade's, else '' (no tenant). */
      search: async (name: string, o: WithTenant<dropdown.SearchOptions> = {}) => {
        const { tenant, ...rest } = o;
        return dropdown.dropdownSearch(sql, name, (await resolveTenant(options.tenant, tenant)) ?? "", rest);
      },
      lookup: async (name: string, ids: readonly string[], o: { tenant?: string } = {}) =>
        dropdown.dropdownLookup(sql, name, (await resolveTenant(options.tenant, o.tenant)) ?? "", ids),
      refresh: (name: string) => dropdown.dropdownRefresh(sql, name),
      refreshNow: (name: string) => dropdown.dropdownRefreshNow(sql, name),
      refreshAll: () => dropdown.refreshMaterializedViews(sql),
      drop: (name: string) => dropdown.dropdownDrop(sql, name),
      status: () => dropdown.dropdownStatus(sql),
      /** The Select2 endpoint; the tenant is the option's function of the request, else the facade's, else ''. */
      handler: (o: Omit<Dropdown2, "sql" | "tenant"> & { tenant?: Dropdown2["tenant"] } = {}) =>
        dropdown.select2Handler({ sql, tenant: async () => (await resolveTenant(options.tenant)) ?? "", ...o }),
    },

    settings: {
      get: <T extends cache.Json = cache.Json>(name: string) => settings.settingGet<T>(sql, name),
      set: <T extends cache.Json = cache.Json>(name: string, value: T | null) => settings.settingSet<T>(sql, name, value),
      list: () => settings.settingList(sql),
    },

    dashboard: {
      overview: () => dashboard.dashboardOverview(sql),
      auditLog: (o?: Opt<typeof dashboard.auditLog, 1>) => dashboard.auditLog(sql, o),
    },

    health: (now?: Date | null) => schedule.health(sql, now),
    stats: () => schedule.stats(sql),
    maintenance: (now?: Date | null) => schedule.maintenance(sql, now),
    version: () => settings.version(sql),

    /**
     * A Worker on this facade's connection (not started: call `start()`). The worker needs a
     * pool of its own (LISTEN, its own connections), not a transaction.
     */
    worker: (o: Omit<WorkerOptions, "sql"> & { sql?: PoolSql }) => {
      const pool = o.sql ?? (sql as PoolSql);
      if (typeof (pool as { listen?: unknown }).listen !== "function")
        throw new TypeError("pg.worker needs a pool, not a transaction: pass { sql: pool }");
      return new Worker({ ...o, sql: pool });
    },
  };
}

export type Pgfirst = ReturnType<typeof createPgfirst>;
