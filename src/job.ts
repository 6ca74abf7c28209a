/**
 * Jobs and queues (sql/functions/job): one helper per SQL function, named after it in
 * camelCase (`job_enqueue` → `jobEnqueue`, `queue_stats` → `queueStats`). Each takes a
 * `Sql` (pool or transaction: enqueue inside your own transaction and the job exists only
 * if it commits), sends only the arguments given (SQL owns the defaults: queue 'default',
 * priority 0, max_attempts 25, …) and returns camelCase rows. Job ids are strings.
 * No queue logic lives here.
 */
import type { Interval, Sql } from "./sql.ts";
import { callRows, callValue } from "./core.ts";

export type { Sql };

export type JobKeyMode = "replace" | "preserve_run_at" | "keep";
export type JobState = "pending" | "running" | "done" | "failed" | "dead" | "cancelled";

export interface EnqueueOptions {
  queue?: string;
  runAt?: Date | null;
  priority?: number;
  maxAttempts?: number;
  jobKey?: string | null;
  jobKeyMode?: JobKeyMode;
  tenant?: string;
  now?: Date | null;
  /** Per-key limits and fairness key (default: the tenant); docs/jobs.md "Fairness and per-key limits". */
  concurrencyKey?: string | null;
  /** Strict FIFO: runs only after every earlier job of this sequence (and tenant) finished. */
  sequenceKey?: string | null;
  /** Longest a run may take (interval text or seconds); reaped as 'timed out' after it. */
  maxRunTime?: Interval | null;
  /** With jobKey: the key stays taken this long after the job succeeded (interval text or seconds). */
  uniqueFor?: Interval | null;
}

export interface JobSpec extends EnqueueOptions {
  task: string;
  payload?: unknown;
}

export interface ClaimedJob {
  /** bigint id as a string. */
  id: string;
  task: string;
  payload: unknown;
  queue: string;
  tenant: string;
  attempt: number;
  maxAttempts: number;
  leaseExpiresAt: Date;
  /** claimed_at + max_run_time (null: no maximum run time): the worker aborts the handler then. */
  deadline: Date | null;
}

export interface JobInfo {
  id: string;
  task: string;
  queue: string;
  tenant: string;
  state: JobState;
  attempt: number;
  maxAttempts: number;
  runAt: Date;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The last job_progress value of a live job (null once finished or never set). */
  progress: unknown;
}

export interface QueueStats {
  queue: string;
  pending: number;
  scheduled: number;
  running: number;
  dead: number;
  /** Age of the oldest ready job as PostgreSQL interval text, null when none is waiting. */
  oldestPendingAge: string | null;
}

export interface HeartbeatResult {
  id: string;
  cancelRequested: boolean;
}

/** The synchronous_commit = off suffix of the worker's hot path (same statement, so autocommit only). */
const ASYNC_COMMIT = "(select pg_catalog.set_config('synchronous_commit', 'off', true)) as s";

/** pgfirst.job_enqueue: one job, returns its id (with jobKey: the id of the deduplicated job). */
export function jobEnqueue(sql: Sql, task: string, payload?: unknown, o: EnqueueOptions = {}): Promise<string> {
  return callValue<string>(
    sql,
    "job_enqueue",
    {
      task: [task, "text"],
      payload: [payload, "jsonb"],
      queue: [o.queue, "text"],
      run_at: [o.runAt, "timestamptz"],
      priority: [o.priority, "integer"],
      max_attempts: [o.maxAttempts, "integer"],
      job_key: [o.jobKey, "text"],
      job_key_mode: [o.jobKeyMode, "text"],
      tenant: [o.tenant, "text"],
      now: [o.now, "timestamptz"],
      concurrency_key: [o.concurrencyKey, "text"],
      sequence_key: [o.sequenceKey, "text"],
      max_run_time: [o.maxRunTime, "interval"],
      unique_for: [o.uniqueFor, "interval"],
    },
    "f.value::text",
  );
}

/** An Interval as job_enqueue_many's JSON: interval text, or seconds as "N seconds". */
function intervalJson(v: Interval | null): string | null {
  return v === null ? null : typeof v === "number" ? `${v} seconds` : v;
}

/** A JobSpec as job_enqueue_many's jsonb element: the given fields only, snake_case keys. */
function specToJson(s: JobSpec): Record<string, unknown> {
  const o: Record<string, unknown> = { task: s.task };
  if (s.payload !== undefined) o.payload = s.payload;
  if (s.queue !== undefined) o.queue = s.queue;
  if (s.runAt !== undefined) o.run_at = s.runAt === null ? null : s.runAt.toISOString();
  if (s.priority !== undefined) o.priority = s.priority;
  if (s.maxAttempts !== undefined) o.max_attempts = s.maxAttempts;
  if (s.jobKey !== undefined) o.job_key = s.jobKey;
  if (s.jobKeyMode !== undefined) o.job_key_mode = s.jobKeyMode;
  if (s.tenant !== undefined) o.tenant = s.tenant;
  if (s.now !== undefined) o.now = s.now === null ? null : s.now.toISOString();
  if (s.concurrencyKey !== undefined) o.concurrency_key = s.concurrencyKey;
  if (s.sequenceKey !== undefined) o.sequence_key = s.sequenceKey;
  if (s.maxRunTime !== undefined) o.max_run_time = intervalJson(s.maxRunTime);
  if (s.uniqueFor !== undefined) o.unique_for = intervalJson(s.uniqueFor);
  return o;
}

/** pgfirst.job_enqueue_many: many jobs in one statement; ids in input order. */
export async function jobEnqueueMany(sql: Sql, jobs: readonly JobSpec[]): Promise<string[]> {
  const rows = await callRows<{ id: string }>(sql, "job_enqueue_many", { jobs: [jobs.map(specToJson), "jsonb"] }, "f.id::text as id", {
    alias: "f(id)",
  });
  return rows.map((r) => r.id);
}

export interface ClaimOptions {
  queues?: string[] | null;
  maxJobs?: number;
  /** Lease length: interval text or seconds (omitted: job_claim's default, 30 seconds). */
  lease?: Interval;
  /** Lease length in seconds (same as `lease` given as a number). */
  leaseSeconds?: number;
  now?: Date | null;
  /**
   * Commit this call with synchronous_commit = off (same statement, autocommit only: never
   * pass a transaction's `sql`). A claim lost in a crash only makes the job claimable again.
   */
  asyncCommit?: boolean;
}

/**
 * Row of job_claim / job_get as selected with `f.*` (plus the id as text): columns added by
 * a migration the database does not have yet (e.g. `deadline`, `progress` before the
 * migration that adds them is applied) are simply absent, so this layer works on both.
 */
type Raw = Record<string, unknown> & { idText: string };

/** pgfirst.job_claim: up to maxJobs ready jobs leased to workerId. */
export async function jobClaim(sql: Sql, workerId: string, o: ClaimOptions = {}): Promise<ClaimedJob[]> {
  const rows = await callRows<Raw>(
    sql,
    "job_claim",
    {
      worker_id: [workerId, "text"],
      queues: [o.queues, "text[]"],
      max_jobs: [o.maxJobs, "integer"],
      lease: [o.lease ?? o.leaseSeconds, "interval"],
      now: [o.now, "timestamptz"],
    },
    `f.*, f.id::text as "idText"`,
    o.asyncCommit ? { with: ASYNC_COMMIT } : {},
  );
  return rows.map((r) => ({
    id: r.idText,
    task: r.task as string,
    payload: r.payload,
    queue: r.queue as string,
    tenant: r.tenant as string,
    attempt: r.attempt as number,
    maxAttempts: r.max_attempts as number,
    leaseExpiresAt: r.lease_expires_at as Date,
    deadline: (r.deadline as Date | null | undefined) ?? null,
  }));
}

/**
 * pgfirst.job_complete: fenced by worker (and by attempt when `attempts` is given, one per
 * id). Returns how many jobs this worker still held and completed.
 */
export function jobComplete(
  sql: Sql,
  ids: readonly string[],
  workerId: string,
  o: { attempts?: number[]; now?: Date | null; asyncCommit?: boolean } = {},
): Promise<number> {
  // asyncCommit: as for jobClaim; a completion lost in a crash means the job runs again (at-least-once).
  return callValue<number>(
    sql,
    "job_complete",
    {
      ids: [[...ids], "bigint[]"],
      worker_id: [workerId, "text"],
      now: [o.now, "timestamptz"],
      attempts: [o.attempts, "integer[]"],
    },
    "f.value",
    o.asyncCommit ? { with: ASYNC_COMMIT } : {},
  );
}

export interface FailOptions {
  /** Delay before the retry: interval text or seconds (omitted or null: the backoff). */
  retryDelay?: Interval | null;
  /** Same as `retryDelay` in seconds. */
  retryDelaySeconds?: number | null;
  attempt?: number | null;
  now?: Date | null;
}

/** pgfirst.job_fail: the new state (failed | dead | cancelled), or null when fenced. */
export function jobFail(
  sql: Sql,
  id: string,
  workerId: string,
  error: string,
  o: FailOptions = {},
): Promise<"failed" | "dead" | "cancelled" | null> {
  return callValue(sql, "job_fail", {
    id: [id, "bigint"],
    worker_id: [workerId, "text"],
    error: [error, "text"],
    retry_delay: [o.retryDelay !== undefined ? o.retryDelay : o.retryDelaySeconds, "interval"],
    now: [o.now, "timestamptz"],
    attempt: [o.attempt, "integer"],
  });
}

/** pgfirst.job_heartbeat: extends every lease of the worker; returns the jobs still held. */
export function jobHeartbeat(
  sql: Sql,
  workerId: string,
  o: { lease?: Interval | null; leaseSeconds?: number | null; now?: Date | null; asyncCommit?: boolean } = {},
): Promise<HeartbeatResult[]> {
  return callRows<HeartbeatResult>(
    sql,
    "job_heartbeat",
    {
      worker_id: [workerId, "text"],
      lease: [o.lease !== undefined ? o.lease : o.leaseSeconds, "interval"],
      now: [o.now, "timestamptz"],
    },
    `f.id::text as id, f.cancel_requested as "cancelRequested"`,
    o.asyncCommit ? { with: ASYNC_COMMIT } : {},
  );
}

/** pgfirst.job_reap: expired leases back to the queue (or dead); returns how many. */
export function jobReap(sql: Sql, o: { now?: Date | null } = {}): Promise<number> {
  return callValue<number>(sql, "job_reap", { now: [o.now, "timestamptz"] });
}

/** pgfirst.job_cancel: true when a waiting job was cancelled or a running one flagged. */
export function jobCancel(sql: Sql, id: string): Promise<boolean> {
  return callValue<boolean>(sql, "job_cancel", { id: [id, "bigint"] });
}

/** pgfirst.job_retry: a dead or cancelled job back to pending. */
export function jobRetry(sql: Sql, id: string, o: { runAt?: Date | null } = {}): Promise<boolean> {
  return callValue<boolean>(sql, "job_retry", { id: [id, "bigint"], run_at: [o.runAt, "timestamptz"] });
}

/** pgfirst.job_get: the job, or null when unknown or already completed (archived). */
export async function jobGet(sql: Sql, id: string): Promise<JobInfo | null> {
  const [r] = await callRows<Raw>(sql, "job_get", { id: [id, "bigint"] }, `f.*, f.id::text as "idText"`);
  if (!r) return null;
  return {
    id: r.idText,
    task: r.task as string,
    queue: r.queue as string,
    tenant: r.tenant as string,
    state: r.state as JobState,
    attempt: r.attempt as number,
    maxAttempts: r.max_attempts as number,
    runAt: r.run_at as Date,
    lastError: r.last_error as string | null,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
    progress: r.progress ?? null,
  };
}

/** pgfirst.job_release: hand jobs back without counting the attempt (graceful shutdown). */
export function jobRelease(sql: Sql, ids: readonly string[], workerId: string, o: { now?: Date | null } = {}): Promise<number> {
  return callValue<number>(sql, "job_release", { ids: [[...ids], "bigint[]"], worker_id: [workerId, "text"], now: [o.now, "timestamptz"] });
}

export interface QueueConfig {
  /** Jobs of this queue running at once (null: unlimited). */
  concurrency?: number | null;
  paused?: boolean;
  /** How long finished jobs stay before archiving: interval text or seconds. */
  keepFinished?: Interval | null;
  /** At most this many running jobs per key (concurrency_key, else tenant) across all workers. */
  keyConcurrency?: number | null;
  /** Claims go round-robin over keys (tenants by default). */
  fair?: boolean;
  /** At most rateLimit starts per ratePeriod across all workers (both or neither). */
  rateLimit?: number | null;
  ratePeriod?: Interval | null;
}

/** pgfirst.queue_configure: the queue's whole configuration (omitted parts: queue_configure's defaults). */
export async function queueConfigure(sql: Sql, queue: string, o: QueueConfig = {}): Promise<void> {
  await callValue(sql, "queue_configure", {
    queue: [queue, "text"],
    concurrency: [o.concurrency, "integer"],
    paused: [o.paused, "boolean"],
    keep_finished: [o.keepFinished, "interval"],
    key_concurrency: [o.keyConcurrency, "integer"],
    fair: [o.fair, "boolean"],
    rate_limit: [o.rateLimit, "integer"],
    rate_period: [o.ratePeriod, "interval"],
  });
}

/** pgfirst.job_progress: records a running job's progress (JSON); false when not leased to workerId. */
export function jobProgress(sql: Sql, id: string, workerId: string, progress: unknown): Promise<boolean> {
  return callValue<boolean>(sql, "job_progress", { id: [id, "bigint"], worker_id: [workerId, "text"], progress: [progress, "jsonb"] });
}

/** pgfirst.queue_stats: per-queue counts. */
export function queueStats(sql: Sql): Promise<QueueStats[]> {
  return callRows<QueueStats>(
    sql,
    "queue_stats",
    {},
    `f.queue, f.pending::float8 as pending, f.scheduled::float8 as scheduled, f.running::float8 as running,
     f.dead::float8 as dead, f.oldest_pending_age::text as "oldestPendingAge"`,
  );
}

/**
 * pgfirst.job_listen_channel (worker, admin): the per-database channel on which enqueues
 * NOTIFY (payloads are empty). LISTEN on it on a direct connection to wake up without polling.
 */
export function jobListenChannel(sql: Sql): Promise<string> {
  return callValue<string>(sql, "job_listen_channel");
}
