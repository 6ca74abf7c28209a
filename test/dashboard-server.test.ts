/**
 * The dashboard's HTTP handler against a real database, as real login roles: one granted
 * pgfirst_admin, one granted only pgfirst_worker. Proves the security model (read-only by
 * flag and by role, CSRF and Origin checks, escaping, headers) and that each action does
 * what it says in the database and lands in the audit log.
 */
import { createHmac } from "node:crypto";
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql } from "../src/db.ts";
import { packageRoot } from "../src/paths.ts";
import { dashboardRouter, type DashboardOptions } from "../src/index.ts";
import type { PoolSql as Sql } from "../src/sql.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { seedDashboard, XSS, type Seeded } from "./support/dashboard-seed.ts";

const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 6)}`;
const roles = { admin: `pf_dash_admin_${suffix}`, worker: `pf_dash_worker_${suffix}` };
const PASSWORD = "dash-test-pw";
const SECRET = "dashboard-test-secret";

/** The token a form of a server started with SECRET carries for this cookie ("name=value"). */
function tokenFor(cookie: string): string {
  return createHmac("sha256", SECRET)
    .update(`csrf:${cookie.split("=")[1]}`)
    .digest("base64url");
}

let db: TestDatabase;
let seeded: Seeded;
const pools: Sql[] = [];
const servers: http.Server[] = [];

function loginAs(role: string): Sql {
  const url = new URL(db.url);
  url.username = role;
  url.password = PASSWORD;
  const sql = createSql(url.toString(), {}, 4);
  pools.push(sql);
  return sql;
}

async function serve(sql: Sql, options: DashboardOptions = {}): Promise<string> {
  const handler = dashboardRouter(sql, { refreshSeconds: 5, ...options });
  const server = http.createServer((req, res) => handler(req, res));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A browser session: the CSRF cookie and the token of the page it loaded. */
async function session(base: string, path = "/"): Promise<{ cookie: string; token: string; html: string }> {
  const r = await fetch(base + path);
  const html = await r.text();
  expect(r.status, html).toBe(200);
  const cookie = (r.headers.getSetCookie().find((c) => c.startsWith("pgfirst_dashboard_csrf=")) ?? "").split(";")[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  return { cookie, token, html };
}

async function post(
  base: string,
  action: string,
  fields: Record<string, string>,
  s: { cookie: string; token: string } | null,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { ok?: boolean; result?: unknown; error?: { message: string; code?: string } } }> {
  const r = await fetch(`${base}/actions/${action}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      origin: base,
      ...(s ? { cookie: s.cookie } : {}),
      ...headers,
    },
    body: new URLSearchParams({ ...fields, ...(s ? { _csrf: s.token } : {}) }).toString(),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : {} };
}

async function apiJobs(
  base: string,
  query: Record<string, string>,
): Promise<{ jobs: { id: string; state: string; queue: string; tenant: string }[]; next_before_id: string | null }> {
  const r = await fetch(`${base}/api/jobs?${new URLSearchParams(query)}`, { headers: { accept: "application/json" } });
  const j = (await r.json()) as {
    data: { jobs: { id: string; state: string; queue: string; tenant: string }[]; next_before_id: string | null };
  };
  expect(r.status, JSON.stringify(j)).toBe(200);
  return j.data;
}

async function stateOf(id: string): Promise<string | undefined> {
  const [r] = await db.sql<{ state: string }[]>`select state from pgfirst.job_detail(id => ${id}::bigint)`;
  return r?.state;
}

async function auditActions(): Promise<string[]> {
  const rows = await db.sql<{ action: string }[]>`select action from pgfirst.audit_log(page_size => 1000)`;
  return rows.map((r) => r.action);
}

let adminBase: string;
let workerBase: string;
let readOnlyBase: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.sql.unsafe(`create role ${roles.admin} login password '${PASSWORD}' in role pgfirst_admin`);
  await db.sql.unsafe(`create role ${roles.worker} login password '${PASSWORD}' in role pgfirst_worker`);
  seeded = await seedDashboard(db.sql);
  await db.sql`delete from pgfirst_private.admin_audit`; // the seed's own cancel (as superuser) is audited
  adminBase = await serve(loginAs(roles.admin));
  workerBase = await serve(loginAs(roles.worker), { secret: SECRET });
  readOnlyBase = await serve(loginAs(roles.admin), { readOnly: true, secret: SECRET });
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  await Promise.all(pools.map((p) => p.end({ timeout: 5 })));
  await db?.drop();
  if (db) {
    const admin = createSql(db.url.replace(/\/[^/?]+(\?|$)/, "/postgres$1"), {}, 1);
    try {
      for (const r of Object.values(roles)) await admin.unsafe(`drop role if exists ${r}`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  }
});

describe("pages and headers", () => {
  it("serves every view with a strict CSP, no framing and no caching; GET changes nothing", async () => {
    for (const path of [
      "/",
      "/jobs",
      "/jobs?state=dead",
      `/jobs/${seeded.dead[0]}`,
      "/lockouts",
      "/audit",
      "/api/jobs",
      "/assets/app.js",
      "/assets/app.css",
    ]) {
      const r = await fetch(adminBase + path);
      expect(r.status, path).toBe(200);
      const csp = r.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers.get("x-frame-options")).toBe("DENY");
      expect(r.headers.get("cache-control")).toBe("no-store");
      const body = await r.text();
      if (path.startsWith("/assets") || path.startsWith("/api")) continue;
      // no inline code of our own: scripts only by src, no style element or attribute
      expect(body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle="/i);
    }
    expect(await auditActions()).toEqual([]);
  });

  it("answers 404 for an unknown page and 405 for other methods", async () => {
    expect((await fetch(adminBase + "/nope")).status).toBe(404);
    expect((await fetch(adminBase + "/", { method: "PUT" })).status).toBe(405);
  });

  it("escapes attacker-controlled payloads and error texts", async () => {
    const r = await fetch(`${adminBase}/jobs/${seeded.dead[0]}`);
    const html = await r.text();
    expect(html).toContain("card declined &lt;/pre&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=&quot;window.__xss=2&quot;&gt;");
    expect(html).not.toContain(XSS);
    expect(html).not.toContain("<script>window.__xss");
    const list = await (await fetch(`${adminBase}/jobs?state=dead`)).text();
    expect(list).not.toContain("<script>window.__xss");
    expect(list).toContain("&lt;script&gt;");
  });
});

describe("filters and keyset paging (JSON endpoint)", () => {
  it("filters by state, queue and tenant", async () => {
    const dead = await apiJobs(adminBase, { state: "dead" });
    expect(dead.jobs.map((j) => j.id).sort()).toEqual([...seeded.dead].sort());
    expect(dead.jobs.every((j) => j.state === "dead")).toBe(true);
    const billing = await apiJobs(adminBase, { queue: "billing" });
    expect(billing.jobs.map((j) => j.id).sort()).toEqual([...seeded.dead].sort());
    const globexDead = await apiJobs(adminBase, { state: "dead", tenant: "globex" });
    expect(globexDead.jobs.map((j) => j.id).sort()).toEqual(seeded.dead.slice(1).sort());
    const done = await apiJobs(adminBase, { state: "done" });
    expect(done.jobs.map((j) => j.id)).toEqual([seeded.done]);
    for (const s of ["pending", "scheduled", "running", "failed", "cancelled"] as const) {
      const got = await apiJobs(adminBase, { state: s });
      expect(
        got.jobs.map((j) => j.id),
        s,
      ).toEqual([seeded[s]]);
    }
    const r = await fetch(`${adminBase}/api/jobs?state=bogus`, { headers: { accept: "application/json" } });
    expect(r.status).toBe(400);
  });

  it("pages newest first with 'older' links until the end, each job once", async () => {
    const ids = await db.sql<
      { id: string }[]
    >`select pgfirst.job_enqueue(task => 'bulk_' || (g % 3), queue => 'paging', tenant => 'p')::text as id
      from generate_series(1, 120) g`;
    const handler = await serve(loginAs(roles.admin), { pageSize: 25 });
    const seen: string[] = [];
    let before: string | null = null;
    for (let pageNo = 0; pageNo < 10; pageNo++) {
      const p = await apiJobs(handler, { queue: "paging", ...(before ? { before } : {}) });
      seen.push(...p.jobs.map((j) => j.id));
      expect(p.jobs.length).toBeLessThanOrEqual(25);
      before = p.next_before_id;
      if (!before) break;
    }
    expect(seen).toEqual(ids.map((r) => r.id).sort((a, b) => Number(b) - Number(a)));
    const html = await (await fetch(`${handler}/jobs?queue=paging`)).text();
    expect(html).toMatch(/id="older" href="[^"]*before=\d+/);
  });
});

describe("CSRF and Origin", () => {
  it("refuses a POST without token, with a wrong token, cross-origin or without any Origin", async () => {
    const s = await session(adminBase);
    expect(s.token).not.toBe("");
    const queue = { queue: "mail" };
    expect((await post(adminBase, "queue-pause", queue, null)).status).toBe(403);
    expect((await post(adminBase, "queue-pause", queue, { cookie: s.cookie, token: "x".repeat(43) })).status).toBe(403);
    expect((await post(adminBase, "queue-pause", queue, { cookie: "", token: s.token })).status).toBe(403);
    // a token minted with another secret (another server) for the same cookie
    expect((await post(adminBase, "queue-pause", queue, { cookie: s.cookie, token: tokenFor(s.cookie) })).status).toBe(403);
    // a valid token presented with another cookie
    const other = await session(adminBase);
    expect((await post(adminBase, "queue-pause", queue, { cookie: other.cookie, token: s.token })).status).toBe(403);
    expect((await post(adminBase, "queue-pause", queue, s, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post(adminBase, "queue-pause", queue, s, { origin: "", referer: "https://evil.example/x" })).status).toBe(403);
    const [q] = await db.sql<
      { paused: boolean }[]
    >`select coalesce((select paused from pgfirst_private.job_queue where queue = 'mail'), false) as paused`;
    expect(q!.paused).toBe(false);
    expect(await auditActions()).toEqual([]);
  });

  it("sets the CSRF cookie HttpOnly and SameSite=Strict", async () => {
    const r = await fetch(adminBase + "/");
    const c = r.headers.getSetCookie().find((x) => x.startsWith("pgfirst_dashboard_csrf="))!;
    expect(c).toMatch(/HttpOnly/);
    expect(c).toMatch(/SameSite=Strict/);
  });
});

describe("read-only", () => {
  it("--read-only hides every action and refuses action POSTs with 403", async () => {
    const s = await session(readOnlyBase);
    expect(s.html).toContain('id="mode">read-only');
    expect(s.html).not.toContain("data-action=");
    const detail = await (await fetch(`${readOnlyBase}/jobs/${seeded.dead[0]}`)).text();
    expect(detail).not.toContain("data-action=");
    // a valid token for this server: still refused
    const r = await post(readOnlyBase, "job-retry", { id: seeded.dead[0]! }, { cookie: s.cookie, token: tokenFor(s.cookie) });
    expect(r.status).toBe(403);
    expect(await stateOf(seeded.dead[0]!)).toBe("dead");
  });

  it("a role without pgfirst_admin sees no actions and is refused with 403, even with a valid token", async () => {
    const s = await session(workerBase, "/jobs");
    expect(s.html).toContain('id="mode">read-only');
    expect(s.html).not.toContain("data-action=");
    expect(s.token).toBe(""); // no forms at all; forge the token from the known secret instead
    const r = await post(workerBase, "queue-pause", { queue: "mail" }, { cookie: s.cookie, token: tokenFor(s.cookie) });
    expect(r.status).toBe(403);
    expect(r.body.error?.message).toMatch(/pgfirst_admin/);
    // and the database itself refuses the worker role
    const worker = loginAs(roles.worker);
    await expect(worker`select pgfirst.queue_pause(queue => 'mail')`).rejects.toMatchObject({ code: "42501" });
    expect(await auditActions()).toEqual([]);
  });
});

describe("actions (admin role)", () => {
  let s: { cookie: string; token: string };
  beforeAll(async () => {
    s = await session(adminBase);
  });

  it("retries one dead job: back to pending, audited", async () => {
    const r = await post(adminBase, "job-retry", { id: seeded.dead[0]! }, s);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.result).toBe(true);
    expect(await stateOf(seeded.dead[0]!)).toBe("pending");
    expect(await auditActions()).toContain("job_retry");
  });

  it("cancels one pending job", async () => {
    const r = await post(adminBase, "job-cancel", { id: seeded.pending }, s);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await stateOf(seeded.pending)).toBe("cancelled");
  });

  it("bulk-retries the dead jobs matching a filter", async () => {
    const r = await post(adminBase, "job-retry-many", { state: "dead", queue: "billing", tenant: "globex" }, s);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.result).toBe(2);
    for (const id of seeded.dead.slice(1)) expect(await stateOf(id)).toBe("pending");
    expect(await auditActions()).toContain("job_retry_many");
  });

  it("bulk-cancels the jobs matching a filter", async () => {
    const r = await post(adminBase, "job-cancel-many", { state: "pending", queue: "billing" }, s);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.result).toBe(3);
    for (const id of seeded.dead) expect(await stateOf(id)).toBe("cancelled");
    expect(await auditActions()).toContain("job_cancel_many");
  });

  it("pauses and resumes a queue", async () => {
    const paused = async () =>
      (await db.sql<{ p: boolean }[]>`select coalesce((select paused from pgfirst_private.job_queue where queue = 'crm'), false) as p`)[0]!
        .p;
    expect((await post(adminBase, "queue-pause", { queue: "crm" }, s)).status).toBe(200);
    expect(await paused()).toBe(true);
    const page = await (await fetch(adminBase + "/")).text();
    expect(page).toMatch(/paused/);
    expect((await post(adminBase, "queue-resume", { queue: "crm" }, s)).status).toBe(200);
    expect(await paused()).toBe(false);
    const a = await auditActions();
    expect(a).toContain("queue_pause");
    expect(a).toContain("queue_resume");
  });

  it("disables, enables and runs a schedule now", async () => {
    await db.sql`select pgfirst.schedule_set(name => 'nightly', task => 'report', cron => '0 3 * * *')`;
    const enabled = async () =>
      (await db.sql<{ e: boolean }[]>`select enabled as e from pgfirst_private.schedule where name = 'nightly'`)[0]!.e;
    expect((await post(adminBase, "schedule-disable", { name: "nightly" }, s)).status).toBe(200);
    expect(await enabled()).toBe(false);
    expect((await post(adminBase, "schedule-enable", { name: "nightly" }, s)).status).toBe(200);
    expect(await enabled()).toBe(true);
    const unknown = await post(adminBase, "schedule-enable", { name: "no_such_schedule" }, s);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe("PF514");
    const run = await post(adminBase, "schedule-run-now", { name: "nightly" }, s);
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(await stateOf(String(run.body.result))).toBe("pending");
    const a = await auditActions();
    for (const x of ["schedule_disable", "schedule_enable", "schedule_run_now"]) expect(a).toContain(x);
  });

  it("unlocks a locked-out login subject", async () => {
    for (let i = 0; i < 30; i++) await db.sql`select * from pgfirst.login_attempt(username => 'mallory', ip => '10.0.0.9')`;
    const before = await db.sql<{ scope: string; subject_hex: string; tenant: string }[]>`select * from pgfirst.login_lockouts()`;
    expect(before.length).toBeGreaterThan(0);
    const html = await (await fetch(adminBase + "/lockouts")).text();
    expect(html).toContain('data-action="lockout-unlock"');
    for (const l of before) {
      const r = await post(adminBase, "lockout-unlock", { tenant: l.tenant, scope: l.scope, subject_hex: l.subject_hex }, s);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    expect(await db.sql`select * from pgfirst.login_lockouts()`).toHaveLength(0);
    expect(await auditActions()).toContain("login_unlock_subject");
  });

  it("requests a dropdown refresh", async () => {
    await db.sql`create table public.dash_item (id integer primary key, tenant text not null, label text not null)`;
    await db.sql`insert into public.dash_item values (1, '', 'one')`;
    await db.sql`grant select on public.dash_item to pgfirst_dropdown`;
    await db.sql`select pgfirst.dropdown_define(name => 'dash_items', query => 'select tenant, id::text, label as text from public.dash_item',
                 sources => array['public.dash_item']::regclass[])`;
    const r = await post(adminBase, "dropdown-refresh", { name: "dash_items" }, s);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await auditActions()).toContain("dropdown_refresh_now");
    const unknown = await post(adminBase, "dropdown-refresh", { name: "no_such_dropdown" }, s);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toMatch(/^PF/);
  });

  it("maps a PF error to 400 with the database's message", async () => {
    const r = await post(adminBase, "queue-pause", { queue: "" }, s);
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toMatch(/^PF/);
  });

  it("a form POST redirects (303) back to a local page only, with a flash message", async () => {
    const form = async (ret: string) =>
      fetch(`${adminBase}/actions/queue-resume`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: adminBase, cookie: s.cookie },
        body: new URLSearchParams({ queue: "crm", _csrf: s.token, return: ret }).toString(),
      });
    const ok = await form("/jobs?state=dead");
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/jobs?state=dead");
    expect(ok.headers.getSetCookie().some((c) => c.startsWith("pgfirst_dashboard_flash="))).toBe(true);
    for (const evil of ["//evil.example/x", "https://evil.example/", "/\\evil.example"]) {
      const r = await form(evil);
      expect(r.headers.get("location"), evil).toBe("/");
    }
  });

  it("shows the actions in the audit log page", async () => {
    const html = await (await fetch(adminBase + "/audit")).text();
    expect(html).toContain("queue_pause");
    expect(html).toContain(roles.admin);
  });
});

describe("pgfirst dashboard (CLI)", () => {
  const bin = path.join(packageRoot, "bin", "pgfirst.mjs");
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "DATABASE_URL"));

  it("serves on 127.0.0.1, read-only with --read-only, and stops on SIGTERM with exit 0", async () => {
    const child = spawn(process.execPath, [bin, "dashboard", "--port", "0", "--read-only", "--database-url", db.url], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    await expect.poll(() => out, { timeout: 30_000 }).toMatch(/http:\/\/127\.0\.0\.1:\d+\//);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)![1]!;
    const r = await fetch(url);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('id="mode">read-only');
    child.kill("SIGTERM");
    expect(await exited, err).toBe(0);
  }, 60_000);

  it("a port in use is one line and exit 69", async () => {
    const blocker = http.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const child = spawn(process.execPath, [bin, "dashboard", "--port", String(port), "--database-url", db.url], {
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
      expect(code).toBe(69);
      expect(err.trim().split("\n")).toHaveLength(1);
      expect(err).toMatch(/already in use/);
    } finally {
      blocker.close();
    }
  }, 60_000);
});

describe("mounted in Express under a path", () => {
  it("links, cookie path and actions follow the mount path; the app's own auth runs first", async () => {
    const { default: express } = await import("express");
    const app = express();
    app.use(express.urlencoded({ extended: false })); // a body parser before it is fine too
    app.use(
      "/admin/pgfirst",
      (req, res, next) => (req.get("x-user") === "ops" ? next() : res.status(401).send("log in")),
      dashboardRouter(loginAs(roles.admin)),
    );
    const server = app.listen(0, "127.0.0.1");
    servers.push(server);
    await new Promise((r) => server.once("listening", r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await fetch(`${origin}/admin/pgfirst/`)).status).toBe(401);
    const r = await fetch(`${origin}/admin/pgfirst/`, { headers: { "x-user": "ops" } });
    const html = await r.text();
    expect(r.status).toBe(200);
    expect(html).toContain('href="/admin/pgfirst/assets/app.css"');
    expect(html).toContain('href="/admin/pgfirst/jobs?queue=mail"');
    expect(html).toContain('action="/admin/pgfirst/actions/queue-pause"');
    expect(html).toContain('data-api="/admin/pgfirst/api"');
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith("pgfirst_dashboard_csrf="))!;
    expect(cookie).toContain("Path=/admin/pgfirst");
    const token = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const post = await fetch(`${origin}/admin/pgfirst/actions/queue-pause`, {
      method: "POST",
      redirect: "manual",
      headers: { "x-user": "ops", origin, cookie: cookie.split(";")[0]!, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ queue: "media", _csrf: token, return: "/jobs?queue=media" }).toString(),
    });
    expect(post.status).toBe(303);
    expect(post.headers.get("location")).toBe("/admin/pgfirst/jobs?queue=media");
    const [q] = await db.sql<{ paused: boolean }[]>`select paused from pgfirst_private.job_queue where queue = 'media'`;
    expect(q?.paused).toBe(true);
    await db.sql`select pgfirst.queue_resume(queue => 'media')`;
  });
});
