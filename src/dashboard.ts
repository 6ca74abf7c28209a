/**
 * Operations dashboard reads (sql/functions/dashboard): the header overview in one round
 * trip and the admin audit log. The per-area actions live in their area files
 * (jobList/queuePause in job.ts, scheduleEnable in schedule.ts, loginLockouts in
 * rateLimit.ts, dropdownRefreshNow in dropdown.ts). See docs/dashboard.md.
 */
import type { Sql } from "./sql.ts";
import { callRows, callValue } from "./core.ts";

/** pgfirst.dashboard_overview's jsonb (see docs/dashboard.md, "SQL functions"). */
export interface DashboardOverview {
  server_time: string;
  capabilities: { admin: boolean; worker: boolean };
  queues: {
    queue: string;
    pending: number;
    scheduled: number;
    running: number;
    dead: number;
    oldest_pending_age_s: number | null;
    paused: boolean;
    concurrency: number | null;
    keep_finished: string | null;
  }[];
  cache: { entries: number; expired: number; bytes: number; hits: number; misses: number; namespaces: Record<string, unknown>[] };
  sessions: { live: number; expired: number; destroyed: number };
  lockouts: { active: number };
  dropdowns: Record<string, unknown>[];
  schedules: {
    name: string;
    task: string;
    spec: string;
    timezone: string;
    queue: string;
    enabled: boolean;
    next_run: string | null;
    last_run: string | null;
    last_job_id: string | null;
  }[];
}

export interface AuditRow {
  id: string;
  at: Date;
  sessionRole: string;
  role: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
}

/** pgfirst.dashboard_overview (worker, admin): everything the dashboard header shows, one round trip. */
export function dashboardOverview(sql: Sql): Promise<DashboardOverview> {
  return callValue<DashboardOverview>(sql, "dashboard_overview");
}

/** pgfirst.audit_log (admin): admin actions, newest first; next page: `beforeId` = last id. */
export function auditLog(sql: Sql, o: { beforeId?: string | null; pageSize?: number } = {}): Promise<AuditRow[]> {
  return callRows<AuditRow>(
    sql,
    "audit_log",
    { before_id: [o.beforeId, "bigint"], page_size: [o.pageSize, "integer"] },
    `f.id::text as id, f.at, f.session_role::text as "sessionRole", f.role::text as role, f.action, f.target, f.detail`,
  );
}
