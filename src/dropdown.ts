/**
 * Dropdowns (sql/functions/dropdown): typed helpers, the built-in refresh task and a Select2
 * HTTP handler for node:http and Express. No SQL logic here: every call is one pgfirst
 * function with named arguments.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Interval, Sql } from "./sql.ts";
import { callRows, callValue } from "./core.ts";
import { mapErrors, PgfirstError, DropdownUnknownError } from "./errors.ts";
import type { TaskHandler } from "./worker.ts";

/** One option or one group of options, exactly as Select2 expects them. */
export type Select2Item = { id: string; text: string } | { text: string; children: { id: string; text: string }[] };

/**
 * dropdown_search's jsonb document, returned as the SQL builds it because it is a wire
 * format (what the Select2 endpoint sends to browsers): Select2's AJAX shape plus `as_of`
 * (refresh time of the view) and `next` (keyset cursor).
 */
export interface DropdownPage {
  results: Select2Item[];
  pagination: { more: boolean };
  as_of: string | null;
  next: string | null;
}

export interface DropdownDefinition {
  name: string;
  query: string;
  /** Tables whose writes make the view stale, e.g. ["demo.person"]. */
  sources: string[];
  /** Omitted: dropdown_define's default (1 second). */
  debounce?: Interval;
  /** Omitted: dropdown_define's default (30 seconds). */
  maxStaleness?: Interval;
  /** Omitted: dropdown_define's default ('public'). */
  viewSchema?: string;
}

export interface DropdownStatus {
  name: string;
  view: string;
  rows: number | null;
  lastRefreshAt: Date | null;
  /** PostgreSQL interval text. */
  lastDuration: string | null;
  refreshCount: number;
  staleSince: Date | null;
  pendingChanges: number | null;
  stalenessBreached: boolean;
  debounce: string;
  maxStaleness: string;
  sources: string[];
}

/** Omitted options take dropdown_search's defaults (term '', page 1, page_size 30). */
export interface SearchOptions {
  term?: string;
  page?: number;
  pageSize?: number;
  /** The `next` of the previous page. */
  after?: string | null;
}

/** pgfirst.dropdown_define (admin): creates or replaces a dropdown and its materialized view. */
export async function dropdownDefine(sql: Sql, d: DropdownDefinition): Promise<void> {
  await callValue(sql, "dropdown_define", {
    name: [d.name, "text"],
    query: [d.query, "text"],
    sources: [d.sources, "regclass[]"],
    debounce: [d.debounce, "interval"],
    max_staleness: [d.maxStaleness, "interval"],
    view_schema: [d.viewSchema, "text"],
  });
}

/** pgfirst.dropdown_search: one page of Select2 JSON for `term` within `tenant` (required: the SQL has no default). */
export function dropdownSearch(sql: Sql, name: string, tenant: string, o: SearchOptions = {}): Promise<DropdownPage> {
  return callValue<DropdownPage>(sql, "dropdown_search", {
    name: [name, "text"],
    tenant: [tenant, "text"],
    term: [o.term, "text"],
    page: [o.page, "integer"],
    page_size: [o.pageSize, "integer"],
    after: [o.after, "text"],
  });
}

/** pgfirst.dropdown_lookup: the options with these ids (preselected values), in `tenant`. */
export function dropdownLookup(sql: Sql, name: string, tenant: string, ids: readonly string[]): Promise<{ id: string; text: string }[]> {
  return callRows(sql, "dropdown_lookup", { name: [name, "text"], tenant: [tenant, "text"], ids: [[...ids], "text[]"] }, "f.id, f.text");
}

/** pgfirst.dropdown_refresh: refreshes one dropdown's view now. */
export async function dropdownRefresh(sql: Sql, name: string): Promise<void> {
  await callValue(sql, "dropdown_refresh", { name: [name, "text"] });
}

/** pgfirst.refresh_materialized_views: refreshes every dropdown in dependency order; returns how many. */
export function refreshMaterializedViews(sql: Sql): Promise<number> {
  return callValue<number>(sql, "refresh_materialized_views");
}

/** pgfirst.refresh_all_dropdown_mvs: the old app's entry point (same as refreshMaterializedViews); returns how many. */
export function refreshAllDropdownMvs(sql: Sql): Promise<number> {
  return callValue<number>(sql, "refresh_all_dropdown_mvs");
}

/** pgfirst.dropdown_drop (admin): true when the dropdown existed. */
export function dropdownDrop(sql: Sql, name: string): Promise<boolean> {
  return callValue<boolean>(sql, "dropdown_drop", { name: [name, "text"] });
}

/** The pgfirst.dropdown_status view, ordered by name. */
export function dropdownStatus(sql: Sql): Promise<DropdownStatus[]> {
  return mapErrors(async () => [
    ...(await sql<DropdownStatus[]>`
    select s.name, s.view, s.rows::float8 as rows, s.last_refresh_at as "lastRefreshAt", s.last_duration::text as "lastDuration",
           s.refresh_count::float8 as "refreshCount", s.stale_since as "staleSince", s.pending_changes::float8 as "pendingChanges",
           s.staleness_breached as "stalenessBreached", s.debounce::text as debounce, s.max_staleness::text as "maxStaleness",
           s.sources::text[] as sources
      from pgfirst.dropdown_status s order by s.name`),
  ]);
}

/**
 * The built-in `pgfirst.dropdown_refresh` task (enqueued by the change triggers, payload
 * `{ name }`). A dropdown dropped after the job was queued needs no refresh: done.
 */
export const dropdownRefreshTask: TaskHandler<{ name: string }> = async (payload, ctx) => {
  try {
    await dropdownRefresh(ctx.sql, payload.name);
  } catch (e) {
    if (e instanceof DropdownUnknownError) {
      ctx.log.info(`dropdown "${payload.name}" no longer exists; nothing to refresh`);
      return;
    }
    throw e;
  }
};

export interface Select2HandlerOptions {
  sql: Sql;
  /**
   * The tenant of the request, from your authentication (session, token, subdomain), never
   * from the query string alone. Return null to refuse the request (403).
   */
  tenant: (req: IncomingMessage) => string | null | Promise<string | null>;
  /** Which dropdown names this endpoint serves (others: 404). Default: any defined one. */
  allow?: readonly string[];
  /** Name of the dropdown from the request; default: the last path segment (`/dropdowns/people`). */
  dropdownName?: (req: IncomingMessage, url: URL) => string | null;
  pageSize?: number;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * A request handler `(req, res)` answering Select2's AJAX calls:
 * `GET <path>/<name>?term=…&page=…&after=…` → dropdown_search's JSON, and
 * `GET <path>/<name>?ids=1,2,3` → `{ results: [{id, text}] }` for preselected values.
 * Works with node:http (`http.createServer(handler)`) and Express (`app.get('/dropdowns/:name', handler)`).
 */
export function select2Handler(o: Select2HandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, { error: "method not allowed" });
      const url = new URL(req.url ?? "/", "http://localhost");
      const name = o.dropdownName ? o.dropdownName(req, url) : decodeURIComponent(url.pathname.split("/").filter(Boolean).pop() ?? "");
      if (!name || (o.allow && !o.allow.includes(name))) return send(res, 404, { error: "unknown dropdown" });
      const tenant = await o.tenant(req);
      if (tenant === null) return send(res, 403, { error: "no tenant for this request" });
      const ids = url.searchParams.get("ids");
      if (ids !== null) {
        const rows = await dropdownLookup(
          o.sql,
          name,
          tenant,
          ids.split(",").filter((s) => s !== ""),
        );
        return send(res, 200, { results: rows });
      }
      const pageText = url.searchParams.get("page");
      const page = pageText === null || pageText === "" ? 1 : Number(pageText);
      if (!Number.isInteger(page)) return send(res, 400, { error: "page must be an integer", code: "PF605" });
      const body = await dropdownSearch(o.sql, name, tenant, {
        term: url.searchParams.get("term") ?? url.searchParams.get("q") ?? "",
        page,
        ...(o.pageSize !== undefined ? { pageSize: o.pageSize } : {}),
        after: url.searchParams.get("after") || null,
      });
      return send(res, 200, body);
    } catch (e) {
      if (e instanceof DropdownUnknownError) return send(res, 404, { error: "unknown dropdown", code: e.code });
      if (e instanceof PgfirstError) return send(res, 400, { error: e.message, code: e.code });
      return send(res, 500, { error: "internal error" });
    }
  };
}

/** pgfirst.dropdown_refresh_now (admin, audited): dropdown_refresh as an operator action. */
export async function dropdownRefreshNow(sql: Sql, name: string): Promise<void> {
  await callValue(sql, "dropdown_refresh_now", { name: [name, "text"] });
}
