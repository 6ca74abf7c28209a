/**
 * Typed helpers for sql/functions/schedule (and the operations functions that ship with it:
 * maintenance, health, stats). One helper per SQL function, the `Sql` (or a transaction's
 * `sql`) injected, named arguments with explicit casts, PF errors mapped to classes.
 * Instants are `Date`s; intervals are PostgreSQL interval strings ("5 minutes").
 */
import type { Sql } from "./db.ts";
import { mapErrors } from "./errors.ts";

type JsonParam = Parameters<Sql["json"]>[0];

export type MissedPolicy = "skip" | "once" | "all";

export interface ScheduleOptions {
  /** 5-field cron or @hourly/@daily/@weekly/@monthly/@yearly; exactly one of cron and every. */
  cron?: string | null;
  /** Interval string such as "90 seconds" (elapsed time, no months). */
  every?: string | null;
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
  next_run: Date | null;
  last_run: Date | null;
  last_job_id: string | null;
  enabled: boolean;
  queue: string;
  missed: MissedPolicy;
  tenant: string;
  ticks_enqueued: number;
  ticks_skipped: number;
}

export type HealthStatus = "ok" | "warn" | "crit";

export interface HealthRow {
  check: string;
  status: HealthStatus;
  value: number | null;
  detail: string;
}

/** pgfirst.schedule_set: creates or replaces a schedule (idempotent for the same timing). */
export function scheduleSet(sql: Sql, name: string, task: string, o: ScheduleOptions = {}): Promise<void> {
  return mapErrors(async () => {
    await sql`select pgfirst.schedule_set(
      name => ${name}::text, task => ${task}::text,
      cron => ${o.cron ?? null}::text, every => ${o.every ?? null}::interval,
      payload => ${sql.json((o.payload ?? {}) as JsonParam)}::jsonb,
      queue => ${o.queue ?? "default"}::text, timezone => ${o.timezone ?? "UTC"}::text,
      missed => ${o.missed ?? "once"}::text, enabled => ${o.enabled ?? true}::boolean,
      tenant => ${o.tenant ?? ""}::text, now => ${o.now ?? null}::timestamptz)`;
  });
}

/** pgfirst.schedule_delete: true when the schedule existed. */
export function scheduleDelete(sql: Sql, name: string): Promise<boolean> {
  return mapErrors(async () => {
    const [row] = await sql<{ deleted: boolean }[]>`select pgfirst.schedule_delete(name => ${name}::text) as deleted`;
    return row!.deleted;
  });
}

/** pgfirst.schedule_next: stored next run, or the first tick after `after`; null for unknown/disabled. */
export function scheduleNext(sql: Sql, name: string, after: Date | null = null): Promise<Date | null> {
  return mapErrors(async () => {
    const [row] = await sql<{ next: Date | null }[]>`
      select pgfirst.schedule_next(name => ${name}::text, after => ${after}::timestamptz) as next`;
    return row!.next;
  });
}

/** pgfirst.schedule_tick: enqueues every due tick exactly once; returns jobs enqueued. */
export function scheduleTick(sql: Sql, now: Date | null = null): Promise<number> {
  return mapErrors(async () => {
    const [row] = await sql<{ n: number }[]>`select pgfirst.schedule_tick(now => ${now}::timestamptz) as n`;
    return row!.n;
  });
}

/** pgfirst.cron_next: first firing strictly after `after` in `timezone` (DST rules in docs/schedules.md). */
export function cronNext(sql: Sql, cron: string, after: Date, timezone = "UTC"): Promise<Date | null> {
  return mapErrors(async () => {
    const [row] = await sql<{ next: Date | null }[]>`
      select pgfirst.cron_next(cron => ${cron}::text, after => ${after}::timestamptz, timezone => ${timezone}::text) as next`;
    return row!.next;
  });
}

/** The pgfirst.schedules view, ordered by name. */
export function scheduleList(sql: Sql): Promise<ScheduleRow[]> {
  return mapErrors(async () => {
    const rows = await sql<(Omit<ScheduleRow, "ticks_enqueued" | "ticks_skipped"> & { ticks_enqueued: string; ticks_skipped: string })[]>`
      select name, task, spec, timezone, next_run, last_run, last_job_id::text as last_job_id, enabled, queue, missed,
             tenant, ticks_enqueued, ticks_skipped
        from pgfirst.schedules order by name`;
    return rows.map((r) => ({ ...r, ticks_enqueued: Number(r.ticks_enqueued), ticks_skipped: Number(r.ticks_skipped) }));
  });
}

/** pgfirst.maintenance: every installed module's bounded cleanup; returns what it did. */
export function maintenance(sql: Sql, now: Date | null = null): Promise<Record<string, unknown>> {
  return mapErrors(async () => {
    const [row] = await sql<{ result: Record<string, unknown> }[]>`select pgfirst.maintenance(now => ${now}::timestamptz) as result`;
    return row!.result;
  });
}

/** pgfirst.health: one row per check. */
export function health(sql: Sql, now: Date | null = null): Promise<HealthRow[]> {
  return mapErrors(async () => {
    const rows = await sql<{ check: string; status: HealthStatus; value: string | null; detail: string }[]>`
      select "check", status, value::text as value, detail from pgfirst.health(now => ${now}::timestamptz)`;
    return rows.map((r) => ({ ...r, value: r.value === null ? null : Number(r.value) }));
  });
}

/** pgfirst.stats: one jsonb snapshot for dashboards. */
export function stats(sql: Sql): Promise<Record<string, unknown>> {
  return mapErrors(async () => {
    const [row] = await sql<{ stats: Record<string, unknown> }[]>`select pgfirst.stats() as stats`;
    return row!.stats;
  });
}

/** Exit code convention of `pgfirst health`: 0 ok, 1 warn, 2 crit. */
export function healthExitCode(rows: HealthRow[]): 0 | 1 | 2 {
  return rows.some((r) => r.status === "crit") ? 2 : rows.some((r) => r.status === "warn") ? 1 : 0;
}
