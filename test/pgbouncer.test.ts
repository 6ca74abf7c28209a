/**
 * pgfirst behind PgBouncer in transaction mode (PGFIRST_PGBOUNCER_URL, e.g. the one
 * `.ci/pgbouncer start` prints; .ci/run gives it to the PostgreSQL 15 run, whose server the
 * PgBouncer fronts). Every call goes through a `pool_mode=transaction` URL: prepare: false,
 * no LISTEN. Skipped (an allowed skip, test/allowed-skips.json) when no PgBouncer URL is given.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cache from "../src/cache.ts";
import { createSql, type PoolSql as Sql, usesTransactionPooling } from "../src/db.ts";
import { dropdownDefine, dropdownRefresh, dropdownSearch } from "../src/dropdown.ts";
import { jobEnqueueMany } from "../src/job.ts";
import { rateLimitHit } from "../src/rateLimit.ts";
import { scheduleSet, scheduleTick } from "../src/schedule.ts";
import { sessionCreate, sessionGet, sessionRotate } from "../src/session.ts";
import { Worker, silentLogger, defineTasks } from "../src/worker.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";

const bouncer = process.env.PGFIRST_PGBOUNCER_URL;

describe.skipIf(!bouncer)("through PgBouncer in transaction mode", () => {
  let db: TestDatabase;
  let url: string;
  let sql: Sql;
  const pools: Sql[] = [];
  const pool = (max: number) => {
    const p = createSql(url, {}, max);
    pools.push(p);
    return p;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const u = new URL(bouncer!);
    u.pathname = "/" + encodeURIComponent(db.name);
    u.searchParams.set("pool_mode", "transaction");
    url = u.toString();
    sql = pool(8);
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end({ timeout: 5 })));
    await db?.drop();
  });

  it("connects through the pooler with prepare: false", async () => {
    expect(usesTransactionPooling(sql)).toBe(true);
    expect(sql.options.prepare).toBe(false);
    const [r] = await sql<{ port: number; db: string }[]>`select inet_server_port() as port, current_database() as db`;
    expect(r!.db).toBe(db.name);
    // the server's own port, not the one we dialled: a pooler sits in between
    expect(String(r!.port)).not.toBe(new URL(bouncer!).port || "5432");
  });

  it("the worker polls (no LISTEN) and runs every job", async () => {
    const seen = new Set<number>();
    const tasks = defineTasks({
      bounce: async (p: { n: number }) => {
        seen.add(p.n);
      },
    });
    await jobEnqueueMany(
      sql,
      Array.from({ length: 100 }, (_, n) => ({ task: "bounce", payload: { n } })),
    );
    const w = new Worker({
      sql: pool(4),
      tasks,
      logger: silentLogger,
      pollIntervalMs: 100,
      concurrency: 8,
      reapIntervalMs: 500,
      scheduleTickIntervalMs: 500,
    });
    expect((w as unknown as { useListen: boolean }).useListen).toBe(false);
    await w.start();
    const end = Date.now() + 30_000;
    while (seen.size < 100 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    await w.stop();
    expect(seen.size).toBe(100);
    expect(w.stats.completed).toBe(100);
    const [left] = await sql<{ n: number }[]>`select count(*)::int as n from pgfirst_private.job where task = 'bounce'`;
    expect(left!.n).toBe(0);
  });

  it("cache: set, get, incr, lease, many concurrent calls", async () => {
    await cache.set(sql, "pgb", "k", { v: 1 });
    expect(await cache.get(sql, "pgb", "k")).toEqual({ v: 1 });
    const incs = await Promise.all(Array.from({ length: 50 }, () => cache.incr(sql, "pgb", "n")));
    expect(incs.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const lease = await cache.lease(sql, "pgb", "missing");
    expect(lease).toBeDefined();
  });

  it("sessions: create, get, rotate", async () => {
    const token = await sessionCreate(sql, "u1", { data: { cart: [1] } });
    expect((await sessionGet(sql, token))?.data).toEqual({ cart: [1] });
    const next = await sessionRotate(sql, token);
    expect(next).not.toBeNull();
    expect(await sessionGet(sql, token)).toBeNull();
    expect((await sessionGet(sql, next!))?.data).toEqual({ cart: [1] });
  });

  it("rate limits: concurrent hits never overshoot", async () => {
    const hits = await Promise.all(Array.from({ length: 30 }, () => rateLimitHit(sql, "pgb:ip", 10, "1 hour")));
    expect(hits.filter((h) => h.allowed)).toHaveLength(10);
  });

  it("schedules: a tick enqueues each due job once, however many tickers", async () => {
    await scheduleSet(sql, "pgb.every", "pgb_tick", { every: "1 minute", queue: "pgb" });
    const later = new Date(Date.now() + 3_600_000);
    const counts = await Promise.all(Array.from({ length: 4 }, () => scheduleTick(sql, later)));
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(counts.filter((n) => n > 0)).toHaveLength(1); // one ticker did the work, the others found nothing due
    const [r] = await sql<{ n: number; d: number }[]>`
      select count(*)::int as n, count(distinct payload->'_schedule'->>'tick')::int as d
      from pgfirst_private.job where task = 'pgb_tick'`;
    expect(r!.n).toBeGreaterThan(0);
    expect(r!.n).toBe(r!.d);
  });

  it("dropdowns: define, refresh, search", async () => {
    await db.sql`create table public.pgb_item (id integer primary key, tenant text not null, label text not null)`;
    await db.sql`insert into public.pgb_item select g, 't', 'Item ' || g from generate_series(1, 50) g`;
    await db.sql`grant select on public.pgb_item to pgfirst_app`;
    await db.sql`grant select on public.pgb_item to pgfirst_dropdown`;
    await dropdownDefine(sql, {
      name: "pgb_item",
      query: "select tenant, id, label as text from public.pgb_item",
      sources: ["public.pgb_item"],
    });
    await dropdownRefresh(sql, "pgb_item");
    const page = await dropdownSearch(sql, "pgb_item", "t", { term: "Item 4" });
    expect(page.results.map((r) => r.text)).toContain("Item 4");
  });
});

describe("pool_mode URL parameter", () => {
  it("pool_mode=transaction selects transaction pooling and is removed from the URL", async () => {
    const { parsePoolMode } = await import("../src/db.ts");
    expect(parsePoolMode("postgres://u@h:6432/app?pool_mode=transaction&sslmode=disable")).toEqual({
      url: "postgres://u@h:6432/app?sslmode=disable",
      transactionPooling: true,
    });
    expect(parsePoolMode("postgres://u@h/app?pool_mode=session")).toEqual({ url: "postgres://u@h/app", transactionPooling: false });
    expect(parsePoolMode("postgres://u@h/app")).toEqual({ url: "postgres://u@h/app", transactionPooling: false });
    expect(() => parsePoolMode("postgres://u@h/app?pool_mode=statement")).toThrow(/pool_mode=transaction/);
    const sql = createSql("postgres://u@127.0.0.1:1/app?pool_mode=transaction", {}, 1);
    expect(usesTransactionPooling(sql)).toBe(true);
    expect(sql.options.prepare).toBe(false);
    const plain = createSql("postgres://u@127.0.0.1:1/app", {}, 1);
    expect(usesTransactionPooling(plain)).toBe(false);
    await Promise.all([sql.end(), plain.end()]);
  });
});
