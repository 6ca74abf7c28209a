/** src/cache.ts against a real database: each helper's round trip and typed errors. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cache from "../src/cache.ts";
import { CacheEntriesInvalidError, CacheKeyInvalidError, CacheValueNotIntegerError, PgfirstError } from "../src/errors.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";

let db: TestDatabase;
beforeAll(async () => { db = await createTestDatabase(); });
afterAll(async () => { await db?.drop(); });

describe("cache helpers", () => {
  it("set/get/getMany/add/touch/delete round-trip JSON values", async () => {
    const { sql } = db;
    await cache.set(sql, "t", "obj", { a: [1, "two", null], b: true }, { ttl: 3600 });
    expect(await cache.get(sql, "t", "obj")).toEqual({ a: [1, "two", null], b: true });
    await cache.set(sql, "t", "str", "plain string");
    expect(await cache.get<string>(sql, "t", "str")).toBe("plain string");
    expect(await cache.get(sql, "t", "missing")).toBeNull();

    expect(await cache.setMany(sql, "t", { x: 1, y: "2" }, { ttl: "1 hour" })).toBe(2);
    expect(await cache.getMany(sql, "t", ["x", "y", "nope"])).toEqual(new Map<string, unknown>([["x", 1], ["y", "2"]]));

    expect(await cache.add(sql, "t", "x", 5)).toBe(false);
    expect(await cache.add(sql, "t", "z", 5)).toBe(true);
    expect(await cache.touch(sql, "t", "z", "1 minute")).toBe(true);
    expect(await cache.delete(sql, "t", "z")).toBe(true);
    expect(await cache.delete(sql, "t", "z")).toBe(false);
    expect(await cache.deleteMany(sql, "t", ["x", "y", "q"])).toBe(2);
  });

  it("time is pinned through now, tenants are separate", async () => {
    const { sql } = db;
    const t0 = new Date("2030-01-01T00:00:00Z");
    await cache.set(sql, "t", "k", 1, { ttl: 10, now: t0, tenant: "acme" });
    expect(await cache.get(sql, "t", "k", { tenant: "acme", now: new Date("2030-01-01T00:00:09Z") })).toBe(1);
    expect(await cache.get(sql, "t", "k", { tenant: "acme", now: new Date("2030-01-01T00:00:10Z") })).toBeNull();
    expect(await cache.get(sql, "t", "k", { now: new Date("2030-01-01T00:00:09Z") })).toBeNull();
    expect(await cache.clear(sql, { tenant: "acme" })).toBe(1);
  });

  it("incr returns the exact 64-bit value as a string; lease, configure, cleanup and stats work end to end", async () => {
    const { sql } = db;
    expect(await cache.incr(sql, "c", "n", 9007199254740993n)).toBe("9007199254740993");
    expect(await cache.incr(sql, "c", "n", -3)).toBe("9007199254740990");
    await cache.configure(sql, "c", { staleTtl: "1 minute", maxEntries: 1000 });
    const first = await cache.lease(sql, "c", "slow");
    const second = await cache.lease(sql, "c", "slow");
    expect([first.leased, second.leased]).toEqual([true, false]);
    await cache.set(sql, "c", "old", 1, { ttl: 1, now: new Date(Date.now() - 5_000) });
    expect(await cache.cleanup(sql)).toBe(0); // inside stale_ttl: kept
    expect(await cache.cleanup(sql, { now: new Date(Date.now() + 120_000) })).toBe(2); // 'old' and the ended lease
    expect(await cache.cleanupSelect2(sql)).toBe(0);
    const rows = await cache.stats(sql);
    expect(rows.find((r) => r.namespace === "c")).toMatchObject({ namespace: "c", tenant: "", entries: 1 });
  });

  it("maps PF SQLSTATEs to typed errors", async () => {
    const { sql } = db;
    await expect(cache.get(sql, "t", "")).rejects.toBeInstanceOf(CacheKeyInvalidError);
    await expect(cache.get(sql, "t", "")).rejects.toMatchObject({ code: "PF102" });
    await expect(cache.setMany(sql, "t", new Map([["", 1]]))).rejects.toMatchObject({ code: "PF102" });
    await cache.set(sql, "t", "word", "abc");
    await expect(cache.incr(sql, "t", "word")).rejects.toBeInstanceOf(CacheValueNotIntegerError);
    const err = await sql`select pgfirst.cache_set_many(namespace => 't', entries => '[1]'::jsonb)`.catch((e) => e);
    expect(err.code).toBe("PF105");
    expect(CacheEntriesInvalidError.prototype).toBeInstanceOf(PgfirstError);
  });
});
