/**
 * The operations dashboard as one plain Node request handler: `dashboardRouter(sql, opts)`
 * returns `(req, res, next?) => void`, usable with `http.createServer`, or mounted in
 * Express / Connect under any path behind the application's own authentication
 * (`app.use("/admin/pgfirst", requireAdmin, dashboardRouter(sql))`).
 *
 * Security model (docs/dashboard.md):
 * - GET never changes anything; every action is a POST carrying a CSRF token: the token is
 *   an HMAC (per-process or given secret) of a random value in an HttpOnly SameSite=Strict
 *   cookie, and the request's Origin (or Referer) must be this Host or a listed origin.
 * - Read-only (`readOnly`, or a database role without pgfirst_admin as reported by
 *   dashboard_overview().capabilities.admin) hides the buttons and answers action POSTs 403.
 *   The database refuses too: SQLSTATE 42501 becomes 403, PF errors 400 (404 for unknown
 *   objects) with the database's message.
 * - Every response carries a strict CSP (scripts and styles from 'self' only), frame-ancestors
 *   'none' / X-Frame-Options DENY, nosniff and Cache-Control no-store.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Sql } from "../sql.ts";
import { APP_CSS, APP_JS } from "./assets.ts";
import { actions, data, type JobFilter, type Row } from "./data.ts";
import {
  auditView,
  errorView,
  jobDetailView,
  jobsFilterForm,
  jobsView,
  JOB_STATES,
  lockoutsView,
  overviewView,
  page,
  WINDOWS,
  type JobListQuery,
  type RenderContext,
} from "./render.ts";

export interface DashboardOptions {
  /** Hide every action and refuse action POSTs with 403, whatever the role may do. */
  readOnly?: boolean;
  /** Key of the CSRF token HMAC (default: random per process, so tokens die with a restart). */
  secret?: string | Buffer;
  /** Origins allowed to POST besides the request's own Host, e.g. ["https://ops.example.com"] behind a proxy. */
  origins?: readonly string[];
  /** Seconds between live refreshes of a page (default 5; 0 disables). */
  refreshSeconds?: number;
  /** Rows per page of the job list and audit log (default 50). */
  pageSize?: number;
}

/** A Node request handler; `next` (Express) is called with errors the handler cannot answer. */
export type DashboardHandler = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

const COOKIE = "pgfirst_dashboard_csrf";
const FLASH = "pgfirst_dashboard_flash";
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** PF codes that name an object that does not exist: ScheduleUnknownError, DropdownUnknownError. */
const NOT_FOUND = new Set(["PF514", "PF601"]);

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader("content-security-policy", CSP);
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "same-origin");
  res.setHeader("cache-control", "no-store");
}

function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) {
      try {
        out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        /* a malformed cookie is ignored */
      }
    }
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Record<string, string>> {
  const parsed = (req as { body?: unknown }).body; // express.urlencoded() / express.json() ran already
  if (parsed && typeof parsed === "object" && !Buffer.isBuffer(parsed))
    return Promise.resolve(Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, String(v)])));
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > 64 * 1024) {
        reject(new HttpError(413, "request body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const type = String(req.headers["content-type"] ?? "");
      try {
        if (type.startsWith("application/json")) {
          const j = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          resolve(Object.fromEntries(Object.entries(j).map(([k, v]) => [k, String(v)])));
        } else resolve(Object.fromEntries(new URLSearchParams(text)));
      } catch {
        reject(new HttpError(400, "request body is not valid JSON"));
      }
    });
    req.on("error", reject);
  });
}

/** "2026-01-31 12:00" or any ISO text; no zone means UTC. Empty → undefined. */
function parseTime(v: string | undefined, name: string): Date | undefined {
  if (!v) return undefined;
  const t = v.trim().replace(" ", "T");
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(t) || !/T/.test(t) ? t : `${t}Z`);
  if (Number.isNaN(d.getTime())) throw new HttpError(400, `${name} must be a date/time such as 2026-01-31 12:00 (UTC)`);
  return d;
}

function jobQuery(p: URLSearchParams | Record<string, string>): JobListQuery {
  const get = (k: string) => {
    const v = p instanceof URLSearchParams ? p.get(k) : p[k];
    return v === null || v === undefined || v.trim() === "" ? undefined : v.trim();
  };
  const q: JobListQuery = {
    state: get("state"),
    queue: get("queue"),
    task: get("task"),
    tenant: get("tenant"),
    since: get("since"),
    until: get("until"),
    before: get("before"),
  };
  if (q.state && !(JOB_STATES as readonly string[]).includes(q.state))
    throw new HttpError(400, `state must be one of ${JOB_STATES.join(", ")}`);
  if (q.before && !/^\d{1,19}$/.test(q.before)) throw new HttpError(400, "before must be a job id");
  return q;
}

function toFilter(q: JobListQuery): JobFilter {
  return {
    state: q.state,
    queue: q.queue,
    task: q.task,
    tenant: q.tenant,
    since: parseTime(q.since, "since"),
    until: parseTime(q.until, "until"),
  };
}

/** Maps a database error to an HTTP status: 42501 → 403, PF → 400 (404 for unknown objects). */
function httpStatusOf(e: unknown): HttpError | null {
  if (e instanceof HttpError) return e;
  const code = (e as { code?: unknown })?.code;
  const message = e instanceof Error ? e.message : String(e);
  if (code === "42501") return new HttpError(403, `permission denied: the dashboard's database role may not do this (${message})`, code);
  if (typeof code === "string" && code.startsWith("PF")) {
    return new HttpError(NOT_FOUND.has(code) ? 404 : 400, message, code);
  }
  if (code === "22P02" || code === "22003" || code === "22007" || code === "22008") return new HttpError(400, message, code);
  return null;
}

function wantsJson(req: IncomingMessage): boolean {
  return /application\/json/.test(String(req.headers.accept ?? "")) && !/text\/html/.test(String(req.headers.accept ?? ""));
}

export function dashboardRouter(sql: Sql, options: DashboardOptions = {}): DashboardHandler {
  const secret = options.secret ?? randomBytes(32);
  const pageSize = options.pageSize ?? 50;
  const refreshSeconds = options.refreshSeconds ?? 5;
  const origins = new Set(options.origins ?? []);
  let caps: { admin: boolean; at: number } | null = null;

  const tokenFor = (cookie: string) => createHmac("sha256", secret).update(`csrf:${cookie}`).digest("base64url");

  /**
   * capabilities.admin of dashboard_overview(), remembered: 60 s for drawing buttons on a
   * page, 5 s before an action (the database refuses a non-admin anyway: 42501 → 403).
   */
  async function isAdmin(overview?: Row, maxAgeMs = 60_000): Promise<boolean> {
    if (overview) {
      caps = { admin: (overview.capabilities as { admin?: unknown } | undefined)?.admin === true, at: Date.now() };
      return caps.admin;
    }
    if (!caps || Date.now() - caps.at > maxAgeMs) await isAdmin(await data.overview(sql));
    return caps!.admin;
  }

  function sameOrigin(req: IncomingMessage): boolean {
    let origin = req.headers.origin;
    if (!origin && req.headers.referer) {
      try {
        origin = new URL(req.headers.referer).origin;
      } catch {
        return false;
      }
    }
    if (!origin || origin === "null") return false;
    if (origins.has(origin)) return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  function checkCsrf(req: IncomingMessage, body: Record<string, string>): void {
    if (!sameOrigin(req)) throw new HttpError(403, "cross-origin request refused (Origin/Referer must match Host)");
    const cookie = cookies(req)[COOKIE];
    const given = body._csrf ?? String(req.headers["x-csrf-token"] ?? "");
    if (!cookie || !given) throw new HttpError(403, "missing CSRF token: reload the page and try again");
    const want = Buffer.from(tokenFor(cookie));
    const got = Buffer.from(given);
    if (want.length !== got.length || !timingSafeEqual(want, got))
      throw new HttpError(403, "invalid CSRF token: reload the page and try again");
  }

  /** The CSRF cookie (set when missing) and the token forms carry. */
  function csrf(req: IncomingMessage, res: ServerResponse, base: string): string {
    let c = cookies(req)[COOKIE];
    if (!c || !/^[A-Za-z0-9_-]{43}$/.test(c)) {
      c = randomBytes(32).toString("base64url");
      const secure = (req.socket as { encrypted?: boolean }).encrypted ? "; Secure" : "";
      appendCookie(res, `${COOKIE}=${c}; Path=${base || "/"}; HttpOnly; SameSite=Strict${secure}`);
    }
    return tokenFor(c);
  }

  function appendCookie(res: ServerResponse, value: string): void {
    const prev = res.getHeader("set-cookie");
    res.setHeader("set-cookie", [...(Array.isArray(prev) ? prev : prev ? [String(prev)] : []), value]);
  }

  function send(res: ServerResponse, status: number, type: string, body: string): void {
    res.statusCode = status;
    res.setHeader("content-type", type);
    res.end(body);
  }

  interface View {
    title: string;
    nav: string;
    head?: string;
    body: string;
    data: unknown;
  }

  async function view(path: string, params: URLSearchParams, ctx: RenderContext): Promise<View> {
    if (path === "/" || path === "") {
      const windowKey = params.get("window") && WINDOWS[params.get("window")!] ? params.get("window")! : "1h";
      const queue = params.get("queue") || undefined;
      const w = WINDOWS[windowKey]!;
      const [o, t] = await Promise.all([data.overview(sql), data.throughput(sql, w.since, w.bucket, queue)]);
      ctx.admin = ctx.admin && (await isAdmin(o));
      if (!ctx.admin && !ctx.readOnlyReason) ctx.readOnlyReason = "the database role lacks pgfirst_admin";
      return { title: "Overview", nav: "overview", body: overviewView(ctx, o, t, windowKey, queue), data: { overview: o, throughput: t } };
    }
    if (path === "/jobs") {
      const q = jobQuery(params);
      const jobs = await data.jobList(sql, toFilter(q), q.before, pageSize);
      const last = jobs.at(-1);
      return {
        title: q.state ? `${q.state} jobs` : "Jobs",
        nav: q.state === "dead" ? "dead" : "jobs",
        head: jobsFilterForm(ctx, q, []),
        body: jobsView(ctx, q, jobs, pageSize),
        data: { jobs, next_before_id: jobs.length >= pageSize && last ? String(last.id) : null },
      };
    }
    const m = /^\/jobs\/(\d{1,19})$/.exec(path);
    if (m) {
      const job = await data.jobDetail(sql, m[1]!);
      return { title: `Job ${m[1]}`, nav: "jobs", body: jobDetailView(ctx, job, m[1]!), data: { job } };
    }
    if (path === "/lockouts") {
      const rows = await data.lockouts(sql, params.get("tenant") || undefined, 200);
      return { title: "Lockouts", nav: "lockouts", body: lockoutsView(ctx, rows), data: { lockouts: rows } };
    }
    if (path === "/audit") {
      const before = params.get("before") || undefined;
      if (before && !/^\d{1,19}$/.test(before)) throw new HttpError(400, "before must be an audit entry id");
      const rows = await data.audit(sql, before, pageSize);
      return { title: "Audit log", nav: "audit", body: auditView(ctx, rows, pageSize), data: { entries: rows } };
    }
    throw new HttpError(404, "no such page");
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res);
    const base = String((req as { baseUrl?: unknown }).baseUrl ?? "").replace(/\/$/, "");
    const url = new URL(req.url ?? "/", "http://dashboard.invalid");
    let path = url.pathname.replace(/\/+$/, "") || "/";
    const method = req.method ?? "GET";

    if (method === "GET" || method === "HEAD") {
      if (path === "/assets/app.js") return send(res, 200, "text/javascript; charset=utf-8", APP_JS);
      if (path === "/assets/app.css") return send(res, 200, "text/css; charset=utf-8", APP_CSS);
      const json = path === "/api" || path.startsWith("/api/");
      if (json) path = path.slice(4) || "/";
      const token = csrf(req, res, base);
      const ctx: RenderContext = {
        base,
        csrf: token,
        admin: !options.readOnly,
        readOnlyReason: options.readOnly ? "started with --read-only" : null,
        self: `${path}${url.search}`,
      };
      if (ctx.admin) {
        ctx.admin = await isAdmin();
        if (!ctx.admin) ctx.readOnlyReason = "the database role lacks pgfirst_admin";
      }
      const v = await view(path, url.searchParams, ctx);
      if (json)
        return send(
          res,
          200,
          "application/json; charset=utf-8",
          JSON.stringify({ view: v.nav, admin: ctx.admin, data: v.data, html: v.body }),
        );
      const flash = cookies(req)[FLASH];
      if (flash) appendCookie(res, `${FLASH}=; Path=${base || "/"}; Max-Age=0; HttpOnly; SameSite=Strict`);
      return send(
        res,
        200,
        "text/html; charset=utf-8",
        page(ctx, {
          title: v.title,
          nav: v.nav,
          head: v.head,
          body: v.body,
          flash,
          api: refreshSeconds > 0 ? `${base}/api${path === "/" ? "" : path}${url.search}` : "",
          refreshSeconds,
        }),
      );
    }

    if (method === "POST") {
      const m = /^\/actions\/([a-z-]+)$/.exec(path);
      const act = m ? actions[m[1]!] : undefined;
      if (!act) throw new HttpError(404, "no such action");
      const body = await readBody(req);
      checkCsrf(req, body);
      if (options.readOnly) throw new HttpError(403, "the dashboard runs read-only (--read-only)");
      if (!(await isAdmin(undefined, 5_000))) throw new HttpError(403, "read-only: the dashboard's database role lacks pgfirst_admin");
      const q = jobQuery(body);
      const result = await act(sql, body, toFilter(q));
      const name = m![1]!;
      const message = describe(name, body, result);
      if (wantsJson(req))
        return send(res, 200, "application/json; charset=utf-8", JSON.stringify({ ok: true, action: name, result, message }));
      const ret = body.return && /^\/(?![/\\])[^\s]*$/.test(body.return) ? body.return : "/";
      appendCookie(res, `${FLASH}=${encodeURIComponent(message)}; Path=${base || "/"}; Max-Age=30; HttpOnly; SameSite=Strict`);
      res.statusCode = 303;
      res.setHeader("location", `${base}${ret}`);
      res.end();
      return;
    }
    res.setHeader("allow", "GET, HEAD, POST");
    throw new HttpError(405, "method not allowed");
  }

  return (req, res, next) => {
    handle(req, res).catch((e: unknown) => {
      const h = httpStatusOf(e);
      if (!h) {
        if (next) return next(e);
        console.error("pgfirst dashboard:", e);
      }
      const status = h?.status ?? 500;
      const message = h?.message ?? "internal error (see the server log)";
      if (res.headersSent) return res.end();
      securityHeaders(res);
      if (wantsJson(req) || (req.url ?? "").startsWith("/api"))
        return send(
          res,
          status,
          "application/json; charset=utf-8",
          JSON.stringify({ error: { status, message, ...(h?.code ? { code: h.code } : {}) } }),
        );
      const base = String((req as { baseUrl?: unknown }).baseUrl ?? "").replace(/\/$/, "");
      send(
        res,
        status,
        "text/html; charset=utf-8",
        page(
          { base, csrf: "", admin: false, readOnlyReason: null, self: "/" },
          { title: String(status), nav: "", body: errorView(status, message), api: "", refreshSeconds: 0 },
        ),
      );
    });
  };
}

function describe(action: string, body: Record<string, string>, result: unknown): string {
  const r = result === null || result === undefined ? "" : String(result);
  switch (action) {
    case "job-retry":
      return r === "true" ? `job ${body.id} retried` : `job ${body.id} was not retried (not dead or cancelled)`;
    case "job-cancel":
      return r === "true" ? `job ${body.id} cancelled` : `job ${body.id} was not cancelled (already finished)`;
    case "job-retry-many":
      return `${r} job(s) retried`;
    case "job-cancel-many":
      return `${r} job(s) cancelled`;
    case "queue-pause":
      return `queue ${body.queue} paused`;
    case "queue-resume":
      return `queue ${body.queue} resumed`;
    case "schedule-enable":
      return `schedule ${body.name} enabled`;
    case "schedule-disable":
      return `schedule ${body.name} disabled`;
    case "schedule-run-now":
      return `schedule ${body.name}: job ${r} enqueued`;
    case "lockout-unlock":
      return `unlocked`;
    case "dropdown-refresh":
      return `dropdown ${body.name} refresh requested`;
    default:
      return `${action}: ${r}`;
  }
}
