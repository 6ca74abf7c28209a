/**
 * Typed helpers for sql/functions/schedule (and the operations functions that ship with it:
 * maintenance, health, stats). One helper per SQL function, the `Sql` (or a transaction's
 * `sql`) injected, named arguments with explicit casts, PF errors mapped to classes.
 * Instants are `Date`s; intervals are PostgreSQL interval strings ("5 minutes").
 */
import type { Interval, Sql } from "./sql.ts";
import { callRows, callValue } from "./core.ts";
import { mapErrors } from "./errors.ts";

export type MissedPolicy = "skip" | "once" | "all";

/** Omitted options take schedule_set's defaults (queue 'default', timezone 'UTC', missed 'once', enabled). */
export interface ScheduleOptions {
  /** 5-field cron or @hourly/@daily/@weekly/@monthly/@yearly; exactly one of cron and every. */
  cron?: string | null;
  /** Interval text such as "90 seconds" or seconds (elapsed time, no months). */
  every?: Interval | null;
  payload?: Record<string, unknown>;
  queue?: string;
  timezone?: string;
  missed?: MissedPolicy;
  enabled?: boolean;
  tenant?: string;
  now?: Date | null;
}

export interface ScheduleRow {
  name: string;
  task: string;
  spec: string;
  timezone: string;
  nextRun: Date | null;
  lastRun: Date | null;
  lastJobId: string | null;
  enabled: boolean;
  queue: string;
  missed: MissedPolicy;
  tenant: string;
  ticksEnqueued: number;
  ticksSkipped: number;
}

export type HealthStatus = "ok" | "warn" | "crit";

export interface HealthRow {
  check: string;
  status: HealthStatus;
  value: number | null;
  detail: string;
}

/** pgfirst.schedule_set: creates or replaces a schedule (idempotent for the same timing). */
export async function scheduleSet(sql: Sql, name: string, task: string, o: ScheduleOptions = {}): Promise<void> {
  await callValue(sql, "schedule_set", {
    name: [name, "text"],
    task: [task, "text"],
    cron: [o.cron, "text"],
    every: [o.every, "interval"],
    payload: [o.payload, "jsonb"],
    queue: [o.queue, "text"],
    timezone: [o.timezone, "text"],
    missed: [o.missed, "text"],
    enabled: [o.enabled, "boolean"],
    tenant: [o.tenant, "text"],
    now: [o.now, "timestamptz"],
  });
}

/** pgfirst.schedule_delete: true when the schedule existed. */
export function scheduleDelete(sql: Sql, name: string): Promise<boolean> {
  return callValue<boolean>(sql, "schedule_delete", { name: [name, "text"] });
}

/** pgfirst.schedule_next: stored next run, or the first tick after `after`; null for unknown/disabled. */
export function scheduleNext(sql: Sql, name: string, after?: Date | null): Promise<Date | null> {
  return callValue<Date | null>(sql, "schedule_next", { name: [name, "text"], after: [after, "timestamptz"] });
}

/** pgfirst.schedule_tick: enqueues every due tick exactly once; returns jobs enqueued. */
export function scheduleTick(sql: Sql, now?: Date | null): Promise<number> {
  return callValue<number>(sql, "schedule_tick", { now: [now, "timestamptz"] });
}

/** pgfirst.cron_next: first firing strictly after `after` in `timezone` (omitted: UTC; DST rules in docs/schedules.md). */
export function cronNext(sql: Sql, cron: string, after: Date, timezone?: string): Promise<Date | null> {
  return callValue<Date | null>(sql, "cron_next", { cron: [cron, "text"], after: [after, "timestamptz"], timezone: [timezone, "text"] });
}

/** The pgfirst.schedules view, ordered by name. */
export function scheduleList(sql: Sql): Promise<ScheduleRow[]> {
  return mapErrors(async () => [
    ...(await sql<ScheduleRow[]>`
    select name, task, spec, timezone, next_run as "nextRun", last_run as "lastRun", last_job_id::text as "lastJobId",
           enabled, queue, missed, tenant, ticks_enqueued::float8 as "ticksEnqueued", ticks_skipped::float8 as "ticksSkipped"
      from pgfirst.schedules order by name`),
  ]);
}

/** pgfirst.maintenance: every installed module's bounded cleanup; returns what it did (the SQL's jsonb report). */
export function maintenance(sql: Sql, now?: Date | null): Promise<Record<string, unknown>> {
  return callValue<Record<string, unknown>>(sql, "maintenance", { now: [now, "timestamptz"] });
}

/** pgfirst.health: one row per check. */
export function health(sql: Sql, now?: Date | null): Promise<HealthRow[]> {
  return callRows<HealthRow>(sql, "health", { now: [now, "timestamptz"] }, `f."check", f.status, f.value::float8 as value, f.detail`);
}

/** pgfirst.stats: one jsonb snapshot for dashboards (the SQL's document, keys as documented in docs/operations.md). */
export function stats(sql: Sql): Promise<Record<string, unknown>> {
  return callValue<Record<string, unknown>>(sql, "stats");
}

/** Exit code convention of `pgfirst health`: 0 ok, 1 warn, 2 crit. */
export function healthExitCode(rows: HealthRow[]): 0 | 1 | 2 {
  return rows.some((r) => r.status === "crit") ? 2 : rows.some((r) => r.status === "warn") ? 1 : 0;
}

/** pgfirst.schedule_enable (admin, audited): true when it was disabled; next tick after now. */
export function scheduleEnable(sql: Sql, name: string): Promise<boolean> {
  return callValue<boolean>(sql, "schedule_enable", { name: [name, "text"] });
}

/** pgfirst.schedule_disable (admin, audited): true when it was enabled. */
export function scheduleDisable(sql: Sql, name: string): Promise<boolean> {
  return callValue<boolean>(sql, "schedule_disable", { name: [name, "text"] });
}

/** pgfirst.schedule_run_now (admin, audited): enqueues the schedule's job now; returns the job id. */
export function scheduleRunNow(sql: Sql, name: string): Promise<string> {
  return callValue<string>(sql, "schedule_run_now", { name: [name, "text"] }, "f.value::text");
}
