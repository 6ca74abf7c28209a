/**
 * What the dashboard asks the database: the area helpers (jobList, queuePause,
 * scheduleRunNow, …; one call of one pgfirst SQL function each, docs/dashboard.md "SQL
 * functions"). The page renders rows by the SQL functions' own column names, so the
 * helpers' camelCase rows are turned back into snake_case plain objects here (Dates and
 * parsed JSON kept); the JSON endpoint serves the same objects.
 */
import { dashboardOverview, auditLog } from "../dashboard.ts";
import { dropdownRefreshNow } from "../dropdown.ts";
import {
  jobCancel,
  jobCancelMany,
  jobDetail,
  jobList,
  jobRetry,
  jobRetryMany,
  queuePause,
  queueResume,
  queueThroughput,
  type JobFilter as AreaFilter,
  type JobListState,
} from "../job.ts";
import { loginLockouts, loginUnlockSubject } from "../rateLimit.ts";
import { scheduleDisable, scheduleEnable, scheduleRunNow } from "../schedule.ts";
import type { Sql } from "../sql.ts";

export type Row = Record<string, unknown>;

/** The filters shared by the job list and the bulk actions. */
export interface JobFilter extends AreaFilter {
  state?: string;
}

function snake(o: object): Row {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
}

const area = (f: JobFilter): AreaFilter => ({ queue: f.queue, task: f.task, tenant: f.tenant, since: f.since, until: f.until });

export const data = {
  overview: async (sql: Sql): Promise<Row> => ((await dashboardOverview(sql)) as unknown as Row | null) ?? {},
  jobList: async (sql: Sql, f: JobFilter, beforeId: string | undefined, pageSize: number) =>
    (await jobList(sql, { ...area(f), state: f.state as JobListState | undefined, beforeId, pageSize })).map(snake),
  jobDetail: async (sql: Sql, id: string): Promise<Row | null> => {
    const j = await jobDetail(sql, id);
    return j ? snake(j) : null;
  },
  throughput: async (sql: Sql, since: string, bucket: string, queue?: string) =>
    (await queueThroughput(sql, { since, bucket, queue })).map(snake),
  lockouts: async (sql: Sql, tenant: string | undefined, pageSize: number) => (await loginLockouts(sql, { tenant, pageSize })).map(snake),
  audit: async (sql: Sql, beforeId: string | undefined, pageSize: number) => (await auditLog(sql, { beforeId, pageSize })).map(snake),
};

/** Admin actions: name → the call, given the posted (string) fields and the job filter they carry. */
export const actions: Record<string, (sql: Sql, p: Record<string, string>, f: JobFilter) => Promise<unknown>> = {
  "job-retry": (sql, p) => jobRetry(sql, p.id ?? ""),
  "job-cancel": (sql, p) => jobCancel(sql, p.id ?? ""),
  "job-retry-many": (sql, p, f) =>
    jobRetryMany(sql, { ...area(f), state: f.state as "dead" | "cancelled" | undefined, maxJobs: num(p.max_jobs) }),
  "job-cancel-many": (sql, p, f) =>
    jobCancelMany(sql, {
      ...area(f),
      state: f.state as "waiting" | "pending" | "scheduled" | "failed" | "running" | undefined,
      maxJobs: num(p.max_jobs),
    }),
  "queue-pause": (sql, p) => queuePause(sql, p.queue ?? ""),
  "queue-resume": (sql, p) => queueResume(sql, p.queue ?? ""),
  "schedule-enable": (sql, p) => scheduleEnable(sql, p.name ?? ""),
  "schedule-disable": (sql, p) => scheduleDisable(sql, p.name ?? ""),
  "schedule-run-now": (sql, p) => scheduleRunNow(sql, p.name ?? ""),
  "lockout-unlock": (sql, p) => loginUnlockSubject(sql, p.tenant ?? "", p.scope ?? "", p.subject_hex ?? ""),
  "dropdown-refresh": (sql, p) => dropdownRefreshNow(sql, p.name ?? ""),
};

function num(v: string | undefined): number | undefined {
  return v === undefined || v === "" ? undefined : Number(v);
}
