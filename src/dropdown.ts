/**
 * Dropdowns (sql/functions/dropdown): typed helpers, the built-in refresh task and a Select2
 * HTTP handler for node:http and Express. No SQL logic here: every call is one pgfirst
 * function with named arguments.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Sql } from "./db.ts";
import { mapErrors, PgfirstError, DropdownUnknownError } from "./errors.ts";
import type { TaskHandler } from "./worker.ts";

/** One option or one group of options, exactly as Select2 expects them. */
export type Select2Item = { id: string; text: string } | { text: string; children: { id: string; text: string }[] };

/** Select2's AJAX shape plus `as_of` (refresh time of the view) and `next` (keyset cursor). */
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
  /** PostgreSQL interval text, default '1 second'. */
  debounce?: string;
  /** PostgreSQL interval text, default '30 seconds'. */
  maxStaleness?: string;
  viewSchema?: string;
}

export interface DropdownStatus {
  name: string;
  view: string;
  rows: number | null;
  last_refresh_at: Date | null;
  last_duration: string | null;
  refresh_count: number;
  stale_since: Date | null;
  pending_changes: number | null;
  staleness_breached: boolean;
  debounce: string;
  max_staleness: string;
  sources: string[];
}

export interface SearchOptions {
  term?: string;
  page?: number;
  pageSize?: number;
  /** The `next` of the previous page. */
  after?: string | null;
}

export async function dropdownDefine(sql: Sql, d: DropdownDefinition): Promise<void> {
  await mapErrors(
    () => sql`
    select pgfirst.dropdown_define(
      name => ${d.name}::text,
      query => ${d.query}::text,
      sources => ${d.sources}::regclass[],
      debounce => ${d.debounce ?? "1 second"}::interval,
      max_staleness => ${d.maxStaleness ?? "30 seconds"}::interval,
      view_schema => ${d.viewSchema ?? "public"}::text)`,
  );
}

export async function dropdownSearch(sql: Sql, name: string, tenant: string, o: SearchOptions = {}): Promise<DropdownPage> {
  const [row] = await mapErrors(
    () => sql<{ page: DropdownPage }[]>`
    select pgfirst.dropdown_search(
      name => ${name}::text,
      tenant => ${tenant}::text,
      term => ${o.term ?? ""}::text,
      page => ${o.page ?? 1}::integer,
      page_size => ${o.pageSize ?? 30}::integer,
      after => ${o.after ?? null}::text) as page`,
  );
  return row!.page;
}

export async function dropdownLookup(sql: Sql, name: string, tenant: string, ids: string[]): Promise<{ id: string; text: string }[]> {
  return mapErrors(
    () => sql<{ id: string; text: string }[]>`
    select l.id, l.text from pgfirst.dropdown_lookup(name => ${name}::text, tenant => ${tenant}::text, ids => ${ids}::text[]) l`,
  );
}

export async function dropdownRefresh(sql: Sql, name: string): Promise<void> {
  await mapErrors(() => sql`select pgfirst.dropdown_refresh(name => ${name}::text)`);
}

/** Refreshes every dropdown in dependency order; returns how many. */
export async function refreshMaterializedViews(sql: Sql): Promise<number> {
  const [row] = await mapErrors(() => sql<{ n: number }[]>`select pgfirst.refresh_materialized_views() as n`);
  return row!.n;
}

/** Refreshes every dropdown; returns how many. */
export async function refreshAllDropdownMvs(sql: Sql): Promise<number> {
  const [row] = await mapErrors(() => sql<{ n: number }[]>`select pgfirst.refresh_all_dropdown_mvs() as n`);
  return row!.n;
}

export async function dropdownDrop(sql: Sql, name: string): Promise<boolean> {
  const [row] = await mapErrors(() => sql<{ dropped: boolean }[]>`select pgfirst.dropdown_drop(name => ${name}::text) as dropped`);
  return row!.dropped;
}

export async function dropdownStatus(sql: Sql): Promise<DropdownStatus[]> {
  const rows = await mapErrors(
    () => sql<
      (Omit<DropdownStatus, "rows" | "refresh_count" | "pending_changes"> & {
        rows: string | null;
        refresh_count: string;
        pending_changes: string | null;
      })[]
    >`
    select s.name, s.view, s.rows, s.last_refresh_at, s.last_duration::text as last_duration, s.refresh_count,
           s.stale_since, s.pending_changes, s.staleness_breached, s.debounce::text as debounce,
           s.max_staleness::text as max_staleness, s.sources::text[] as sources
      from pgfirst.dropdown_status s order by s.name`,
  );
  return rows.map((r) => ({
    ...r,
    rows: r.rows === null ? null : Number(r.rows),
    refresh_count: Number(r.refresh_count),
    pending_changes: r.pending_changes === null ? null : Number(r.pending_changes),
  }));
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
        pageSize: o.pageSize ?? 30,
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
