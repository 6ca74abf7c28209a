import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoginUsernameInvalidError, RateLimitMaxHitsInvalidError } from "../src/errors.ts";
import {
  loginAttempt,
  loginGuard,
  loginSucceeded,
  loginUnlock,
  rateLimitHit,
  rateLimitMiddleware,
  rateLimitPeek,
  rateLimitReset,
} from "../src/rateLimit.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("rate limits", () => {
  it("lets exactly max_hits of 64 parallel hits on one key through", async () => {
    const pools = await db.connected(32);
    const results = await Promise.all(Array.from({ length: 64 }, (_, i) => rateLimitHit(pools[i % pools.length]!, "hot", 10, "1 hour")));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    const denied = results.filter((r) => !r.allowed);
    expect(denied).toHaveLength(54);
    // 10 per hour: one hit refills every 6 minutes. Each hit is judged at its own
    // transaction's now(); a hit whose transaction started a little before the one that took
    // the last slot may be told to retry in milliseconds (or 6 minutes and a few ms), so
    // only the bounds are fixed.
    for (const d of denied) {
      expect(d.retryAfterSeconds).toBeGreaterThan(0);
      expect(d.retryAfterSeconds).toBeLessThan(361);
    }
    expect(denied.filter((d) => d.retryAfterSeconds! > 300).length).toBeGreaterThan(0);
    await Promise.all(pools.map((p) => p.end()));
  });

  it("peeks, resets and maps bad input to typed errors", async () => {
    const now = new Date("2030-01-01T00:00:00Z");
    expect((await rateLimitHit(db.sql, "k", 2, 60, { now })).remaining).toBe(1);
    expect(await rateLimitPeek(db.sql, "k", 2, 60, { now })).toMatchObject({ allowed: true, remaining: 1, resetAfterSeconds: 30 });
    expect(await rateLimitReset(db.sql, "k")).toBe(true);
    expect((await rateLimitPeek(db.sql, "k", 2, 60, { now })).remaining).toBe(2);
    const err = await rateLimitHit(db.sql, "k", 0, 60).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitMaxHitsInvalidError);
    expect((err as RateLimitMaxHitsInvalidError).code).toBe("PF302");
  });

  it("answers 429 with Retry-After and RateLimit headers from the Express middleware", async () => {
    const app = express();
    app.set("trust proxy", false);
    app.get("/api", rateLimitMiddleware({ sql: db.sql, maxHits: 2, per: 60, key: () => "mw-test" }), (_req, res) => {
      res.json({ ok: true });
    });
    const server: Server = createServer(app);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await fetch(url));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
      expect(answers[0]!.headers.get("ratelimit-limit")).toBe("2");
      expect(answers[0]!.headers.get("ratelimit-remaining")).toBe("1");
      expect(answers[0]!.headers.get("ratelimit-policy")).toBe("2;w=60");
      expect(answers[1]!.headers.get("ratelimit-remaining")).toBe("0");
      const retry = Number(answers[2]!.headers.get("retry-after"));
      expect(retry).toBeGreaterThanOrEqual(29);
      expect(retry).toBeLessThanOrEqual(30);
      expect(Number(answers[2]!.headers.get("ratelimit-reset"))).toBeGreaterThanOrEqual(59);
      expect(await answers[2]!.json()).toMatchObject({ error: "rate limit exceeded" });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe("login throttling", () => {
  it("lets exactly login.max_failures of 50 parallel attempts check a password", async () => {
    await db.sql`select pgfirst.setting_set('login.max_failures', '5'::jsonb)`;
    const pools = await db.connected(50);
    const results = await Promise.all(pools.map((p) => loginAttempt(p, "victim")));
    const allowed = results.filter((r) => r.allowed);
    expect(allowed).toHaveLength(5);
    expect(allowed.map((r) => r.failures).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(results.filter((r) => !r.allowed).every((r) => (r.retryAfterSeconds ?? 0) > 0)).toBe(true);
    await Promise.all(pools.map((p) => p.end()));
    expect(await loginUnlock(db.sql, "VICTIM")).toBe(true);
    expect((await loginAttempt(db.sql, "victim")).allowed).toBe(true);
  });

  it("runs the login flow through loginGuard", async () => {
    const users = new Map([["carol", "s3cret"]]);
    const check = (u: string, p: string) => async () => (users.get(u) === p ? { name: u } : null);
    const ip = "203.0.113.5";
    expect(await loginGuard(db.sql, { username: "carol", ip }, check("carol", "nope"))).toMatchObject({ ok: false, reason: "invalid" });
    expect((await loginAttempt(db.sql, "carol", { ip })).failures).toBe(2);
    expect(await loginGuard(db.sql, { username: " Carol ", ip }, check("carol", "s3cret"))).toEqual({ ok: true, user: { name: "carol" } });
    // the success cleared the failures: the next attempt is the first again
    expect((await loginAttempt(db.sql, "carol", { ip })).failures).toBe(1);
    await loginSucceeded(db.sql, "carol", { ip });
    // a throwing password check keeps the attempt counted (fail closed)
    await expect(
      loginGuard(db.sql, { username: "carol", ip }, async () => {
        throw new Error("db down");
      }),
    ).rejects.toThrow("db down");
    expect((await loginAttempt(db.sql, "carol", { ip })).failures).toBe(2);
    let checks = 0;
    const counting = async () => {
      checks++;
      return null;
    };
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await loginGuard(db.sql, { username: "carol", ip }, counting));
    expect(checks).toBe(3);
    expect(outcomes.map((o) => (o.ok ? "ok" : o.reason))).toEqual(["invalid", "invalid", "invalid", "locked", "locked"]);
    const err = await loginAttempt(db.sql, "   ").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginUsernameInvalidError);
  });
});
