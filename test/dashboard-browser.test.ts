/**
 * The operations dashboard in a real browser: playwright-core driving Debian's Chromium
 * (/usr/bin/chromium, or $CHROMIUM_PATH) on a database with jobs in every state. Filters
 * dead jobs, opens one, retries it (sees it pending), pauses a queue and proves with a
 * real claimer connection that nothing is claimed from it until it is resumed. Saves
 * screenshots (overview light and dark, jobs list, job detail) under
 * test-results/dashboard/. Skipped, saying why, only when no Chromium executable exists.
 */
import { existsSync, mkdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { createSql } from "../src/db.ts";
import { dashboardRouter } from "../src/index.ts";
import { packageRoot } from "../src/paths.ts";
import type { PoolSql as Sql } from "../src/sql.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { seedDashboard, type Seeded } from "./support/dashboard-seed.ts";

const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (p): p is string => !!p && existsSync(p),
);
if (!executablePath) console.warn("[dashboard-browser] skipped: no Chromium executable (install Debian's `chromium` or set CHROMIUM_PATH)");

const out = path.join(packageRoot, "test-results", "dashboard");
const role = `pf_dash_browser_${process.pid}_${Math.random().toString(36).slice(2, 6)}`;

describe.skipIf(!executablePath)("operations dashboard in Chromium", () => {
  let db: TestDatabase;
  let seeded: Seeded;
  let adminSql: Sql;
  let claimer: Sql;
  let server: http.Server;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    db = await createTestDatabase();
    await db.sql.unsafe(`create role ${role} login password 'dash-browser' in role pgfirst_admin`);
    seeded = await seedDashboard(db.sql);
    // some history for the charts: finished jobs over the last hour
    await db.sql`select pgfirst.queue_configure(queue => 'reports', keep_finished => '7 days')`;
    for (let m = 55; m >= 0; m -= 5) {
      const now = new Date(Date.now() - m * 60_000);
      await db.sql`select pgfirst.job_enqueue(task => 'build_report', queue => 'reports', now => ${now}) from generate_series(1, ${5 + (m % 7)})`;
      const got = await db.sql<
        { id: string }[]
      >`select id::text from pgfirst.job_claim(worker_id => 'hist', queues => array['reports'], max_jobs => 50, now => ${new Date(now.getTime() + 1500 + m * 40)})`;
      await db.sql`select pgfirst.job_complete(ids => ${got.map((g) => g.id)}::bigint[], worker_id => 'hist', now => ${new Date(now.getTime() + 4000 + m * 90)})`;
    }
    // the rest of the overview: schedules, a dropdown, cache entries, sessions
    await db.sql`select pgfirst.schedule_set(name => 'nightly_report', task => 'build_report', cron => '0 3 * * *', queue => 'reports')`;
    await db.sql`select pgfirst.schedule_set(name => 'sync_crm', task => 'sync_crm', every => '15 minutes', queue => 'crm', enabled => false)`;
    await db.sql`create table public.dash_country (id integer primary key, tenant text not null, name text not null)`;
    await db.sql`insert into public.dash_country select g, '', 'Country ' || g from generate_series(1, 250) g`;
    await db.sql`grant select on public.dash_country to pgfirst_dropdown`;
    await db.sql`select pgfirst.dropdown_define(name => 'countries', query => 'select tenant, id::text, name as text from public.dash_country',
                 sources => array['public.dash_country']::regclass[])`;
    await db.sql`select pgfirst.refresh_materialized_views()`;
    await db.sql`select pgfirst.cache_set(namespace => 'user', key => g::text, value => jsonb_build_object('n', g), ttl => '1 hour') from generate_series(1, 40) g`;
    await db.sql`select pgfirst.session_create(user_id => 'u' || g) from generate_series(1, 12) g`;
    const url = new URL(db.url);
    url.username = role;
    url.password = "dash-browser";
    adminSql = createSql(url.toString(), {}, 4);
    claimer = db.connect(1);
    const handler = dashboardRouter(adminSql, { refreshSeconds: 2 });
    server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-extensions",
        "--disable-sync",
        "--no-first-run",
        "--mute-audio",
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await adminSql?.end({ timeout: 5 });
    await db?.drop();
    if (db) {
      const admin = createSql(db.url.replace(/\/[^/?]+(\?|$)/, "/postgres$1"), {}, 1);
      await admin.unsafe(`drop role if exists ${role}`).finally(() => admin.end({ timeout: 5 }));
    }
  });

  async function claimMail(): Promise<string[]> {
    const rows = await claimer<
      { id: string }[]
    >`select id::text from pgfirst.job_claim(worker_id => 'browser-test', queues => array['mail'], max_jobs => 10)`;
    return rows.map((r) => r.id);
  }

  it("filters dead jobs, opens one, retries it, pauses and resumes a queue", async () => {
    const page: Page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    page.on("dialog", (d) => void d.accept());

    // overview, light and dark
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(base + "/");
    await expect
      .poll(() => page.locator("td.c-queue a").allTextContents())
      .toEqual(expect.arrayContaining(["mail", "billing", "crm", "media", "reports"]));
    await expect.poll(() => page.locator("svg.chart rect").count()).toBeGreaterThan(3);
    await page.screenshot({ path: path.join(out, "overview-light.png") });
    await page.screenshot({ path: path.join(out, "overview-light-full.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: path.join(out, "overview-dark.png") });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe("rgb(21, 23, 26)");
    // the toggle overrides the system setting, and is remembered across pages
    await page.click("#theme");
    expect(await page.evaluate(() => document.documentElement.getAttribute("data-theme"))).toBe("light");
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(247, 247, 248)");
    await page.reload();
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(247, 247, 248)");
    await page.evaluate(() => localStorage.removeItem("pgfirst-theme"));
    await page.emulateMedia({ colorScheme: "light" });

    // jobs: filter dead
    await page.click("nav >> text=Jobs");
    await page.selectOption("#f-state", "dead");
    await Promise.all([page.waitForURL(/state=dead/), page.click("form.filters button[type=submit]")]);
    const ids = await page.locator("td.c-id a").allTextContents();
    expect(ids.sort()).toEqual([...seeded.dead].sort());
    expect(await page.locator("td.c-state").allTextContents()).toEqual(["dead", "dead", "dead"]);
    await page.screenshot({ path: path.join(out, "jobs-dead.png") });

    // open the newest dead job: the hostile payload is shown as text, never run
    const id = ids.sort((a, b) => Number(b) - Number(a))[0]!;
    await Promise.all([page.waitForURL(new RegExp(`/jobs/${id}$`)), page.click(`td.c-id a >> text="${id}"`)]);
    await expect.poll(() => page.locator("#job-state").textContent()).toBe("dead");
    expect(await page.locator("#payload").textContent()).toContain("<script>window.__xss=1</script>");
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.screenshot({ path: path.join(out, "job-detail.png"), fullPage: true });

    // retry it: confirm, redirect back, state pending
    await Promise.all([page.waitForURL(new RegExp(`/jobs/${id}$`)), page.click('button[data-action="job-retry"]')]);
    await expect.poll(() => page.locator("#job-state").textContent()).toBe("pending");
    expect(await page.locator("#flash").textContent()).toContain(`job ${id} retried`);

    // pause "mail": a real claimer gets nothing from it while paused, then gets its job after resume
    await page.goto(base + "/");
    const mailRow = page.locator("tr", { has: page.locator("td.c-queue a", { hasText: /^mail$/ }) });
    await Promise.all([page.waitForURL(/\/$/), mailRow.locator('button[data-action="queue-pause"]').click()]);
    await expect.poll(() => mailRow.locator(".badge").textContent()).toBe("paused");
    expect(await claimMail()).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await claimMail()).toEqual([]);
    await Promise.all([page.waitForURL(/\/$/), mailRow.locator('button[data-action="queue-resume"]').click()]);
    await expect.poll(() => mailRow.locator(".badge").textContent()).toBe("active");
    expect(await claimMail()).toContain(seeded.pending);

    // live refresh: the page picks up a change made elsewhere without a reload
    const before = await page.locator("body").getAttribute("data-refreshed");
    await db.sql`select pgfirst.queue_pause(queue => 'media')`;
    const mediaRow = page.locator("tr", { has: page.locator("td.c-queue a", { hasText: /^media$/ }) });
    await expect.poll(() => mediaRow.locator(".badge").textContent(), { timeout: 10_000 }).toBe("paused");
    expect(await page.locator("body").getAttribute("data-refreshed")).not.toBe(before);

    expect(pageErrors).toEqual([]);
    await page.close();
  }, 90_000);
});
