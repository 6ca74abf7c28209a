/**
 * Typed helpers for sql/functions/job: one per SQL function, the `Sql` (or a transaction's
 * `sql`) injected, named arguments with explicit casts, PF errors mapped to classes.
 * Job ids are strings (see the bigint decision in db.ts). No queue logic lives here.
 */
import type postgres from "postgres";
import type { Sql as PoolSql } from "./db.ts";

/** A pool or a transaction (`sql.begin(async (tx) => jobEnqueue(tx, …))`). */
export type Sql = PoolSql | postgres.TransactionSql;
import { mapErrors } from "./errors.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonParam = Parameters<Sql["json"]>[0];

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
}

export interface JobSpec extends EnqueueOptions {
  task: string;
  payload?: unknown;
}

export interface ClaimedJob {
  id: string;
  task: string;
  payload: unknown;
  queue: string;
  tenant: string;
  attempt: number;
  max_attempts: number;
  lease_expires_at: Date;
}

export interface JobInfo {
  id: string;
  task: string;
  queue: string;
  tenant: string;
  state: JobState;
  attempt: number;
  max_attempts: number;
  run_at: Date;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface QueueStats {
  queue: string;
  pending: number;
  scheduled: number;
  running: number;
  dead: number;
  oldest_pending_age: string | null;
}

const json = (sql: Sql, v: unknown) => sql.json((v ?? {}) as JsonParam);

/** pgfirst.job_enqueue: one job, returns its id (with jobKey: the id of the deduplicated job). */
export function jobEnqueue(sql: Sql, task: string, payload: unknown = {}, o: EnqueueOptions = {}): Promise<string> {
  return mapErrors(async () => {
    const [row] = await sql<{ id: string }[]>`
      select pgfirst.job_enqueue(
        task => ${task}::text, payload => ${json(sql, payload)}::jsonb,
        queue => ${o.queue ?? "default"}::text, run_at => ${o.runAt ?? null}::timestamptz,
        priority => ${o.priority ?? 0}::int, max_attempts => ${o.maxAttempts ?? 25}::int,
        job_key => ${o.jobKey ?? null}::text, job_key_mode => ${o.jobKeyMode ?? "replace"}::text,
        tenant => ${o.tenant ?? ""}::text, now => ${o.now ?? null}::timestamptz) as id`;
    return row!.id;
  });
}

function specToJson(s: JobSpec): Record<string, Json> {
  const o: Record<string, Json> = { task: s.task };
  if (s.payload !== undefined) o.payload = s.payload as Json;
  if (s.queue !== undefined) o.queue = s.queue;
  if (s.runAt) o.run_at = s.runAt.toISOString();
  if (s.priority !== undefined) o.priority = s.priority;
  if (s.maxAttempts !== undefined) o.max_attempts = s.maxAttempts;
  if (s.jobKey) o.job_key = s.jobKey;
  if (s.jobKeyMode !== undefined) o.job_key_mode = s.jobKeyMode;
  if (s.tenant !== undefined) o.tenant = s.tenant;
  if (s.now) o.now = s.now.toISOString();
  return o;
}

/** pgfirst.job_enqueue_many: many jobs in one statement; ids in input order. */
export function jobEnqueueMany(sql: Sql, jobs: JobSpec[]): Promise<string[]> {
  return mapErrors(async () => {
    const rows = await sql<{ id: string }[]>`
      select id from pgfirst.job_enqueue_many(jobs => ${sql.json(jobs.map(specToJson) as JsonParam)}::jsonb) as id`;
    return rows.map((r) => r.id);
  });
}

export interface ClaimOptions {
  queues?: string[] | null;
  maxJobs?: number;
  /** Lease length in seconds (default 30). */
  leaseSeconds?: number;
  now?: Date | null;
  /**
   * Commit this call with synchronous_commit = off (same statement, autocommit only: never
   * pass a transaction's `sql`). A claim lost in a crash only makes the job claimable again.
   */
  asyncCommit?: boolean;
}

/** pgfirst.job_claim: up to maxJobs ready jobs leased to workerId. */
export function jobClaim(sql: Sql, workerId: string, o: ClaimOptions = {}): Promise<ClaimedJob[]> {
  return mapErrors(async () => {
    const rows = await sql<ClaimedJob[]>`
      select c.* from pgfirst.job_claim(
        worker_id => ${workerId}::text, queues => ${o.queues ?? null}::text[],
        max_jobs => ${o.maxJobs ?? 1}::int,
        lease => make_interval(secs => ${o.leaseSeconds ?? 30}::float8),
        now => ${o.now ?? null}::timestamptz) c
      ${o.asyncCommit ? sql`, (select set_config('synchronous_commit', 'off', true)) s` : sql``}`;
    return [...rows];
  });
}

/**
 * pgfirst.job_complete: fenced by worker (and by attempt when `attempts` is given, one per
 * id). Returns how many jobs this worker still held and completed.
 */
export function jobComplete(
  sql: Sql,
  ids: string[],
  workerId: string,
  o: { attempts?: number[]; now?: Date | null; asyncCommit?: boolean } = {},
): Promise<number> {
  return mapErrors(async () => {
    // asyncCommit: as for jobClaim; a completion lost in a crash means the job runs again (at-least-once).
    const [row] = await sql<{ n: number }[]>`
      select pgfirst.job_complete(ids => ${ids}::bigint[], worker_id => ${workerId}::text,
        now => ${o.now ?? null}::timestamptz, attempts => ${o.attempts ?? null}::int[]) as n
      ${o.asyncCommit ? sql`, set_config('synchronous_commit', 'off', true) as s` : sql``}`;
    return row!.n;
  });
}

/** pgfirst.job_fail: the new state (failed | dead | cancelled), or null when fenced. */
export function jobFail(
  sql: Sql,
  id: string,
  workerId: string,
  error: string,
  o: { retryDelaySeconds?: number | null; attempt?: number | null; now?: Date | null } = {},
): Promise<"failed" | "dead" | "cancelled" | null> {
  return mapErrors(async () => {
    const delay = o.retryDelaySeconds ?? null;
    const [row] = await sql<{ state: "failed" | "dead" | "cancelled" | null }[]>`
      select pgfirst.job_fail(id => ${id}::bigint, worker_id => ${workerId}::text, error => ${error}::text,
        retry_delay => case when ${delay}::float8 is null then null else make_interval(secs => ${delay}::float8) end,
        now => ${o.now ?? null}::timestamptz, attempt => ${o.attempt ?? null}::int) as state`;
    return row!.state;
  });
}

/** pgfirst.job_heartbeat: extends every lease of the worker; returns the jobs still held. */
export function jobHeartbeat(
  sql: Sql,
  workerId: string,
  o: { leaseSeconds?: number | null; now?: Date | null; asyncCommit?: boolean } = {},
): Promise<{ id: string; cancel_requested: boolean }[]> {
  return mapErrors(async () => {
    const lease = o.leaseSeconds ?? null;
    const rows = await sql<{ id: string; cancel_requested: boolean }[]>`
      select h.id, h.cancel_requested from pgfirst.job_heartbeat(worker_id => ${workerId}::text,
        lease => case when ${lease}::float8 is null then null else make_interval(secs => ${lease}::float8) end,
        now => ${o.now ?? null}::timestamptz) h
      ${o.asyncCommit ? sql`, (select set_config('synchronous_commit', 'off', true)) s` : sql``}`;
    return [...rows];
  });
}

/** pgfirst.job_reap: expired leases back to the queue (or dead); returns how many. */
export function jobReap(sql: Sql, o: { now?: Date | null } = {}): Promise<number> {
  return mapErrors(async () => {
    const [row] = await sql<{ n: number }[]>`select pgfirst.job_reap(now => ${o.now ?? null}::timestamptz) as n`;
    return row!.n;
  });
}

/** pgfirst.job_cancel: true when a waiting job was cancelled or a running one flagged. */
export function jobCancel(sql: Sql, id: string): Promise<boolean> {
  return mapErrors(async () => {
    const [row] = await sql<{ ok: boolean }[]>`select pgfirst.job_cancel(id => ${id}::bigint) as ok`;
    return row!.ok;
  });
}

/** pgfirst.job_retry: a dead or cancelled job back to pending. */
export function jobRetry(sql: Sql, id: string, o: { runAt?: Date | null } = {}): Promise<boolean> {
  return mapErrors(async () => {
    const [row] = await sql<
      { ok: boolean }[]
    >`select pgfirst.job_retry(id => ${id}::bigint, run_at => ${o.runAt ?? null}::timestamptz) as ok`;
    return row!.ok;
  });
}

/** pgfirst.job_get: the job, or undefined when unknown or already completed. */
export function jobGet(sql: Sql, id: string): Promise<JobInfo | undefined> {
  return mapErrors(async () => {
    const [row] = await sql<JobInfo[]>`select * from pgfirst.job_get(id => ${id}::bigint)`;
    return row;
  });
}

/** pgfirst.queue_configure: the queue's whole configuration (concurrency null = unlimited). */
export function queueConfigure(
  sql: Sql,
  queue: string,
  o: { concurrency?: number | null; paused?: boolean; keepFinished?: string | null } = {},
): Promise<void> {
  return mapErrors(async () => {
    await sql`select pgfirst.queue_configure(queue => ${queue}::text, concurrency => ${o.concurrency ?? null}::int,
      paused => ${o.paused ?? false}::boolean, keep_finished => ${o.keepFinished ?? null}::interval)`;
  });
}

/** pgfirst.queue_stats: per-queue counts. */
export function queueStats(sql: Sql): Promise<QueueStats[]> {
  return mapErrors(async () => {
    const rows = await sql<
      (Omit<QueueStats, "pending" | "scheduled" | "running" | "dead"> & Record<"pending" | "scheduled" | "running" | "dead", string>)[]
    >`
      select queue, pending, scheduled, running, dead, oldest_pending_age::text as oldest_pending_age from pgfirst.queue_stats()`;
    return rows.map((r) => ({
      ...r,
      pending: Number(r.pending),
      scheduled: Number(r.scheduled),
      running: Number(r.running),
      dead: Number(r.dead),
    }));
  });
}

/** pgfirst.job_release: hand jobs back without counting the attempt (graceful shutdown). */
export function jobRelease(sql: Sql, ids: string[], workerId: string, o: { now?: Date | null } = {}): Promise<number> {
  return mapErrors(async () => {
    const [row] = await sql<{ n: number }[]>`
      select pgfirst.job_release(ids => ${ids}::bigint[], worker_id => ${workerId}::text, now => ${o.now ?? null}::timestamptz) as n`;
    return row!.n;
  });
}
