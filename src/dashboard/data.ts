/**
 * What the dashboard asks the database: one call of a pgfirst SQL function per read or
 * action (sql/functions/dashboard, sql/functions/job, …; contract in docs/dashboard.md,
 * "SQL functions"). Rows come back as plain JSON objects with the functions' own
 * snake_case column names (`to_jsonb(f)`), so the page renders whatever columns the
 * function returns; bigint ids are turned into strings. No query logic lives here.
 */
import { callRows, callValue, type Args } from "../core.ts";
import type { Sql } from "../sql.ts";

export type Row = Record<string, unknown>;

/** The filters shared by the job list and the bulk actions. */
export interface JobFilter {
  state?: string;
  queue?: string;
  task?: string;
  tenant?: string;
  since?: Date;
  until?: Date;
}

const ID_KEYS = new Set(["id", "job_id", "before_id", "next_before_id"]);

/** bigint ids as strings (to_jsonb gives numbers), recursively for objects in arrays. */
function ids(row: Row): Row {
  for (const k of Object.keys(row)) {
    const v = row[k];
    if (ID_KEYS.has(k) && typeof v === "number") row[k] = String(v);
  }
  return row;
}

async function rows(sql: Sql, fn: string, args: Args): Promise<Row[]> {
  const r = await callRows<{ row: Row }>(sql, fn, args, "to_jsonb(f) as row");
  return r.map((x) => ids(x.row));
}

function filterArgs(f: JobFilter): Args {
  return {
    state: [f.state, "text"],
    queue: [f.queue, "text"],
    task: [f.task, "text"],
    tenant: [f.tenant, "text"],
    since: [f.since, "timestamptz"],
    until: [f.until, "timestamptz"],
  };
}

export const data = {
  overview: async (sql: Sql): Promise<Row> => (await callValue<Row | null>(sql, "dashboard_overview")) ?? {},
  jobList: (sql: Sql, f: JobFilter, beforeId: string | undefined, pageSize: number) =>
    rows(sql, "job_list", { ...filterArgs(f), before_id: [beforeId, "bigint"], page_size: [pageSize, "integer"] }),
  jobDetail: async (sql: Sql, id: string): Promise<Row | null> => {
    const [r] = await rows(sql, "job_detail", { id: [id, "bigint"] });
    return r ?? null;
  },
  throughput: (sql: Sql, since: string, bucket: string, queue?: string) =>
    rows(sql, "queue_throughput", { since: [since, "interval"], bucket: [bucket, "interval"], queue: [queue, "text"] }),
  lockouts: (sql: Sql, tenant: string | undefined, pageSize: number) =>
    rows(sql, "login_lockouts", { tenant: [tenant, "text"], page_size: [pageSize, "integer"] }),
  audit: (sql: Sql, beforeId: string | undefined, pageSize: number) =>
    rows(sql, "audit_log", { before_id: [beforeId, "bigint"], page_size: [pageSize, "integer"] }),
};

/** Admin actions: name → the SQL call, given the posted (string) fields. */
export const actions: Record<string, (sql: Sql, p: Record<string, string>, f: JobFilter) => Promise<unknown>> = {
  "job-retry": (sql, p) => callValue(sql, "job_retry", { id: [p.id, "bigint"] }),
  "job-cancel": (sql, p) => callValue(sql, "job_cancel", { id: [p.id, "bigint"] }),
  "job-retry-many": (sql, p, f) => callValue(sql, "job_retry_many", { ...filterArgs(f), max_jobs: [num(p.max_jobs), "integer"] }),
  "job-cancel-many": (sql, p, f) => callValue(sql, "job_cancel_many", { ...filterArgs(f), max_jobs: [num(p.max_jobs), "integer"] }),
  "queue-pause": (sql, p) => callValue(sql, "queue_pause", { queue: [p.queue, "text"] }),
  "queue-resume": (sql, p) => callValue(sql, "queue_resume", { queue: [p.queue, "text"] }),
  "schedule-enable": (sql, p) => callValue(sql, "schedule_enable", { name: [p.name, "text"] }),
  "schedule-disable": (sql, p) => callValue(sql, "schedule_disable", { name: [p.name, "text"] }),
  "schedule-run-now": (sql, p) => callValue(sql, "schedule_run_now", { name: [p.name, "text"] }, "f.value::text"),
  "lockout-unlock": (sql, p) =>
    callValue(sql, "login_unlock_subject", {
      tenant: [p.tenant ?? "", "text"],
      scope: [p.scope, "text"],
      subject_hex: [p.subject_hex, "text"],
    }),
  "dropdown-refresh": (sql, p) => callValue(sql, "dropdown_refresh_now", { name: [p.name, "text"] }),
};

function num(v: string | undefined): number | undefined {
  return v === undefined || v === "" ? undefined : Number(v);
}
