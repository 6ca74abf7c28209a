/**
 * Jobs and queues (sql/functions/job): one helper per SQL function, named after it in
 * camelCase (`job_enqueue` → `jobEnqueue`, `queue_stats` → `queueStats`). Each takes a
 * `Sql` (pool or transaction: enqueue inside your own transaction and the job exists only
 * if it commits), sends only the arguments given (SQL owns the defaults: queue 'default',
 * priority 0, max_attempts 25, …) and returns camelCase rows. Job ids are strings.
 * No queue logic lives here.
 */
import type { Interval, PoolSql, Sql } from "./sql.ts";
import { usesTransactionPooling } from "./pooling.ts";
import { callRows, callValue } from "./core.ts";

export type { Sql };

export type JobKeyMode = "replace" | "preserve_run_at" | "keep";
export type JobState = "waiting" | "pending" | "running" | "done" | "failed" | "dead" | "cancelled";
/** What a dead or cancelled dependency does to a dependent job (docs/jobs.md, Dependencies and workflows). */
export type DependencyFailure = "fail" | "cancel" | "run";

export interface EnqueueOptions {
  queue?: string;
  runAt?: Date | null;
  priority?: number;
  maxAttempts?: number;
  jobKey?: string | null;
  jobKeyMode?: JobKeyMode;
  tenant?: string;
  now?: Date | null;
  /** Ids of jobs this one waits for: it runs once they all succeeded, with their results in payload.parent_results. */
  dependsOn?: readonly string[] | null;
  /** A dead or cancelled dependency makes this job dead (fail, default), cancelled (cancel), or it runs anyway (run). */
  onDependencyFailure?: DependencyFailure;
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
      depends_on: [o.dependsOn, "bigint[]"],
      on_dependency_failure: [o.onDependencyFailure, "text"],
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
  if (s.dependsOn !== undefined) o.depends_on = s.dependsOn;
  if (s.onDependencyFailure !== undefined) o.on_dependency_failure = s.onDependencyFailure;
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
 * id). `results`, one per id (undefined or null: none), are stored for jobResult, dependents
 * and the archive. Returns how many jobs this worker still held and completed.
 */
export function jobComplete(
  sql: Sql,
  ids: readonly string[],
  workerId: string,
  o: { attempts?: number[]; now?: Date | null; asyncCommit?: boolean; results?: readonly unknown[] } = {},
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
      results: [o.results, "jsonb[]"],
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

// ---- operations dashboard (issue 14) ---------------------------------------------------

/** The states job_list reports: `scheduled` is pending with a future run_at, `failed` awaits a retry, `done` is archived. */
export type JobListState = "waiting" | "pending" | "scheduled" | "running" | "failed" | "dead" | "cancelled" | "done";

/** The filters shared by jobList, jobRetryMany and jobCancelMany (omitted: no filter). */
export interface JobFilter {
  queue?: string | null;
  task?: string | null;
  tenant?: string | null;
  /** created_at >= since */
  since?: Date | null;
  /** created_at < until */
  until?: Date | null;
}

export interface JobListOptions extends JobFilter {
  state?: JobListState | null;
  /** Keyset paging: ids below this one (the last id of the previous page). */
  beforeId?: string | null;
  /** 1..1000 (default 50). */
  pageSize?: number;
}

export interface JobListRow {
  id: string;
  state: JobListState;
  queue: string;
  task: string;
  tenant: string;
  priority: number;
  attempt: number;
  maxAttempts: number;
  runAt: Date;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  lastError: string | null;
  jobKey: string | null;
}

/** One entry of a job's attempt history as job_fail/job_reap store it. */
export interface JobAttemptError {
  attempt: number;
  at: string;
  error: string;
  worker_id?: string;
}

export interface JobDetail extends JobListRow {
  payload: unknown;
  errors: JobAttemptError[];
  workerId: string | null;
  leaseExpiresAt: Date | null;
  claimedAt: Date | null;
  cancelRequested: boolean;
  /** The last job_progress of a running job (null once finished). */
  progress: unknown;
  /** The JSON result of a finished job while kept (job_result / archive). */
  result: unknown;
  workflowId: string | null;
}

export interface QueueThroughputRow {
  queue: string;
  bucketStart: Date;
  done: number;
  failed: number;
  dead: number;
  p50WaitMs: number | null;
  p95WaitMs: number | null;
  p50RunMs: number | null;
  p95RunMs: number | null;
}

const JOB_LIST_COLUMNS = `f.id::text as id, f.state, f.queue, f.task, f.tenant, f.priority, f.attempt,
  f.max_attempts as "maxAttempts", f.run_at as "runAt", f.created_at as "createdAt", f.updated_at as "updatedAt",
  f.finished_at as "finishedAt", f.last_error as "lastError", f.job_key as "jobKey"`;

function filterArgs(o: JobFilter) {
  return {
    queue: [o.queue, "text"],
    task: [o.task, "text"],
    tenant: [o.tenant, "text"],
    since: [o.since, "timestamptz"],
    until: [o.until, "timestamptz"],
  } as const;
}

/** pgfirst.job_list (worker, admin): one page of jobs in any state, newest first; next page: `beforeId` = last id. */
export function jobList(sql: Sql, o: JobListOptions = {}): Promise<JobListRow[]> {
  return callRows<JobListRow>(
    sql,
    "job_list",
    { state: [o.state, "text"], ...filterArgs(o), before_id: [o.beforeId, "bigint"], page_size: [o.pageSize, "integer"] },
    JOB_LIST_COLUMNS,
  );
}

/** pgfirst.job_detail (worker, admin): the job with payload and attempt history, or null when unknown. */
export async function jobDetail(sql: Sql, id: string): Promise<JobDetail | null> {
  const [row] = await callRows<JobDetail>(
    sql,
    "job_detail",
    { id: [id, "bigint"] },
    `${JOB_LIST_COLUMNS}, f.payload, f.errors, f.worker_id as "workerId", f.lease_expires_at as "leaseExpiresAt",
     f.claimed_at as "claimedAt", f.cancel_requested as "cancelRequested", f.progress, f.result,
     f.workflow_id::text as "workflowId"`,
  );
  return row ?? null;
}

/** pgfirst.queue_throughput (worker, admin): done/failed/dead counts and wait/run percentiles per queue and bucket. */
export function queueThroughput(
  sql: Sql,
  o: { since?: Interval; bucket?: Interval; queue?: string | null } = {},
): Promise<QueueThroughputRow[]> {
  return callRows<QueueThroughputRow>(
    sql,
    "queue_throughput",
    { since: [o.since, "interval"], bucket: [o.bucket, "interval"], queue: [o.queue, "text"] },
    `f.queue, f.bucket_start as "bucketStart", f.done::float8 as done, f.failed::float8 as failed, f.dead::float8 as dead,
     f.p50_wait_ms as "p50WaitMs", f.p95_wait_ms as "p95WaitMs", f.p50_run_ms as "p50RunMs", f.p95_run_ms as "p95RunMs"`,
  );
}

/** pgfirst.queue_pause (admin, audited): claims stop taking the queue's jobs; true when it changed. */
export function queuePause(sql: Sql, queue: string): Promise<boolean> {
  return callValue<boolean>(sql, "queue_pause", { queue: [queue, "text"] });
}

/** pgfirst.queue_resume (admin, audited): true when the queue was paused. */
export function queueResume(sql: Sql, queue: string): Promise<boolean> {
  return callValue<boolean>(sql, "queue_resume", { queue: [queue, "text"] });
}

/** pgfirst.job_retry_many (admin, audited): dead (or cancelled) jobs matching the filters back to pending; returns how many. */
export function jobRetryMany(sql: Sql, o: JobFilter & { state?: "dead" | "cancelled"; maxJobs?: number } = {}): Promise<number> {
  return callValue<number>(sql, "job_retry_many", { state: [o.state, "text"], ...filterArgs(o), max_jobs: [o.maxJobs, "integer"] });
}

/** pgfirst.job_cancel_many (admin, audited): live jobs matching the filters cancelled (running: flagged); returns how many. */
export function jobCancelMany(
  sql: Sql,
  o: JobFilter & { state?: "waiting" | "pending" | "scheduled" | "failed" | "running"; maxJobs?: number } = {},
): Promise<number> {
  return callValue<number>(sql, "job_cancel_many", { state: [o.state, "text"], ...filterArgs(o), max_jobs: [o.maxJobs, "integer"] });
}

export interface JobResult {
  /** waiting | pending | failed | running (result null), or done | dead | cancelled. */
  state: JobState;
  /** The JSON result the handler returned (null: none stored, or not finished). */
  result: unknown;
  finishedAt: Date | null;
}

/** pgfirst.job_result: state and result of a job; null for an id never issued. */
export async function jobResult(sql: Sql, id: string): Promise<JobResult | null> {
  const [row] = await callRows<JobResult>(sql, "job_result", { id: [id, "bigint"] }, `f.state, f.result, f.finished_at as "finishedAt"`);
  return row ?? null;
}

/** pgfirst.job_result_channel: LISTEN on it to hear that results were stored (then call jobResult). */
export function jobResultChannel(sql: Sql): Promise<string> {
  return callValue<string>(sql, "job_result_channel");
}

export interface WaitForResultOptions {
  /** Give up after this many milliseconds (default 30000): throws a JobWaitTimeoutError. */
  timeout?: number;
  /** Polling interval in milliseconds (default 500; with LISTEN it is only the fallback). */
  pollMs?: number;
  /** LISTEN on jobResultChannel (default: when sql is a pool not marked as transaction-pooled; false: poll only, e.g. behind PgBouncer in transaction mode). */
  listen?: boolean;
}

/** Thrown by waitForResult when the job has not finished within the timeout. */
export class JobWaitTimeoutError extends Error {
  constructor(
    readonly id: string,
    readonly state: JobState | null,
  ) {
    super(`job ${id} did not finish in time (state ${state ?? "unknown"})`);
    this.name = "JobWaitTimeoutError";
  }
}

const FINISHED = new Set(["done", "dead", "cancelled"]);

/**
 * Waits until a job finished (done, dead or cancelled) and returns jobResult's row. Woken by
 * NOTIFY on jobResultChannel when `listen` (job_complete notifies when it stores results) and
 * by polling every `pollMs` in any case, so it also works behind PgBouncer in transaction
 * mode with `listen: false`. Null for an id never issued.
 */
export async function waitForResult(sql: Sql, id: string, o: WaitForResultOptions = {}): Promise<JobResult | null> {
  const deadline = Date.now() + (o.timeout ?? 30_000);
  const pollMs = Math.max(10, o.pollMs ?? 500);
  let wake: (() => void) | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  // LISTEN needs a pool (a transaction cannot listen) and a session-mode connection
  const pool = "listen" in sql ? (sql as PoolSql) : null;
  if (pool && (o.listen ?? !usesTransactionPooling(pool))) {
    try {
      const channel = await jobResultChannel(sql);
      const sub = await pool.listen(channel, () => wake?.());
      unlisten = () => sub.unlisten();
    } catch {
      unlisten = null; // polling only
    }
  }
  try {
    for (;;) {
      const r = await jobResult(sql, id);
      if (r === null || FINISHED.has(r.state)) return r;
      const left = deadline - Date.now();
      if (left <= 0) throw new JobWaitTimeoutError(id, r.state);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(pollMs, left));
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    }
  } finally {
    await unlisten?.().catch(() => undefined);
  }
}

// ---- workflows (chain, group, chord) ----

/** One step of a workflow: a job to enqueue (fields as job_enqueue; no dependsOn: the shape decides). */
export interface WorkflowTask {
  task: string;
  payload?: unknown;
  queue?: string;
  priority?: number;
  maxAttempts?: number;
  runAt?: Date | null;
  onDependencyFailure?: DependencyFailure;
  /** A label shown by workflowStatus. */
  name?: string;
}

/** A workflow spec node as workflow_enqueue reads it (build it with step/chain/group/chord). */
export type WorkflowNode =
  | { task: string; [k: string]: unknown }
  | { chain: WorkflowNode[] }
  | { group: WorkflowNode[] }
  | { chord: WorkflowNode[]; callback: WorkflowNode };

/** A task step (Celery's signature, `add.s(2, 2)`): `step("add", { x: 2 })`. */
export function step(name: string, payload?: unknown, o: Omit<WorkflowTask, "task" | "payload"> = {}): WorkflowNode {
  const n: { task: string; [k: string]: unknown } = { task: name };
  if (payload !== undefined) n.payload = payload;
  if (o.queue !== undefined) n.queue = o.queue;
  if (o.priority !== undefined) n.priority = o.priority;
  if (o.maxAttempts !== undefined) n.max_attempts = o.maxAttempts;
  if (o.runAt !== undefined) n.run_at = o.runAt === null ? null : o.runAt.toISOString();
  if (o.onDependencyFailure !== undefined) n.on_dependency_failure = o.onDependencyFailure;
  if (o.name !== undefined) n.name = o.name;
  return n;
}

/** Steps one after another; each receives the previous step's results in payload.parent_results. */
export function chain(...steps: WorkflowNode[]): WorkflowNode {
  return { chain: steps };
}

/** Steps in parallel (all after whatever precedes the group); the next step receives all their results, in order. */
export function group(...steps: WorkflowNode[]): WorkflowNode {
  return { group: steps };
}

/** A group, then callback with every member's result in payload.parent_results (group order). */
export function chord(steps: WorkflowNode[], callback: WorkflowNode): WorkflowNode {
  return { chord: steps, callback };
}

export interface WorkflowStep {
  workflowId: string;
  step: number;
  stepName: string | null;
  task: string;
  jobId: string;
}

/** pgfirst.workflow_enqueue: the whole workflow in one statement (all or nothing); one row per step. */
export function workflowEnqueue(
  sql: Sql,
  spec: WorkflowNode,
  o: { name?: string | null; tenant?: string; now?: Date | null } = {},
): Promise<WorkflowStep[]> {
  return callRows<WorkflowStep>(
    sql,
    "workflow_enqueue",
    { spec: [spec, "jsonb"], name: [o.name, "text"], tenant: [o.tenant, "text"], now: [o.now, "timestamptz"] },
    `f.workflow_id::text as "workflowId", f.step, f.step_name as "stepName", f.task, f.job_id::text as "jobId"`,
  );
}

export interface WorkflowStepStatus {
  step: number;
  stepName: string | null;
  jobId: string;
  /** JSON path of the innermost group holding the step, null outside groups. */
  groupId: string | null;
  state: JobState;
  result: unknown;
  finishedAt: Date | null;
  groupDone: number;
  groupTotal: number;
  /** running while any step is live, else dead, cancelled or done (same on every row). */
  workflowState: "running" | "done" | "dead" | "cancelled";
}

/** pgfirst.workflow_status: every step's state and result plus the workflow's state, in one query. */
export function workflowStatus(sql: Sql, workflowId: string): Promise<WorkflowStepStatus[]> {
  return callRows<WorkflowStepStatus>(
    sql,
    "workflow_status",
    { workflow_id: [workflowId, "bigint"] },
    `f.step, f.step_name as "stepName", f.job_id::text as "jobId", f.group_id as "groupId", f.state, f.result,
      f.finished_at as "finishedAt", f.group_done as "groupDone", f.group_total as "groupTotal",
      f.workflow_state as "workflowState"`,
  );
}
