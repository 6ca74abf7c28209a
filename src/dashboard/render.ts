/**
 * Server-side HTML of the dashboard. Every value from the database goes through `esc`
 * (job payloads, errors, task and queue names are attacker-controlled), attributes are
 * always double-quoted, and no markup carries inline script or style (the page's CSP
 * allows only /assets/app.js and /assets/app.css). Charts are SVG built here.
 */
import type { Row } from "./data.ts";

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function esc(v: unknown): string {
  return String(v ?? "").replace(/[&<>"']/g, (c) => ESC[c]!);
}

/** Everything a view needs to draw links and action forms. */
export interface RenderContext {
  /** Mount path without trailing slash ("" at the root). */
  base: string;
  csrf: string;
  /** Action buttons shown (admin role and not --read-only). */
  admin: boolean;
  /** Why actions are hidden, for the header badge. */
  readOnlyReason: string | null;
  /** The current view's path and query relative to base, e.g. "/jobs?state=dead". */
  self: string;
}

export const JOB_STATES = ["waiting", "pending", "scheduled", "running", "failed", "dead", "cancelled", "done"] as const;

export function fmtTime(v: unknown): string {
  if (v === null || v === undefined || v === "") return "";
  const d = v instanceof Date ? v : new Date(String(v));
  if (Number.isNaN(d.getTime())) return String(v);
  return d
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
}

function fmt(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (v instanceof Date) return fmtTime(v);
  if (typeof v === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v)) return fmtTime(v);
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function href(ctx: RenderContext, path: string, query: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return esc(`${ctx.base}${path}${s ? `?${s}` : ""}`);
}

/** A POST form with one button (hidden when not admin). `confirm` asks first (app.js). */
export function actionForm(
  ctx: RenderContext,
  action: string,
  fields: Record<string, unknown>,
  label: string,
  confirm?: string,
  cls = "",
): string {
  if (!ctx.admin) return "";
  const hidden = Object.entries({ ...fields, _csrf: ctx.csrf, return: ctx.self })
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  return `<form class="act" method="post" action="${esc(`${ctx.base}/actions/${action}`)}"${confirm ? ` data-confirm="${esc(confirm)}"` : ""}>${hidden}<button type="submit" class="${esc(cls)}" data-action="${esc(action)}">${esc(label)}</button></form>`;
}

const HEADINGS: Record<string, string> = {
  paused: "status",
  oldest_pending_age_s: "oldest wait (s)",
  max_attempts: "max att.",
  subject_hex: "subject",
};

/** A table of rows: the given columns, or every key of the first row. */
export function table(
  rows: Row[],
  columns?: string[],
  cell?: (row: Row, col: string) => string | undefined,
  extra?: (row: Row) => string,
): string {
  if (rows.length === 0) return `<p class="empty">none</p>`;
  const cols = columns ?? Object.keys(rows[0]!);
  const head = cols.map((c) => `<th>${esc(HEADINGS[c] ?? c.replaceAll("_", " "))}</th>`).join("") + (extra ? "<th></th>" : "");
  const body = rows
    .map(
      (r) =>
        `<tr>${cols.map((c) => `<td class="c-${esc(c)}">${cell?.(r, c) ?? esc(fmt(r[c]))}</td>`).join("")}${extra ? `<td><div class="acts">${extra(r)}</div></td>` : ""}</tr>`,
    )
    .join("");
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function kv(obj: unknown): string {
  if (obj === null || obj === undefined) return `<p class="empty">none</p>`;
  if (typeof obj !== "object") return `<p>${esc(fmt(obj))}</p>`;
  if (Array.isArray(obj)) return obj.length && typeof obj[0] === "object" ? table(obj as Row[]) : `<p>${esc(JSON.stringify(obj))}</p>`;
  const rows = Object.entries(obj as Row)
    .map(([k, v]) => `<tr><th>${esc(k.replaceAll("_", " "))}</th><td>${esc(fmt(v))}</td></tr>`)
    .join("");
  return `<table class="kv"><tbody>${rows}</tbody></table>`;
}

/** The scalar members of an object (nested lists such as cache namespaces are left out of a summary card). */
function scalars(v: unknown): unknown {
  if (!v || typeof v !== "object" || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v as Row).filter(([, x]) => x === null || typeof x !== "object"));
}

function asRows(v: unknown): Row[] {
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === "object") as Row[]) : [];
}

// ---------------------------------------------------------------- charts

interface Series {
  key: string;
  label: string;
}

/** Buckets summed over queues (counts) or maxed (latencies), in time order. */
export function bucketize(rows: Row[]): Row[] {
  const m = new Map<string, Row>();
  for (const r of rows) {
    const k = fmtTime(r.bucket_start);
    const cur = m.get(k) ?? { bucket_start: r.bucket_start, done: 0, failed: 0, dead: 0 };
    for (const c of ["done", "failed", "dead"]) cur[c] = Number(cur[c] ?? 0) + Number(r[c] ?? 0);
    for (const c of ["p50_wait_ms", "p95_wait_ms", "p50_run_ms", "p95_run_ms"])
      if (r[c] !== null && r[c] !== undefined) cur[c] = Math.max(Number(cur[c] ?? 0), Number(r[c]));
    m.set(k, cur);
  }
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
}

/** 850 → "850 ms", 5250 → "5.3 s". */
export function fmtMs(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)} s` : `${Math.round(v)} ms`;
}

const W = 620;
const H = 150;
const PAD = { l: 48, r: 8, t: 8, b: 20 };

function axis(max: number, unit: string, buckets: Row[]): string {
  const y0 = H - PAD.b;
  const ticks = [0, max / 2, max]
    .map((v) => {
      const y = y0 - (v / (max || 1)) * (H - PAD.t - PAD.b);
      return `<line class="grid" x1="${PAD.l}" x2="${W - PAD.r}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}"/><text class="tick" x="${PAD.l - 4}" y="${(y + 4).toFixed(1)}" text-anchor="end">${esc(unit === "ms" ? fmtMs(v) : Math.round(v))}</text>`;
    })
    .join("");
  const first = buckets[0] ? fmtTime(buckets[0].bucket_start).slice(11, 16) : "";
  const last = buckets.at(-1) ? fmtTime(buckets.at(-1)!.bucket_start).slice(11, 16) : "";
  return `${ticks}<text class="tick" x="${PAD.l}" y="${H - 4}">${esc(first)}</text><text class="tick" x="${W - PAD.r}" y="${H - 4}" text-anchor="end">${esc(last)} UTC</text>`;
}

/** Stacked bars of done/failed/dead per bucket. */
export function throughputChart(buckets: Row[]): string {
  if (buckets.length === 0) return `<p class="empty">no finished jobs in this window</p>`;
  const series: Series[] = [
    { key: "done", label: "done" },
    { key: "failed", label: "failed" },
    { key: "dead", label: "dead" },
  ];
  const max = Math.max(1, ...buckets.map((b) => series.reduce((s, x) => s + Number(b[x.key] ?? 0), 0)));
  const bw = (W - PAD.l - PAD.r) / buckets.length;
  const y0 = H - PAD.b;
  const scale = (H - PAD.t - PAD.b) / max;
  let bars = "";
  buckets.forEach((b, i) => {
    let y = y0;
    for (const s of series) {
      const v = Number(b[s.key] ?? 0);
      if (v <= 0) continue;
      const h = v * scale;
      y -= h;
      bars += `<rect class="s-${s.key}" x="${(PAD.l + i * bw + 0.5).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(fmtTime(b.bucket_start))}: ${esc(v)} ${esc(s.label)}</title></rect>`;
    }
  });
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="jobs finished per bucket">${axis(max, "", buckets)}${bars}</svg>${legend(series)}`;
}

/** Lines of p50/p95 wait and run time per bucket (ms). */
export function latencyChart(buckets: Row[]): string {
  const series: Series[] = [
    { key: "p50_wait_ms", label: "p50 wait" },
    { key: "p95_wait_ms", label: "p95 wait" },
    { key: "p50_run_ms", label: "p50 run" },
    { key: "p95_run_ms", label: "p95 run" },
  ];
  const has = (b: Row, k: string) => b[k] !== undefined && b[k] !== null;
  if (!buckets.some((b) => series.some((s) => has(b, s.key)))) return `<p class="empty">no latency samples in this window</p>`;
  const max = Math.max(1, ...buckets.flatMap((b) => series.map((s) => Number(b[s.key] ?? 0))));
  const step = (W - PAD.l - PAD.r) / Math.max(1, buckets.length - 1);
  const y0 = H - PAD.b;
  const scale = (H - PAD.t - PAD.b) / max;
  const lines = series
    .map((s) => {
      const pts = buckets.flatMap((b, i) =>
        has(b, s.key) ? [[PAD.l + i * step, y0 - Number(b[s.key]) * scale, Number(b[s.key]), b.bucket_start] as const] : [],
      );
      const dots = pts
        .map(
          ([x, y, v, t]) =>
            `<circle class="l-${s.key}" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="2"><title>${esc(fmtTime(t))}: ${esc(s.label)} ${esc(fmtMs(v))}</title></circle>`,
        )
        .join("");
      return `<polyline class="l-${s.key}" fill="none" points="${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ")}"/>${dots}`;
    })
    .join("");
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="wait and run latency">${axis(max, "ms", buckets)}${lines}</svg>${legend(series, "l-")}`;
}

function legend(series: Series[], prefix = "s-"): string {
  return `<p class="legend">${series.map((s) => `<span class="sw ${prefix}${esc(s.key)}"></span>${esc(s.label)}`).join(" ")}</p>`;
}

// ---------------------------------------------------------------- views

export const WINDOWS: Record<string, { since: string; bucket: string; label: string }> = {
  "1h": { since: "1 hour", bucket: "1 minute", label: "last hour" },
  "24h": { since: "24 hours", bucket: "30 minutes", label: "last 24 h" },
  "7d": { since: "7 days", bucket: "6 hours", label: "last 7 days" },
};

const QUEUE_COLUMNS = [
  "queue",
  "paused",
  "pending",
  "scheduled",
  "running",
  "failed",
  "dead",
  "cancelled",
  "oldest_pending_age",
  "concurrency",
];

function pick(rows: Row[], preferred: string[]): string[] {
  if (rows.length === 0) return preferred;
  const keys = new Set(rows.flatMap((r) => Object.keys(r)));
  const cols = preferred.filter((c) => keys.has(c));
  return cols.length ? cols : [...keys];
}

export function overviewView(ctx: RenderContext, o: Row, throughput: Row[], windowKey: string, chartQueue: string | undefined): string {
  const queues = asRows(o.queues);
  const qcols = pick(queues, QUEUE_COLUMNS);
  const queuesTable = table(
    queues,
    qcols,
    (r, c) => {
      if (c === "queue") return `<a href="${href(ctx, "/jobs", { queue: String(r.queue) })}">${esc(r.queue)}</a>`;
      if (c === "paused") return r.paused ? `<span class="badge warn">paused</span>` : `<span class="badge ok">active</span>`;
      if (["dead", "failed", "running", "pending", "scheduled", "cancelled"].includes(c) && Number(r[c] ?? 0) > 0)
        return `<a href="${href(ctx, "/jobs", { queue: String(r.queue), state: c })}">${esc(r[c])}</a>`;
      return undefined;
    },
    ctx.admin
      ? (r) =>
          r.paused
            ? actionForm(ctx, "queue-resume", { queue: r.queue }, "Resume")
            : actionForm(ctx, "queue-pause", { queue: r.queue }, "Pause", `Pause queue ${String(r.queue)}? Workers stop claiming its jobs.`)
      : undefined,
  );
  const schedules = asRows(o.schedules);
  const schedTable = table(
    schedules,
    pick(schedules, ["name", "task", "queue", "spec", "timezone", "enabled", "next_run", "last_run"]),
    undefined,
    ctx.admin
      ? (r) =>
          (r.enabled === false
            ? actionForm(ctx, "schedule-enable", { name: r.name }, "Enable")
            : actionForm(ctx, "schedule-disable", { name: r.name }, "Disable")) +
          actionForm(ctx, "schedule-run-now", { name: r.name }, "Run now", `Enqueue a run of schedule ${String(r.name)} now?`)
      : undefined,
  );
  const dropdowns = asRows(o.dropdowns);
  const ddTable = table(
    dropdowns,
    pick(dropdowns, ["name", "rows", "last_refresh_at", "pending_changes", "staleness_breached"]),
    undefined,
    ctx.admin ? (r) => actionForm(ctx, "dropdown-refresh", { name: r.name }, "Refresh now") : undefined,
  );
  const lk = o.lockouts;
  const lockouts = lk && typeof lk === "object" ? (lk as Row).active : lk;
  const windows = Object.entries(WINDOWS)
    .map(([k, w]) =>
      k === windowKey
        ? `<strong>${esc(w.label)}</strong>`
        : `<a href="${href(ctx, "/", { window: k, queue: chartQueue })}">${esc(w.label)}</a>`,
    )
    .join(" · ");
  const buckets = bucketize(throughput);
  return `
<section class="grid2">
  <div class="card wide"><h2>Queues</h2>${queuesTable}</div>
</section>
<section class="grid2">
  <div class="card"><h2>Throughput${chartQueue ? ` · ${esc(chartQueue)}` : ""}</h2><p class="sub">${windows}</p>${throughputChart(buckets)}</div>
  <div class="card"><h2>Latency</h2><p class="sub">wait = run_at → claim, run = claim → finish</p>${latencyChart(buckets)}</div>
</section>
<section class="grid3">
  <div class="card"><h2>Cache</h2>${kv(scalars(o.cache))}</div>
  <div class="card"><h2>Sessions</h2>${kv(o.sessions)}</div>
  <div class="card"><h2>Login lockouts</h2><p class="big"><a href="${href(ctx, "/lockouts")}">${esc(fmt(lockouts ?? 0))}</a></p><p class="sub">subjects locked out now</p></div>
</section>
<div class="card"><h2>Schedules</h2>${schedTable}</div>
<div class="card"><h2>Dropdowns</h2>${ddTable}</div>
<p class="sub">server time ${esc(fmtTime(o.server_time ?? o.now))}</p>`;
}

export interface JobListQuery {
  state?: string;
  queue?: string;
  task?: string;
  tenant?: string;
  since?: string;
  until?: string;
  before?: string;
}

export function jobsFilterForm(ctx: RenderContext, q: JobListQuery, dropdownQueues: string[]): string {
  const states = ["", ...JOB_STATES]
    .map((s) => `<option value="${esc(s)}"${s === (q.state ?? "") ? " selected" : ""}>${esc(s || "any state")}</option>`)
    .join("");
  const queueList = dropdownQueues.map((x) => `<option value="${esc(x)}"></option>`).join("");
  const input = (name: keyof JobListQuery, label: string, type = "text", extra = "") =>
    `<label>${esc(label)}<input type="${type}" name="${name}" value="${esc(q[name] ?? "")}"${extra}></label>`;
  return `<form class="filters" method="get" action="${esc(`${ctx.base}/jobs`)}" id="filters">
<label>state<select name="state" id="f-state">${states}</select></label>
${input("queue", "queue", "text", ' list="queues"')}<datalist id="queues">${queueList}</datalist>
${input("task", "task")}${input("tenant", "tenant")}
${input("since", "since (UTC)", "text", ' placeholder="2026-01-31 12:00"')}${input("until", "until (UTC)", "text", ' placeholder="2026-01-31 13:00"')}
<button type="submit">Filter</button> <a href="${href(ctx, "/jobs")}">clear</a></form>`;
}

const JOB_COLUMNS = [
  "id",
  "state",
  "queue",
  "task",
  "tenant",
  "priority",
  "attempt",
  "max_attempts",
  "run_at",
  "created_at",
  "finished_at",
  "last_error",
];

export function jobsView(ctx: RenderContext, q: JobListQuery, jobs: Row[], pageSize: number): string {
  const filters: Record<string, string | undefined> = {
    state: q.state,
    queue: q.queue,
    task: q.task,
    tenant: q.tenant,
    since: q.since,
    until: q.until,
  };
  const cols = pick(jobs, JOB_COLUMNS);
  const list = table(jobs, cols, (r, c) => {
    if (c === "id") return `<a href="${href(ctx, `/jobs/${String(r.id)}`)}">${esc(r.id)}</a>`;
    if (c === "state") return `<span class="st st-${esc(r.state)}">${esc(r.state)}</span>`;
    if (c === "last_error") return `<span class="err" title="${esc(r.last_error)}">${esc(String(r.last_error ?? "").slice(0, 120))}</span>`;
    return undefined;
  });
  const last = jobs.at(-1);
  const older =
    jobs.length >= pageSize && last
      ? `<a class="pager" id="older" href="${href(ctx, "/jobs", { ...filters, before: String(last.id) })}">older →</a>`
      : `<span class="sub">end of list</span>`;
  const newest = q.before ? `<a class="pager" href="${href(ctx, "/jobs", filters)}">← newest</a> ` : "";
  const what = Object.entries(filters)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k} = ${v}`)
    .join(", ");
  // job_retry_many takes dead letters (default state dead), job_cancel_many waiting or running jobs (default pending)
  const retryable = !q.state || q.state === "dead" || q.state === "cancelled";
  const cancellable = !q.state || ["waiting", "pending", "scheduled", "failed", "running"].includes(q.state);
  const scope = (dflt: string) => [q.state ? "" : `state = ${dflt}`, what].filter(Boolean).join(", ");
  const bulk = ctx.admin
    ? `<div class="bulk">${
        retryable
          ? actionForm(
              ctx,
              "job-retry-many",
              filters,
              q.state ? "Retry all matching" : "Retry dead matching",
              `Retry every job matching ${scope("dead")} (up to 1000)?`,
              "warn",
            )
          : ""
      }${
        cancellable
          ? actionForm(
              ctx,
              "job-cancel-many",
              filters,
              q.state ? "Cancel all matching" : "Cancel pending matching",
              `Cancel every job matching ${scope("pending")} (up to 1000)?`,
              "danger",
            )
          : ""
      }</div>`
    : "";
  return `<div class="bar"><span class="sub">${esc(jobs.length)} job(s) on this page${q.before ? `, older than #${esc(q.before)}` : ""}, newest first</span>${bulk}</div>
${list}
<p class="pagers">${newest}${older}</p>`;
}

export function jobDetailView(ctx: RenderContext, job: Row | null, id: string): string {
  if (!job) return `<div class="card"><h2>Job ${esc(id)}</h2><p class="empty">no such job (unknown, or purged)</p></div>`;
  const { payload, errors, ...rest } = job;
  const state = String(job.state ?? "");
  const acts = [
    ["dead", "cancelled"].includes(state) ? actionForm(ctx, "job-retry", { id: job.id }, "Retry", `Retry job ${String(job.id)}?`) : "",
    ["waiting", "pending", "scheduled", "failed", "running"].includes(state)
      ? actionForm(ctx, "job-cancel", { id: job.id }, "Cancel", `Cancel job ${String(job.id)}?`, "danger")
      : "",
  ].join("");
  const history = asRows(errors);
  const histTable = history.length
    ? table(history, pick(history, ["attempt", "at", "failed_at", "worker_id", "error", "message"]), (r, c) =>
        c === "error" || c === "message" ? `<pre class="error">${esc(r[c])}</pre>` : undefined,
      )
    : Array.isArray(errors) || errors === undefined || errors === null
      ? `<p class="empty">no failed attempts</p>`
      : `<pre class="error">${esc(JSON.stringify(errors, null, 2))}</pre>`;
  const order = [
    "id",
    "state",
    "queue",
    "task",
    "tenant",
    "priority",
    "attempt",
    "max_attempts",
    "job_key",
    "run_at",
    "created_at",
    "updated_at",
    "claimed_at",
    "finished_at",
    "worker_id",
    "lease_expires_at",
    "cancel_requested",
  ];
  const keys = [...order.filter((k) => k in rest), ...Object.keys(rest).filter((k) => !order.includes(k) && k !== "last_error")];
  const half = Math.ceil(keys.length / 2);
  const part = (ks: string[]) => kv(Object.fromEntries(ks.map((k) => [k, rest[k]])));
  return `<div class="card"><h2>Job ${esc(job.id)} <span class="st st-${esc(state)}" id="job-state">${esc(state)}</span></h2>
<div class="bar">${acts}</div>
<div class="grid2">${part(keys.slice(0, half))}${part(keys.slice(half))}</div>
${rest.last_error ? `<p class="sub">last error</p><pre class="error">${esc(rest.last_error)}</pre>` : ""}</div>
<section class="grid2">
<div class="card"><h2>Payload</h2><pre class="json" id="payload">${esc(JSON.stringify(payload ?? null, null, 2))}</pre></div>
<div class="card"><h2>Attempts</h2>${histTable}</div>
</section>`;
}

export function lockoutsView(ctx: RenderContext, rows: Row[]): string {
  return `<div class="card"><h2>Login lockouts</h2>${table(rows, pick(rows, ["tenant", "scope", "subject_short", "failures", "lockouts", "locked_until", "updated_at"]), undefined, ctx.admin ? (r) => actionForm(ctx, "lockout-unlock", { tenant: r.tenant ?? "", scope: r.scope, subject_hex: r.subject_hex }, "Unlock", "Unlock this subject?") : undefined)}</div>`;
}

export function auditView(ctx: RenderContext, rows: Row[], pageSize: number): string {
  const last = rows.at(-1);
  const older =
    rows.length >= pageSize && last ? `<a class="pager" href="${href(ctx, "/audit", { before: String(last.id) })}">older →</a>` : "";
  return `<div class="card"><h2>Audit log</h2>${table(rows, pick(rows, ["id", "at", "session_role", "role", "action", "target", "detail"]))}<p class="pagers">${older}</p></div>`;
}

export function errorView(status: number, message: string): string {
  return `<div class="card"><h2>${esc(status)}</h2><p class="error">${esc(message)}</p></div>`;
}

export interface PageParts {
  title: string;
  nav: string;
  /** Static part above the refreshed one (e.g. the filter form). */
  head?: string;
  /** The refreshed part. */
  body: string;
  flash?: string;
  /** The JSON endpoint the page polls for `body` (empty: no live refresh). */
  api: string;
  refreshSeconds: number;
}

export function page(ctx: RenderContext, p: PageParts): string {
  const nav = [
    ["overview", "/", "Overview"],
    ["jobs", "/jobs", "Jobs"],
    ["dead", "/jobs?state=dead", "Dead"],
    ["lockouts", "/lockouts", "Lockouts"],
    ["audit", "/audit", "Audit log"],
  ]
    .map(([key, path, label]) => `<a href="${esc(ctx.base + path!)}"${key === p.nav ? ' class="on"' : ""}>${esc(label)}</a>`)
    .join("");
  const mode = ctx.readOnlyReason
    ? `<span class="badge" title="${esc(ctx.readOnlyReason)}" id="mode">read-only</span>`
    : `<span class="badge ok" id="mode">admin</span>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${esc(p.title)} · pgfirst</title>
<link rel="stylesheet" href="${esc(ctx.base)}/assets/app.css">
<script src="${esc(ctx.base)}/assets/app.js" defer></script>
</head>
<body data-api="${esc(p.api)}" data-refresh="${esc(p.refreshSeconds)}">
<header><span class="brand">pgfirst</span><nav>${nav}</nav><span class="right">${mode}<span id="live" class="sub"></span><button type="button" id="theme" title="light / dark">◐</button></span></header>
${p.flash ? `<p class="flash" id="flash">${esc(p.flash)}</p>` : ""}
<main>${p.head ?? ""}<div id="view">${p.body}</div></main>
</body>
</html>`;
}
