/**
 * The worker: the only loop in pgfirst. It claims jobs in batches (pgfirst.job_claim),
 * runs handlers with a concurrency limit, heartbeats leases, completes jobs in batches,
 * fails them with the error, reaps expired leases, and shuts down gracefully.
 *
 * Wake-ups: LISTEN on pgfirst.job_listen_channel() when the connection allows it (not behind PgBouncer in
 * transaction mode), and always a poll every `pollIntervalMs`, so LISTEN is never required.
 * Each claimed job gets an AbortSignal fired on cancellation (job_cancel), lease loss
 * (the job was reaped and may run elsewhere), its max_run_time deadline ("timed_out": the
 * attempt is failed with 'timed out') or shutdown after the grace period.
 */
import os from "node:os";
import { randomBytes } from "node:crypto";
import type { PoolSql as Sql } from "./sql.ts";
import { usesTransactionPooling } from "./pooling.ts";
import {
  jobClaim,
  jobComplete,
  jobFail,
  jobHeartbeat,
  jobProgress,
  jobReap,
  jobRelease,
  type ClaimedJob,
  type HeartbeatResult,
} from "./job.ts";
import { builtinTasks } from "./tasks/builtin.ts";
import { scheduleTick } from "./schedule.ts";

export interface Logger {
  debug(msg: string, extra?: Record<string, unknown>): void;
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
}

export interface TaskContext {
  job: ClaimedJob;
  attempt: number;
  workerId: string;
  /** Fired on cancellation, lease loss, max_run_time or shutdown; `signal.reason` is a JobAbort. */
  signal: AbortSignal;
  /** Records the job's progress (any JSON; job_get shows it); false when the job is no longer ours. */
  progress: (value: unknown) => Promise<boolean>;
  log: Logger;
  /** The worker's pool: for SQL-backed tasks (do not hold a transaction across awaits of other work). */
  sql: Sql;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TaskHandler<P = any> = (payload: P, ctx: TaskContext) => unknown | Promise<unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TaskMap = Record<string, TaskHandler<any>>;

/** Identity with types: `defineTasks({ send_email: async (p: Email, ctx) => … })`. */
export function defineTasks<T extends TaskMap>(tasks: T): T {
  return tasks;
}

export type AbortReason = "cancelled" | "lease_lost" | "timed_out" | "shutdown";

/** The AbortSignal reason handed to tasks. */
export class JobAbort extends Error {
  constructor(readonly reason: AbortReason) {
    super(`job aborted: ${reason}`);
    this.name = "JobAbort";
  }
}

export interface WorkerOptions {
  sql: Sql;
  tasks: TaskMap;
  /** Jobs run at once by this worker (default 10). */
  concurrency?: number;
  /** Queues to claim from (default: all). */
  queues?: string[] | null;
  /** Max jobs per claim (default: concurrency). */
  batchSize?: number;
  /** Lease per claim in seconds (default 30). */
  leaseSeconds?: number;
  /** Heartbeat period in seconds (default leaseSeconds / 3). */
  heartbeatSeconds?: number;
  /** Poll period when idle (default 1000 ms), also the fallback when LISTEN is unavailable. */
  pollIntervalMs?: number;
  /** LISTEN for wake-ups (default: true, false on a pool made for transaction pooling, see src/db.ts). */
  listen?: boolean;
  /** How often this worker calls job_reap (default 5000 ms, ±20 % jitter; 0 = never). */
  reapIntervalMs?: number;
  /** How often this worker calls schedule_tick (default 1000 ms, ±20 % jitter; 0 = never). Ticks are exactly-once across workers. */
  scheduleTickIntervalMs?: number;
  /** On stop, how long in-flight jobs may finish before they are aborted and released (default 10000 ms). */
  shutdownGraceMs?: number;
  /** Unique per process (default host:pid:random). */
  workerId?: string;
  logger?: Logger;
  /**
   * Commit claims, heartbeats and completions with synchronous_commit = off (default true):
   * no fsync wait on the hot path. A crash can lose the last few hundred ms of them, which
   * only means those jobs run again (at-least-once, as after any worker crash). Enqueues,
   * failures and releases stay synchronous. The pool must be the worker's own.
   */
  asyncCommit?: boolean;
  /** Install SIGINT/SIGTERM handlers that call stop() (default false; the CLI sets true). */
  handleSignals?: boolean;
}

export interface WorkerStats {
  claimed: number;
  completed: number;
  failed: number;
  aborted: number;
  inFlight: number;
}

interface Running {
  job: ClaimedJob;
  controller: AbortController;
  claimedAt: number;
  /** Local lease deadline (ms): claim or last successful heartbeat sent + lease. Conservative, no clock skew. */
  leaseUntil: number;
  abortReason: AbortReason | null;
  /** max_run_time timer (aborts with "timed_out"). */
  deadlineTimer: NodeJS.Timeout | null;
}

export const consoleLogger: Logger = {
  debug: () => {},
  info: (m, e) => console.log(`[pgfirst worker] ${m}`, e ?? ""),
  warn: (m, e) => console.warn(`[pgfirst worker] ${m}`, e ?? ""),
  error: (m, e) => console.error(`[pgfirst worker] ${m}`, e ?? ""),
};

export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Worker {
  readonly workerId: string;
  readonly stats: WorkerStats = { claimed: 0, completed: 0, failed: 0, aborted: 0, inFlight: 0 };
  private readonly sql: Sql;
  private readonly tasks: TaskMap;
  private readonly concurrency: number;
  private readonly batchSize: number;
  private readonly queues: string[] | null;
  private readonly leaseSeconds: number;
  private readonly heartbeatMs: number;
  private readonly pollMs: number;
  private readonly reapMs: number;
  private readonly tickMs: number;
  private readonly graceMs: number;
  private readonly useListen: boolean;
  private readonly log: Logger;
  private readonly handleSignals: boolean;
  private readonly asyncCommit: boolean;
  private readonly running = new Map<string, Running>();
  private completions: { id: string; attempt: number; result: unknown }[] = [];
  /** Failures being recorded by job_fail: stop() waits for them. */
  private readonly failing = new Set<Promise<void>>();
  private flushing: Promise<void> | null = null;
  private stopping = false;
  private loopDone: Promise<void> | null = null;
  private wakeResolve: (() => void) | null = null;
  private wakePending = false;
  private timers: NodeJS.Timeout[] = [];
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private idleWaiters: (() => void)[] = [];
  private signalHandler: (() => void) | null = null;

  constructor(o: WorkerOptions) {
    this.sql = o.sql;
    this.tasks = { ...builtinTasks, ...o.tasks };
    this.concurrency = Math.max(1, o.concurrency ?? 10);
    this.batchSize = Math.max(1, Math.min(o.batchSize ?? this.concurrency, this.concurrency));
    this.queues = o.queues ?? null;
    this.leaseSeconds = o.leaseSeconds ?? 30;
    this.heartbeatMs = (o.heartbeatSeconds ?? this.leaseSeconds / 3) * 1000;
    this.pollMs = o.pollIntervalMs ?? 1000;
    this.reapMs = o.reapIntervalMs ?? 5000;
    this.tickMs = o.scheduleTickIntervalMs ?? 1000;
    this.graceMs = o.shutdownGraceMs ?? 10_000;
    this.useListen = o.listen ?? !usesTransactionPooling(o.sql);
    this.log = o.logger ?? consoleLogger;
    this.handleSignals = o.handleSignals ?? false;
    this.asyncCommit = o.asyncCommit ?? true;
    this.workerId = o.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  }

  /** Starts claiming; resolves once the worker is listening (or has given up on LISTEN). */
  async start(): Promise<void> {
    if (this.loopDone) return;
    if (this.useListen) {
      try {
        // The channel name is per database and known only to pgfirst_worker/pgfirst_admin;
        // payloads are empty (no queue name), so every notification means "claim again".
        const [row] = await this.sql<{ channel: string }[]>`select pgfirst.job_listen_channel() as channel`;
        const sub = await this.sql.listen(
          row!.channel,
          () => this.wake(),
          () => this.wake(),
        );
        this.unlisten = () => sub.unlisten();
      } catch (e) {
        this.log.warn("LISTEN unavailable, polling only", { error: String(e) });
      }
    }
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
    if (this.reapMs > 0) this.scheduleReap();
    if (this.tickMs > 0) this.scheduleTicks();
    if (this.handleSignals) {
      this.signalHandler = () => {
        this.log.info("signal received: stopping (finishing in-flight jobs)");
        void this.stop();
      };
      process.once("SIGINT", this.signalHandler);
      process.once("SIGTERM", this.signalHandler);
    }
    this.loopDone = this.loop();
  }

  /** Wakes the claim loop (new jobs may be ready). */
  wake(): void {
    this.wakePending = true;
    const r = this.wakeResolve;
    this.wakeResolve = null;
    r?.();
  }

  /** Resolves once a claim made with nothing running or being completed finds no job (tests, demos). */
  whenIdle(): Promise<void> {
    return new Promise((r) => {
      this.idleWaiters.push(r);
      this.wake();
    });
  }

  /**
   * Graceful stop: no new claims; in-flight jobs get `shutdownGraceMs` to finish, then are
   * aborted (reason "shutdown") and handed back with job_release; completions are flushed.
   */
  async stop(): Promise<void> {
    if (this.stopping) return this.loopDone ?? undefined;
    this.stopping = true;
    this.wake();
    for (const t of this.timers) {
      clearInterval(t);
      clearTimeout(t);
    }
    this.timers = [];
    if (this.signalHandler) {
      process.off("SIGINT", this.signalHandler);
      process.off("SIGTERM", this.signalHandler);
    }
    await this.loopDone;
    const deadline = Date.now() + this.graceMs;
    while (this.running.size > 0 && Date.now() < deadline) await sleep(20);
    if (this.running.size > 0) {
      const left = [...this.running.values()];
      for (const r of left) this.abort(r, "shutdown");
      const ids = left.map((r) => r.job.id);
      try {
        const n = await jobRelease(this.sql, ids, this.workerId);
        this.log.info(`released ${n} unfinished job(s) back to the queue`);
      } catch (e) {
        this.log.error("could not release jobs; they return after their lease", { error: String(e) });
      }
      for (const r of left) this.running.delete(r.job.id);
    }
    // heartbeats ran through the grace period (it may be longer than the lease)
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    await this.flushCompletions();
    await Promise.allSettled([...this.failing]);
    try {
      await this.unlisten?.();
    } catch {
      /* connection gone */
    }
  }

  private scheduleReap(): void {
    const t = setTimeout(
      async () => {
        try {
          const n = await jobReap(this.sql);
          if (n > 0) {
            this.log.info(`reaped ${n} expired lease(s)`);
            this.wake();
          }
        } catch (e) {
          this.log.warn("reap failed", { error: String(e) });
        }
        if (!this.stopping) this.scheduleReap();
      },
      this.reapMs * (0.8 + Math.random() * 0.4),
    );
    this.timers.push(t);
  }

  /** schedule_tick with jitter; a full batch (more due) ticks again at once. */
  private scheduleTicks(delayMs = this.tickMs * (0.8 + Math.random() * 0.4)): void {
    const t = setTimeout(async () => {
      let again = false;
      try {
        const n = await scheduleTick(this.sql);
        if (n > 0) {
          this.log.debug(`schedule_tick enqueued ${n} job(s)`);
          this.wake();
          again = true;
        }
      } catch (e) {
        this.log.warn("schedule_tick failed", { error: String(e) });
      }
      if (!this.stopping) this.scheduleTicks(again ? 0 : undefined);
    }, delayMs);
    this.timers.push(t);
  }

  private async loop(): Promise<void> {
    let errorDelay = 100;
    while (!this.stopping) {
      const free = this.concurrency - this.running.size;
      if (free <= 0) {
        await this.waitWake(this.pollMs);
        continue;
      }
      const want = Math.min(free, this.batchSize);
      this.wakePending = false;
      let jobs: ClaimedJob[];
      const claimSentAt = Date.now();
      try {
        jobs = await jobClaim(this.sql, this.workerId, {
          queues: this.queues,
          maxJobs: want,
          leaseSeconds: this.leaseSeconds,
          asyncCommit: this.asyncCommit,
        });
        errorDelay = 100;
      } catch (e) {
        this.log.warn("claim failed; retrying", { error: String(e) });
        await this.waitWake(errorDelay);
        errorDelay = Math.min(errorDelay * 2, 5000);
        continue;
      }
      this.stats.claimed += jobs.length;
      for (const job of jobs) this.run(job, claimSentAt);
      if (jobs.length === 0 && this.running.size === 0 && this.completions.length === 0 && !this.flushing && this.idleWaiters.length > 0) {
        const w = this.idleWaiters;
        this.idleWaiters = [];
        for (const r of w) r();
      }
      if (jobs.length < want && !this.wakePending) await this.waitWake(this.pollMs);
    }
  }

  private waitWake(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wakeResolve = null;
        resolve();
      }, ms);
      this.wakeResolve = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private abort(r: Running, reason: AbortReason): void {
    if (r.abortReason) return;
    r.abortReason = reason;
    this.stats.aborted++;
    r.controller.abort(new JobAbort(reason));
  }

  private run(job: ClaimedJob, claimSentAt: number): void {
    const previous = this.running.get(job.id);
    if (previous) this.abort(previous, "lease_lost"); // reaped and claimed again by us
    const controller = new AbortController();
    const r: Running = {
      job,
      controller,
      claimedAt: Date.now(),
      leaseUntil: claimSentAt + this.leaseSeconds * 1000,
      abortReason: null,
      deadlineTimer: null,
    };
    if (job.deadline) {
      // deadline - lease_expires_at is measured on the database clock: no clock skew
      const ms = claimSentAt + this.leaseSeconds * 1000 + (job.deadline.getTime() - job.leaseExpiresAt.getTime()) - Date.now();
      r.deadlineTimer = setTimeout(() => this.abort(r, "timed_out"), Math.max(ms, 0));
    }
    this.running.set(job.id, r);
    this.stats.inFlight = this.running.size;
    const handler = this.tasks[job.task];
    const ctx: TaskContext = {
      job,
      attempt: job.attempt,
      workerId: this.workerId,
      signal: controller.signal,
      progress: (value: unknown) => jobProgress(this.sql, job.id, this.workerId, value),
      log: this.log,
      sql: this.sql,
    };
    void (async () => {
      let error: unknown = null;
      let result: unknown = undefined;
      try {
        if (!handler) throw new Error(`no handler for task "${job.task}" in this worker`);
        result = await handler(job.payload, ctx);
      } catch (e) {
        error = e ?? new Error("task failed");
      }
      if (r.deadlineTimer) clearTimeout(r.deadlineTimer);
      if (r.abortReason === "timed_out") error = "timed out"; // last_error as job_reap writes it
      if (this.running.get(job.id) === r) this.running.delete(job.id);
      this.stats.inFlight = this.running.size;
      if (r.abortReason === "lease_lost" || r.abortReason === "shutdown") {
        // lease lost: someone else may run it (fenced calls would be ignored anyway);
        // shutdown: stop() releases it.
      } else if (error === null) {
        this.completions.push({ id: job.id, attempt: job.attempt, result: this.jsonResult(job, result) });
        void this.flushCompletions();
      } else {
        // stop() waits for failures still being recorded (the job already left `running`)
        const recording = this.fail(job, error);
        this.failing.add(recording);
        try {
          await recording;
        } finally {
          this.failing.delete(recording);
        }
      }
      this.wake();
    })();
  }

  /** A handler's return value as the job's result when JSON can hold it (else none, logged). */
  private jsonResult(job: ClaimedJob, value: unknown): unknown {
    if (value === undefined || value === null) return undefined;
    try {
      if (JSON.stringify(value) === undefined) return undefined; // a function, a symbol
      return value;
    } catch (e) {
      this.log.warn(`job ${job.id} (${job.task}): return value not stored as its result (not JSON)`, { error: String(e) });
      return undefined;
    }
  }

  private async fail(job: ClaimedJob, error: unknown): Promise<void> {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    for (let i = 0; ; i++) {
      try {
        const state = await jobFail(this.sql, job.id, this.workerId, message.slice(0, 4000), { attempt: job.attempt });
        this.stats.failed++;
        this.log.debug(`job ${job.id} (${job.task}) failed → ${state ?? "not ours any more"}`);
        return;
      } catch (e) {
        if (i >= 5) {
          this.log.error(`could not record failure of job ${job.id}; it returns after its lease`, { error: String(e) });
          return;
        }
        await sleep(200 * 2 ** i);
      }
    }
  }

  /** Completes everything buffered in one job_complete call; one flush runs at a time. */
  private flushCompletions(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = (async () => {
      // let every job that finishes in this turn of the event loop join the batch
      await new Promise<void>((r) => setImmediate(r));
      while (this.completions.length > 0) {
        const batch = this.completions;
        this.completions = [];
        await this.completeBatch(batch);
      }
    })().finally(() => {
      this.flushing = null;
      if (this.completions.length > 0) void this.flushCompletions();
      this.wake(); // a claim may now find jobs the completed ones held back (queue limits), or prove idleness
    });
    return this.flushing;
  }

  private async completeBatch(batch: { id: string; attempt: number; result: unknown }[]): Promise<void> {
    // results (a handler's return value) only when some handler returned one: the common
    // case sends exactly what it sent before
    const results = batch.some((c) => c.result !== undefined) ? batch.map((c) => c.result) : undefined;
    for (let i = 0; ; i++) {
      try {
        await jobComplete(
          this.sql,
          batch.map((c) => c.id),
          this.workerId,
          { attempts: batch.map((c) => c.attempt), asyncCommit: this.asyncCommit, ...(results ? { results } : {}) },
        );
        this.stats.completed += batch.length;
        return;
      } catch (e) {
        if (i >= 8) {
          this.log.error(`could not complete ${batch.length} job(s); they run again after their lease`, { error: String(e) });
          return;
        }
        await sleep(Math.min(100 * 2 ** i, 5000));
      }
    }
  }

  private async heartbeat(): Promise<void> {
    // Heartbeats that fail or hang (database down or blocked) must not let a job run past
    // its lease: the reaper may already have handed it to another worker.
    const now = Date.now();
    for (const r of this.running.values()) if (now >= r.leaseUntil) this.abort(r, "lease_lost");
    if (this.running.size === 0) return;
    const sentAt = Date.now();
    let held: HeartbeatResult[];
    try {
      held = await jobHeartbeat(this.sql, this.workerId, { leaseSeconds: this.leaseSeconds, asyncCommit: this.asyncCommit });
    } catch (e) {
      this.log.warn("heartbeat failed", { error: String(e) });
      return;
    }
    const byId = new Map(held.map((h) => [h.id, h.cancelRequested]));
    for (const r of this.running.values()) {
      const c = byId.get(r.job.id);
      if (c === undefined) {
        if (r.claimedAt < sentAt && !this.completions.some((x) => x.id === r.job.id)) this.abort(r, "lease_lost");
      } else {
        if (r.claimedAt < sentAt) r.leaseUntil = Math.max(r.leaseUntil, sentAt + this.leaseSeconds * 1000);
        if (c) this.abort(r, "cancelled");
      }
    }
  }
}

/** Creates a Worker and starts it: `const w = await runWorker({ sql, tasks }); … await w.stop();` */
export async function runWorker(options: WorkerOptions): Promise<Worker> {
  const worker = new Worker(options);
  await worker.start();
  return worker;
}
