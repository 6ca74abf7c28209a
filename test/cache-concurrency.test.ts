/**
 * Concurrency claims of the cache, each with several real connections (separate
 * postgres.js pools of one connection each, so the statements truly run in parallel
 * backends), and getOrSet across 16 separate OS processes.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cache from "../src/cache.ts";
import type { PoolSql as Sql } from "../src/db.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
let db: TestDatabase;
let conns: Sql[];

beforeAll(async () => {
  db = await createTestDatabase();
  conns = Array.from({ length: 32 }, () => db.connect(1));
  await Promise.all(conns.map((c) => c`select 1`)); // open all 32 backends before racing
});
afterAll(async () => { await db?.drop(); });

/** Backend pids behind the pools, to prove the calls ran in distinct sessions. */
async function distinctBackends(pools: Sql[]): Promise<number> {
  const pids = await Promise.all(pools.map(async (c) => (await c<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid));
  return new Set(pids).size;
}

describe("cache under concurrency", () => {
  it("32 connections × 25 cache_incr each give the exact total", async () => {
    expect(await distinctBackends(conns)).toBe(32);
    const results = await Promise.all(conns.map(async (c) => {
      const seen: string[] = [];
      for (let i = 0; i < 25; i++) seen.push(await cache.incr(c, "race", "counter", 2));
      return seen;
    }));
    expect(await cache.get(db.sql, "race", "counter")).toBe(32 * 25 * 2);
    // every intermediate value was handed out exactly once
    const all = results.flat().map(Number).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 800 }, (_, i) => (i + 1) * 2));
  });

  it("32 concurrent cache_add on one key: exactly one stores", async () => {
    for (let round = 0; round < 3; round++) {
      const key = `add-${round}`;
      const stored = await Promise.all(conns.map((c, i) => cache.add(c, "race", key, { by: i })));
      expect(stored.filter(Boolean)).toHaveLength(1);
      const winner = stored.indexOf(true);
      expect(await cache.get(db.sql, "race", key)).toEqual({ by: winner });
    }
  });

  it("32 concurrent cache_lease on one missing key: exactly one lease", async () => {
    const results = await Promise.all(conns.map((c) => cache.lease(c, "race", "leased-key")));
    expect(results.filter((r) => r.leased)).toHaveLength(1);
    expect(results.every((r) => !r.hit && r.value === null)).toBe(true);
  });

  it("cleanup from 2 connections removes each expired row once", async () => {
    const entries = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, { i, pad: "x".repeat(150) }]));
    const past = new Date(Date.now() - 60_000);
    for (const part of [0, 1]) {
      const slice = Object.fromEntries(Object.entries(entries).filter((_, i) => i % 2 === part));
      await cache.setMany(db.sql, "sweep", slice, { ttl: 1, now: past });
    }
    await cache.set(db.sql, "sweep", "live", 1, { ttl: "1 hour" });
    await db.sql`select pgfirst.setting_set('cache.cleanup_chunk_blocks', '4')`;
    const [a, b] = [conns[0]!, conns[1]!];
    // small batches so the two cleaners interleave many times
    const run = async (c: Sql) => {
      let total = 0;
      for (;;) {
        const n = await cache.cleanup(c, { maxRows: 200 });
        total += n;
        if (n === 0) return total;
      }
    };
    const [na, nb] = await Promise.all([run(a), run(b)]);
    expect(na + nb).toBe(5000);
    expect(na).toBeGreaterThan(0);
    expect(nb).toBeGreaterThan(0);
    const [left] = await db.sql<{ n: number }[]>`select count(*)::int as n from pgfirst_private.cache_entry where namespace = 'sweep'`;
    expect(left!.n).toBe(1);
  });

  it("16 processes' getOrSet on one missing key: compute runs once, all get its value", async () => {
    const child = path.join(here, "support", "cache-getorset-child.ts");
    const tsx = path.join(here, "..", "node_modules", "tsx", "dist", "cli.mjs");
    const procs = Array.from({ length: 16 }, () =>
      spawn(process.execPath, [tsx, child, "gos", "report"], { env: { ...process.env, DATABASE_URL: db.url }, stdio: ["pipe", "pipe", "inherit"] }));
    const lines = procs.map((p) => {
      const out: string[] = [];
      let buf = "";
      p.stdout!.on("data", (d: Buffer) => {
        buf += d.toString();
        let i;
        while ((i = buf.indexOf("\n")) >= 0) { out.push(buf.slice(0, i)); buf = buf.slice(i + 1); }
      });
      return out;
    });
    const exited = procs.map((p) => new Promise<number | null>((resolve) => p.on("exit", resolve)));
    // start line: every process connected and waiting
    for (let waited = 0; !lines.every((l) => l[0] === "ready"); waited += 50) {
      if (waited > 90_000) throw new Error("children did not get ready");
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const p of procs) p.stdin!.end("go\n");
    const codes = await Promise.all(exited);
    expect(codes).toEqual(Array(16).fill(0));
    const reports = lines.map((l) => JSON.parse(l[1]!) as { value: { computedBy: number }; self: number });
    expect(await cache.get(db.sql, "gos", "report:computes")).toBe(1);
    const computedBy = new Set(reports.map((r) => r.value.computedBy));
    expect(computedBy.size).toBe(1); // all 16 got the one computed value …
    expect(reports.filter((r) => r.self === [...computedBy][0])).toHaveLength(1); // … computed by one of them
    expect(new Set(reports.map((r) => r.self)).size).toBe(16); // 16 distinct processes
  }, 120_000);
});
