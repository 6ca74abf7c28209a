/**
 * Dropdown demo: installs the demo domain (schema `demo`, sql/demo/dropdowns.sql), seeds it
 * deterministically, defines the people / location / asset dropdowns, shows searches, and
 * with `pgfirst demo --serve` serves a page with three real Select2 widgets.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import type { PoolSql as Sql } from "../db.ts";
import { packageRoot } from "../paths.ts";
import { dropdownSearch, dropdownStatus, select2Handler } from "../dropdown.ts";
import type { Output } from "../cli/output.ts";
import type { DemoSection } from "./types.ts";

export const DEMO_TENANTS = ["acme", "globex", "initech"] as const;

/** Installs (idempotently) the demo schema, seeds it at `scale` and defines the three dropdowns. */
export async function installDropdownDemo(sql: Sql, scale = 1): Promise<{ seeded: boolean; defined: number }> {
  // The demo domain is a fixture, not product schema: one multi-statement file run as is.
  await sql.file(path.join(packageRoot, "sql", "demo", "dropdowns.sql"));
  const [seed] = await sql<{ seeded: boolean }[]>`select demo.seed(scale => ${scale}::numeric) as seeded`;
  // a re-seed replaced the rows: the views must follow before we show them
  const [def] = await sql<{ defined: number }[]>`select demo.define_dropdowns() as defined`;
  if (seed!.seeded && def!.defined === 0) await sql`select pgfirst.refresh_all_dropdown_mvs()`;
  return { seeded: seed!.seeded, defined: def!.defined };
}

function parseScale(v: unknown): number {
  if (v === undefined) return 1;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 20) throw new Error(`--scale must be a number in (0, 20], got ${String(v)}`);
  return n;
}

/** True when the dropdown module's migration is applied (the demo needs its functions). */
export async function dropdownsInstalled(sql: Sql): Promise<boolean> {
  const [r] = await sql<{ ok: boolean }[]>`select to_regclass('pgfirst.dropdown_status') is not null as ok`;
  return r!.ok;
}

export const dropdownDemo: DemoSection = {
  title: "Dropdowns (materialized views + Select2)",
  async run({ sql, out, values }) {
    if (!(await dropdownsInstalled(sql))) {
      out.line("skipped: the dropdown migration is not applied to this database yet (migrations/current.sql until the integrator commits it)");
      out.result({ skipped: "dropdown migration not applied" });
      return;
    }
    const scale = parseScale(values.scale);
    const t0 = performance.now();
    const r = await installDropdownDemo(sql, scale);
    out.line(`demo domain at scale ${scale}: ${r.seeded ? "seeded" : "already seeded"}, ${r.defined} dropdown(s) defined (${Math.round(performance.now() - t0)} ms)`);
    const status = await dropdownStatus(sql);
    out.table(status.map((s) => ({ name: s.name, view: s.view, rows: s.rows, last_refresh_at: s.lastRefreshAt, last_duration: s.lastDuration, stale_since: s.staleSince })));
    const samples: { dropdown: string; tenant: string; term: string; results: number; more: boolean; first: string; ms: string }[] = [];
    for (const [name, tenant, term] of [["people", "acme", "müll"], ["people", "globex", "jo"], ["location", "acme", "lyon"], ["asset", "acme", "pump"]] as const) {
      const t = performance.now();
      const page = await dropdownSearch(sql, name, tenant, { term, pageSize: 10 });
      const ms = (performance.now() - t).toFixed(2);
      const first = page.results[0];
      samples.push({ dropdown: name, tenant, term, results: page.results.length, more: page.pagination.more, first: first ? ("children" in first ? `${first.text} › ${first.children[0]?.text}` : first.text) : "", ms });
    }
    out.heading("dropdown_search samples (page_size 10; ms include the round trip)");
    out.table(samples);
    out.line("Serve the Select2 page with: pgfirst demo --serve [--port 3000]");
    out.result({ dropdowns: status, samples });
  },
};

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pgfirst dropdowns</title>
<link rel="stylesheet" href="/static/select2.min.css">
<style>body{font:15px system-ui,sans-serif;margin:2rem;max-width:44rem} label{display:block;margin:1.2rem 0 .3rem;font-weight:600}
select{width:100%} small{color:#666}</style></head>
<body>
<h1>pgfirst dropdowns</h1>
<p>Tenant (your "session"): <select id="tenant">__TENANTS__</select>
<small>the server reads it from a cookie, never from the query string</small></p>
<label for="people">Person</label><select id="people" data-dropdown="people"></select>
<label for="location">Location</label><select id="location" data-dropdown="location"></select>
<label for="asset">Asset</label><select id="asset" data-dropdown="asset"></select>
<p><small>Data from <code>pgfirst.dropdown_search</code> over materialized views; pages after the first use the keyset cursor (<code>next</code> → <code>after</code>).</small></p>
<script src="/static/jquery.min.js"></script>
<script src="/static/select2.min.js"></script>
<script>
document.getElementById('tenant').addEventListener('change', function (e) {
  document.cookie = 'tenant=' + encodeURIComponent(e.target.value) + '; path=/; samesite=strict';
  $('select[data-dropdown]').val(null).trigger('change');
});
$('select[data-dropdown]').each(function () {
  var name = this.dataset.dropdown;
  var state = { term: null, next: null };   // cursor of the last page loaded for the current term
  $(this).select2({
    placeholder: 'Type to search…', allowClear: true, width: '100%',
    ajax: {
      url: '/dropdowns/' + name, delay: 150, dataType: 'json',
      data: function (params) {
        var term = params.term || '', page = params.page || 1;
        var q = { term: term, page: page };
        if (page > 1 && state.term === term && state.next) q.after = state.next;
        return q;
      },
      processResults: function (data, params) {
        state.term = params.term || ''; state.next = data.next;
        return { results: data.results, pagination: data.pagination };
      }
    }
  });
});
</script>
</body></html>`;

function staticFile(rel: string): Buffer {
  return readFileSync(path.join(packageRoot, "node_modules", rel));
}

/**
 * The demo HTTP server: the page, jQuery and Select2 from node_modules, and the Select2
 * handler at /dropdowns/<name>. The tenant comes from a cookie (standing in for a session).
 */
export function createDropdownDemoServer(sql: Sql): http.Server {
  const assets: Record<string, [string, string]> = {
    "/static/jquery.min.js": ["jquery/dist/jquery.min.js", "text/javascript"],
    "/static/select2.min.js": ["select2/dist/js/select2.min.js", "text/javascript"],
    "/static/select2.min.css": ["select2/dist/css/select2.min.css", "text/css"],
  };
  const handler = select2Handler({
    sql,
    allow: ["people", "location", "asset"],
    tenant: (req) => {
      const m = /(?:^|;\s*)tenant=([^;]*)/.exec(req.headers.cookie ?? "");
      const t = m ? decodeURIComponent(m[1]!) : "acme";
      return (DEMO_TENANTS as readonly string[]).includes(t) ? t : null;
    },
  });
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/") {
      const html = PAGE.replace("__TENANTS__", DEMO_TENANTS.map((t) => `<option>${t}</option>`).join(""));
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "set-cookie": "tenant=acme; path=/; samesite=strict" });
      res.end(html);
      return;
    }
    const a = assets[url.pathname];
    if (a) {
      res.writeHead(200, { "content-type": a[1], "cache-control": "max-age=3600" });
      res.end(staticFile(a[0]));
      return;
    }
    if (url.pathname.startsWith("/dropdowns/")) {
      void handler(req, res);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
}

/** `pgfirst demo --serve`: serves until SIGINT/SIGTERM. */
export async function serveDropdownDemo(sql: Sql, out: Output, port: number): Promise<void> {
  if (!(await dropdownsInstalled(sql))) throw new Error("pgfirst demo --serve: the dropdown migration is not applied to this database");
  const server = createDropdownDemoServer(sql);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const addr = server.address();
  out.line(`Select2 demo on http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : port}/ (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
