/**
 * The TS near cache (src/nearCache.ts): hits stay in process, and invalidation reaches
 * other connections and other processes. Functional, never timed: every wait is "until the
 * condition holds", bounded only to fail instead of hanging.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { cacheGet, cacheSet } from "../src/cache.ts";
import { NearCache } from "../src/nearCache.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await sleep(10);
  }
}
const caches: NearCache[] = [];
afterEach(async () => {
  await Promise.all(caches.splice(0).map((c) => c.stop()));
});
async function near(o: ConstructorParameters<typeof NearCache>[1] = {}): Promise<NearCache> {
  const c = new NearCache(db.connect(2), { maxStaleMs: 60_000, ...o });
  await c.start();
  caches.push(c);
  return c;
}

describe("NearCache", () => {
  it("answers repeated reads in process and shares frozen values", async () => {
    await cacheSet(db.sql, "near", "hot", { n: 1 });
    const a = await near();
    expect(await a.get("near", "hot")).toEqual({ n: 1 });
    const v = await a.get<{ n: number }>("near", "hot");
    expect(a.stats).toMatchObject({ hits: 1, misses: 1, size: 1 });
    expect(Object.isFrozen(v)).toBe(true);
    // a write that does not notify is not seen before maxStaleMs: the bound is what protects it
    await cacheSet(db.sql, "near", "hot", { n: 2 });
    expect(await a.get("near", "hot")).toEqual({ n: 1 });
    // misses are kept too (null), and a pinned clock bypasses the near cache
    expect(await a.get("near", "absent")).toBeNull();
    expect(await a.get("near", "hot", { now: new Date() })).toEqual({ n: 2 });
  });

  it("a write through another connection's NearCache invalidates this one", async () => {
    const a = await near();
    const b = await near();
    await b.set("near", "k", "v1");
    expect(await a.get("near", "k")).toBe("v1");
    expect(await a.get("near", "k")).toBe("v1");
    await b.set("near", "k", "v2");
    expect(await b.get("near", "k")).toBe("v2"); // the writer never serves its own old value
    await until(async () => (await a.get("near", "k")) === "v2");
    expect(a.stats.invalidations).toBeGreaterThanOrEqual(1);
    await b.delete("near", "k");
    await until(async () => (await a.get("near", "k")) === null);
    // tenants are separate addresses
    await cacheSet(db.sql, "near", "k", "t1", { tenant: "t1" });
    expect(await a.get("near", "k", { tenant: "t1" })).toBe("t1");
    await cacheSet(db.sql, "near", "k", "t1b", { tenant: "t1" });
    await b.invalidate("near", "k", { tenant: "t1" });
    await until(async () => (await a.get("near", "k", { tenant: "t1" })) === "t1b");
  });

  it("a write in another process invalidates this process", async () => {
    const a = await near();
    await cacheSet(db.sql, "near", "proc", { v: "old" });
    expect(await a.get("near", "proc")).toEqual({ v: "old" });
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("test/fixtures/cache/near-writer.ts")], {
      env: { ...process.env, DATABASE_URL: db.url, KEY: "proc", VALUE: JSON.stringify({ v: "new" }) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const code = await new Promise((r) => child.on("exit", r));
    expect(code).toBe(0);
    expect(await cacheGet(db.sql, "near", "proc")).toEqual({ v: "new" });
    await until(async () => JSON.stringify(await a.get("near", "proc")) === JSON.stringify({ v: "new" }));
  });

  it("a rolled-back write does not invalidate, and a write inside a caller's transaction notifies at commit", async () => {
    const a = await near();
    await cacheSet(db.sql, "near", "tx", 1);
    expect(await a.get("near", "tx")).toBe(1);
    await db.sql
      .begin(async (tx) => {
        await new NearCache(tx, { listen: false }).set("near", "tx", 2);
        throw new Error("rollback");
      })
      .catch(() => {});
    await sleep(300); // a notification sent by the rolled-back write would have arrived by now
    expect(await a.get("near", "tx")).toBe(1);
    expect(await cacheGet(db.sql, "near", "tx")).toBe(1);
    await db.sql.begin(async (tx) => {
      await new NearCache(tx, { listen: false }).set("near", "tx", 3);
    });
    await until(async () => (await a.get("near", "tx")) === 3);
  });

  it("serves an entry at most maxStaleMs, and drops everything when LISTEN (re)connects", async () => {
    const a = await near({ maxStaleMs: 100 });
    await cacheSet(db.sql, "near", "s", "a");
    expect(await a.get("near", "s")).toBe("a");
    await cacheSet(db.sql, "near", "s", "b"); // plain SQL write: no notification
    await until(async () => (await a.get("near", "s")) === "b", 5000);
    const c = await near({ listen: false, maxStaleMs: 60_000 });
    expect(await c.get("near", "s")).toBe("b");
    c.clear();
    expect(c.stats.size).toBe(0);

    // the LISTEN connection dies: notifications may be lost, so the reconnect drops every entry
    const d = await near({ maxStaleMs: 60_000 });
    expect(await d.get("near", "s")).toBe("b");
    expect(d.stats.size).toBe(1);
    await db.sql`select pg_terminate_backend(pid) from pg_stat_activity
                  where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen%'`;
    await until(() => d.stats.size === 0);
  });
});
