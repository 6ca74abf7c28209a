/**
 * Dropdowns with real connections: debounced refresh through the job queue, readers never
 * blocked by a refresh, writers never refreshing, and no change lost when it lands while
 * a refresh runs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { dropdownDefine, dropdownRefresh, dropdownSearch, dropdownStatus, dropdownLookup } from "../src/dropdown.ts";
import { DropdownPageSizeError, DropdownUnknownError } from "../src/errors.ts";
import { Worker, silentLogger } from "../src/worker.ts";
import type { PoolSql as Sql } from "../src/db.ts";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { select2Handler, dropdownRefreshTask, dropdownDrop } from "../src/dropdown.ts";
import type { TaskContext } from "../src/worker.ts";

let db: TestDatabase;

async function status(sql: Sql, name: string) {
  const s = (await dropdownStatus(sql)).find((r) => r.name === name);
  if (!s) throw new Error(`no status for ${name}`);
  return s;
}

async function waitFor(cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await db.sql`create table public.item (id integer primary key, tenant text not null, label text not null)`;
  await db.sql`insert into public.item select g, 't' || (g % 3), 'Item ' || g from generate_series(1, 20000) g`;
  await db.sql`grant select, insert, update, delete on public.item to pgfirst_app`;
  await db.sql`grant select on public.item to pgfirst_dropdown`;
  await dropdownDefine(db.sql, {
    name: "item",
    query: "select tenant, id, label as text from public.item",
    sources: ["public.item"],
    debounce: "300 milliseconds",
    maxStaleness: "20 seconds",
  });
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

describe("dropdown helpers", () => {
  it("search and lookup return Select2 data through the typed helpers", async () => {
    const page = await dropdownSearch(db.sql, "item", "t1", { term: "item 100", pageSize: 5 });
    expect(page.results.length).toBe(5);
    expect(page.results.every((r) => "id" in r && r.text.startsWith("Item 100"))).toBe(true);
    expect(page.pagination.more).toBe(true);
    const next = await dropdownSearch(db.sql, "item", "t1", { term: "item 100", pageSize: 5, after: page.next });
    const ids = new Set([...page.results, ...next.results].map((r) => ("id" in r ? r.id : "")));
    expect(ids.size).toBe(10);
    expect(await dropdownLookup(db.sql, "item", "t1", ["1", "4"])).toEqual([{ id: "1", text: "Item 1" }, { id: "4", text: "Item 4" }]);
  });

  it("maps PF codes to typed errors", async () => {
    await expect(dropdownSearch(db.sql, "nope", "t1")).rejects.toBeInstanceOf(DropdownUnknownError);
    await expect(dropdownSearch(db.sql, "item", "t1", { pageSize: 500 })).rejects.toMatchObject({ code: "PF604" });
    await expect(dropdownSearch(db.sql, "item", "t1", { pageSize: 0 })).rejects.toBeInstanceOf(DropdownPageSizeError);
  });
});

describe("Select2 HTTP handler", () => {
  it("takes the tenant from the caller's function, answers lookups, and maps errors to HTTP", async () => {
    const handler = select2Handler({
      sql: db.sql,
      allow: ["item"],
      // the "session": a header set by an authenticating proxy in this test
      tenant: (req) => (typeof req.headers["x-tenant"] === "string" ? req.headers["x-tenant"] : null),
    });
    const server = http.createServer((req, res) => void handler(req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const get = (path: string, tenant?: string) => fetch(base + path, { headers: tenant ? { "x-tenant": tenant } : {} });
      const ok = await get("/dropdowns/item?term=item%201&page=1", "t1");
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as { results: { id: string }[]; pagination: { more: boolean } };
      expect(body.results.length).toBe(30);
      expect(body.results.every((r) => Number(r.id) % 3 === 1)).toBe(true); // tenant t1 only
      // a tenant in the query string is ignored: the function decides
      const spoof = (await (await get("/dropdowns/item?term=item%202&tenant=t2", "t1")).json()) as { results: { id: string }[] };
      expect(spoof.results.every((r) => Number(r.id) % 3 === 1)).toBe(true);
      expect((await get("/dropdowns/item")).status).toBe(403);
      expect((await get("/dropdowns/other", "t1")).status).toBe(404);
      const bad = await get("/dropdowns/item?after=forged", "t1");
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { code: string }).code).toBe("PF606");
      const ids = await get("/dropdowns/item?ids=4,1,2", "t1");
      expect(await ids.json()).toEqual({ results: [{ id: "4", text: "Item 4" }, { id: "1", text: "Item 1" }] });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe("freshness", () => {
  it("the writer's transaction never contains a refresh", async () => {
    const writer = db.connect(1);
    const before = await status(db.sql, "item");
    await writer.begin(async (tx) => {
      await tx`set local role pgfirst_app`;
      await tx`update public.item set label = 'Renamed 7' where id = 7`;
      // inside the writer's transaction: the view is untouched and not even locked by us
      const [locks] = await tx<{ n: number }[]>`
        select count(*)::int as n from pg_locks l
         where l.pid = pg_backend_pid() and l.relation = (select c.oid from pg_class c where c.relname = 'mv_item_dropdown')`;
      expect(locks!.n).toBe(0);
    });
    const after = await status(db.sql, "item");
    expect(after.refreshCount).toBe(before.refreshCount);
    expect(after.staleSince).not.toBeNull();
    expect(await dropdownLookup(db.sql, "item", "t1", ["7"])).toEqual([{ id: "7", text: "Item 7" }]);
    const [job] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from pgfirst_private.job where task = 'pgfirst.dropdown_refresh' and state = 'pending'`;
    expect(job!.n).toBe(1);
    await writer.end();
    await dropdownRefresh(db.sql, "item");
    await db.sql`delete from pgfirst_private.job where task = 'pgfirst.dropdown_refresh'`;
  });

  it("1,000 updates in a burst cause a few debounced refreshes, after which the view reflects every change", async () => {
    const before = await status(db.sql, "item");
    const worker = new Worker({ sql: db.connect(3), tasks: {}, concurrency: 2, pollIntervalMs: 100, logger: silentLogger, reapIntervalMs: 0 });
    await worker.start();
    const writers = Array.from({ length: 8 }, () => db.connect(1));
    try {
      // 8 concurrent writers, 125 single-row update transactions each
      await Promise.all(writers.map((w, k) => (async () => {
        for (let i = 0; i < 125; i++) {
          const id = 1 + ((k * 125 + i) * 17) % 20000;
          await w`update public.item set label = ${"Burst " + id + " " + i}::text where id = ${id}::int`;
        }
      })()));
      await waitFor(async () => (await status(db.sql, "item")).staleSince === null, 30_000);
      const after = await status(db.sql, "item");
      const refreshes = after.refreshCount - before.refreshCount;
      expect(refreshes).toBeGreaterThanOrEqual(1);
      expect(refreshes).toBeLessThanOrEqual(10);
      // the view equals the base table, row for row
      const [diff] = await db.sql<{ n: number }[]>`
        select count(*)::int as n from (
          (select tenant, id::text, label from public.item except select tenant, id, text from pgfirst_mv.mv_item_dropdown)
          union all
          (select tenant, id, text from pgfirst_mv.mv_item_dropdown except select tenant, id::text, label from public.item)) d`;
      expect(diff!.n).toBe(0);
    } finally {
      await Promise.all(writers.map((w) => w.end()));
      await worker.stop();
    }
  }, 90_000);

  it("a change committed while a refresh runs is not lost: it gets the next refresh", async () => {
    const refresher = db.connect(1);
    const writer = db.connect(1);
    try {
      await db.sql`delete from pgfirst_private.job where task = 'pgfirst.dropdown_refresh'`;
      let release!: () => void;
      const hold = new Promise<void>((r) => { release = r; });
      let refreshed!: () => void;
      const tookSnapshot = new Promise<void>((r) => { refreshed = r; });
      const refresh = refresher.begin(async (tx) => {
        await tx`select pgfirst.dropdown_refresh(name => 'item')`;
        refreshed();
        await hold; // the refresh's transaction stays open: its locks too
      });
      await tookSnapshot;
      await writer`update public.item set label = 'During refresh' where id = 11`;
      release();
      await refresh;
      // the refresh did not see the change, but a refresh for the next generation is queued
      expect(await dropdownLookup(db.sql, "item", "t2", ["11"])).not.toEqual([{ id: "11", text: "During refresh" }]);
      const s = await status(db.sql, "item");
      expect(s.staleSince).not.toBeNull();
      const jobs = await db.sql<{ job_key: string }[]>`
        select job_key from pgfirst_private.job where task = 'pgfirst.dropdown_refresh' and state = 'pending'`;
      expect(jobs.length).toBe(1);
      const [gen] = await db.sql<{ g: string }[]>`select generation::text as g from pgfirst_private.dropdown where name = 'item'`;
      expect(jobs[0]!.job_key).toBe(`pgfirst.dropdown_refresh:item:${gen!.g}`);
      await dropdownRefresh(db.sql, "item");
      expect(await dropdownLookup(db.sql, "item", "t2", ["11"])).toEqual([{ id: "11", text: "During refresh" }]);
      expect((await status(db.sql, "item")).staleSince).toBeNull();
    } finally {
      await refresher.end();
      await writer.end();
    }
  }, 30_000);

  it("a refresh running concurrently with readers never blocks them", async () => {
    const refresher = db.connect(1);
    const reader = db.connect(1);
    await reader`set role pgfirst_app`;
    await db.sql`update public.item set label = label || '.' where id % 2 = 0`;
    let done = false;
    const refresh = refresher.begin(async (tx) => {
      await tx`select pgfirst.dropdown_refresh(name => 'item')`;
      await tx`select pg_sleep(1)`; // keep the refresh's ExclusiveLock for a second more
    }).finally(() => { done = true; });
    const latencies: number[] = [];
    try {
      await new Promise((r) => setTimeout(r, 50));
      while (!done) {
        const t0 = performance.now();
        await reader`select pgfirst.dropdown_search(name => 'item', tenant => 't0', term => 'item 12') as p`;
        latencies.push(performance.now() - t0);
      }
      await refresh;
      expect(latencies.length).toBeGreaterThan(5);
      // a blocked reader would wait for the whole refresh transaction (> 1 s)
      expect(Math.max(...latencies)).toBeLessThan(500);
    } finally {
      await refresher.end();
      await reader.end();
    }
  }, 30_000);

  it("the built-in refresh task finishes without work when its dropdown was dropped meanwhile", async () => {
    await dropdownDefine(db.sql, { name: "gone", query: "select tenant, id, label as text from public.item where id < 10", sources: ["public.item"] });
    await db.sql`update public.item set label = label where id = 1`;
    const [job] = await db.sql<{ n: number }[]>`select count(*)::int as n from pgfirst_private.job where job_key like 'pgfirst.dropdown_refresh:gone:%'`;
    expect(job!.n).toBe(1);
    expect(await dropdownDrop(db.sql, "gone")).toBe(true);
    const logged: string[] = [];
    const log = { debug: () => {}, info: (m: string) => { logged.push(m); }, warn: () => {}, error: () => {} };
    await expect(dropdownRefreshTask({ name: "gone" }, { sql: db.sql, log } as unknown as TaskContext)).resolves.toBeUndefined();
    expect(logged.some((m) => m.includes("gone"))).toBe(true);
    // a dropdown that exists is refreshed by the same task
    const before = (await status(db.sql, "item")).refreshCount;
    await dropdownRefreshTask({ name: "item" }, { sql: db.sql, log } as unknown as TaskContext);
    expect((await status(db.sql, "item")).refreshCount).toBe(before + 1);
  });

  it("a REPEATABLE READ writer queues a refresh of its own, which sees its change", async () => {
    await db.sql`delete from pgfirst_private.job where task = 'pgfirst.dropdown_refresh'`;
    const writer = db.connect(1);
    try {
      await writer.begin("isolation level repeatable read", async (tx) => {
        await tx`update public.item set label = 'RR write' where id = 13`;
      });
    } finally {
      await writer.end();
    }
    const jobs = await db.sql<{ job_key: string }[]>`select job_key from pgfirst_private.job where task = 'pgfirst.dropdown_refresh' and job_key like 'pgfirst.dropdown_refresh:item:%'`;
    expect(jobs.length).toBe(1);
    expect(jobs[0]!.job_key).toMatch(/^pgfirst\.dropdown_refresh:item:tx\d+$/);
    expect((await status(db.sql, "item")).staleSince).not.toBeNull();
    await dropdownRefreshTask({ name: "item" }, { sql: db.sql, log: silentLogger } as unknown as TaskContext);
    expect(await dropdownLookup(db.sql, "item", "t1", ["13"])).toEqual([{ id: "13", text: "RR write" }]);
    expect((await status(db.sql, "item")).staleSince).toBeNull();
  });
});
