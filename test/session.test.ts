import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import express from "express";
import session from "express-session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionDataInvalidError, SessionPatchInvalidError } from "../src/errors.ts";
import {
  createSessionStore,
  sessionCreate,
  sessionDestroy,
  sessionDestroyUser,
  sessionGet,
  sessionList,
  sessionPatch,
  sessionPut,
  sessionRotate,
  sessionSet,
} from "../src/session.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";

declare module "express-session" {
  interface SessionData {
    userId?: string;
    views?: number;
  }
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("session helpers", () => {
  it("create, get, patch, rotate, list, log out everywhere", async () => {
    const a = await sessionCreate(db.sql, "u1", { data: { theme: "dark" } });
    const b = await sessionCreate(db.sql, "u1");
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await sessionPatch(db.sql, a, { cart: [1, 2], theme: null })).toBe(true);
    expect((await sessionGet(db.sql, a))?.data).toEqual({ cart: [1, 2] });
    const a2 = await sessionRotate(db.sql, a);
    expect(a2).not.toBeNull();
    expect(await sessionGet(db.sql, a)).toBeNull();
    expect((await sessionList(db.sql, "u1")).map((s) => s.sessionId)).toHaveLength(2);
    expect(await sessionDestroyUser(db.sql, "u1", { exceptToken: a2! })).toBe(1);
    expect(await sessionGet(db.sql, b)).toBeNull();
    expect((await sessionGet(db.sql, a2!))?.userId).toBe("u1");
    await expect(sessionSet(db.sql, a2!, [] as never)).rejects.toBeInstanceOf(SessionDataInvalidError);
    await expect(sessionPatch(db.sql, a2!, null as never)).rejects.toBeInstanceOf(SessionPatchInvalidError);
  });

  it("keeps both of two concurrent patches of different keys (20 connections, 20 keys)", async () => {
    const token = await sessionCreate(db.sql, "u2", { data: { base: true } });
    const pools = await db.connected(20);
    const oks = await Promise.all(pools.map((p, i) => sessionPatch(p, token, { [`k${i}`]: i })));
    expect(oks.every(Boolean)).toBe(true);
    const data = (await sessionGet(db.sql, token))!.data;
    expect(Object.keys(data).sort()).toEqual(["base", ...Array.from({ length: 20 }, (_, i) => `k${i}`)].sort());
    await Promise.all(pools.map((p) => p.end()));
  });

  it("writes a due touch once when 16 connections read the session at the same time", async () => {
    const created = new Date(Date.now() - 10 * 60_000);
    const token = await sessionCreate(db.sql, "reader", { now: created });
    const pools = await db.connected(16);
    const seen = await Promise.all(pools.map((p) => sessionGet(p, token)));
    expect(seen.every((s) => s !== null)).toBe(true);
    const touches = new Set(seen.map((s) => s!.lastSeenAt.getTime()).filter((t) => t > created.getTime()));
    // every reader reports either the old value or the one writer's touch, never its own
    expect(touches.size).toBe(1);
    const [row] = await db.sql<{ last_seen_at: Date }[]>`
      select last_seen_at from pgfirst_private.session where user_id = 'reader'`;
    expect(touches.has(row!.last_seen_at.getTime())).toBe(true);
    await Promise.all(pools.map((p) => p.end()));
  });

  it("never resurrects a session when destroy races set, patch and put", async () => {
    const pools = await db.connected(8);
    for (let round = 0; round < 15; round++) {
      const token = await sessionCreate(db.sql, "racer", { data: { round } });
      const writers = pools
        .slice(1)
        .map((p, i) =>
          i % 3 === 0
            ? sessionSet(p, token, { late: i })
            : i % 3 === 1
              ? sessionPatch(p, token, { late: i })
              : sessionPut(p, token, "racer", { late: i }),
        );
      const [destroyed] = await Promise.all([sessionDestroy(pools[0]!, token), ...writers]);
      expect(destroyed).toBe(true);
      expect(await sessionGet(db.sql, token)).toBeNull();
      // and once more after every writer has finished
      expect(await sessionSet(db.sql, token, { after: true })).toBe(false);
      expect(await sessionGet(db.sql, token)).toBeNull();
    }
    const [row] = await db.sql<{ live: number }[]>`
      select count(*)::int as live from pgfirst_private.session where user_id = 'racer' and revoked_at is null`;
    expect(row!.live).toBe(0);
    await Promise.all(pools.map((p) => p.end()));
  });

  it("never lets a rotated-away token back in when rotate races put with the old token", async () => {
    const pools = await db.connected(4);
    for (let round = 0; round < 15; round++) {
      const old = `race-rotate-${round}-${"x".repeat(32)}`;
      expect(await sessionPut(db.sql, old, "", { round })).toBe(true);
      const [rotated] = await Promise.all([
        sessionRotate(pools[0]!, old),
        ...pools.slice(1).map((p, i) => sessionPut(p, old, "mallory", { late: i })),
      ]);
      expect(rotated).not.toBeNull();
      expect(await sessionGet(db.sql, old)).toBeNull();
      expect(await sessionPut(db.sql, old, "mallory", { after: true })).toBe(false);
      expect(await sessionGet(db.sql, old)).toBeNull();
      // puts that won the race updated the live session, which rotation then carried over
      expect(await sessionGet(db.sql, rotated!)).not.toBeNull();
    }
    await Promise.all(pools.map((p) => p.end()));
  });
});

describe("express-session store", () => {
  it("expires a session server-side after the cookie's maxAge (idle), and follows a changed maxAge", async () => {
    const store = createSessionStore(session, { sql: db.sql, tenant: "maxage" });
    const app = express();
    app.use(session({ store, secret: "test secret", resave: false, saveUninitialized: false, name: "sid", cookie: { maxAge: 60_000 } }));
    app.post("/login", (req, res) => {
      req.session.userId = "bob";
      res.json({ ok: true });
    });
    app.post("/remember", (req, res) => {
      req.session.cookie.maxAge = 30 * 60_000;
      req.session.views = 1;
      res.json({ ok: true });
    });
    const server: Server = createServer(app);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const login = await fetch(`${base}/login`, { method: "POST" });
      await login.text();
      const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
      const sid = decodeURIComponent(cookie.slice(4)).slice(2).split(".")[0]!;
      const idle = async () =>
        (
          await db.sql<{ s: number }[]>`
        select extract(epoch from idle_timeout)::float8 as s from pgfirst_private.session where tenant = 'maxage' and revoked_at is null`
        )[0]?.s;
      expect(await idle()).toBe(60);
      const later = new Date(Date.now() + 61_000);
      expect(await sessionGet(db.sql, sid, { now: later })).toBeNull();

      await (await fetch(`${base}/remember`, { method: "POST", headers: { cookie } })).text();
      expect(await idle()).toBe(1800);
      expect((await sessionGet(db.sql, sid, { now: later }))?.userId).toBe("bob");
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("round-trips a real express-session over HTTP, storing only sha256(sid)", async () => {
    const store = createSessionStore(session, { sql: db.sql, tenant: "web" });
    const app = express();
    app.use(session({ store, secret: "test secret", resave: false, saveUninitialized: false, name: "sid" }));
    app.post("/login", (req, res) => {
      req.session.regenerate((err) => {
        if (err) return res.status(500).end();
        req.session.userId = "alice";
        req.session.views = 0;
        res.json({ ok: true });
      });
    });
    app.get("/me", (req, res) => {
      if (!req.session.userId) return res.status(401).json({ anonymous: true });
      req.session.views = (req.session.views ?? 0) + 1;
      res.json({ userId: req.session.userId, views: req.session.views });
    });
    app.post("/logout", (req, res) => {
      req.session.destroy((err) => res.status(err ? 500 : 204).end());
    });
    const server: Server = createServer(app);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // express-session saves the session while the last byte of the body is held back:
      // read every body to the end before relying on the store
      const send = async (path: string, init?: RequestInit) => {
        const r = await fetch(`${base}${path}`, init);
        return { status: r.status, headers: r.headers, body: await r.text() };
      };
      const login = await send("/login", { method: "POST" });
      expect(login.status).toBe(200);
      const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
      expect(cookie).toMatch(/^sid=s%3A/);
      const sid = decodeURIComponent(cookie.slice(4)).slice(2).split(".")[0]!;

      const me1 = JSON.parse((await send("/me", { headers: { cookie } })).body);
      const me2 = JSON.parse((await send("/me", { headers: { cookie } })).body);
      expect(me1).toEqual({ userId: "alice", views: 1 });
      expect(me2).toEqual({ userId: "alice", views: 2 });

      const rows = await db.sql<{ token_hash: Buffer; user_id: string; tenant: string; row: string }[]>`
        select token_hash, user_id, tenant, row_to_json(s)::text as row from pgfirst_private.session s where tenant = 'web' and revoked_at is null`;
      expect(rows).toHaveLength(1);
      expect(rows[0]!.token_hash.equals(createHash("sha256").update(sid).digest())).toBe(true);
      expect(rows[0]!.row.includes(sid)).toBe(false);
      expect(rows[0]!.user_id).toBe("alice");

      expect(await promisify(store.length!.bind(store))()).toBe(1);
      const all = await promisify(store.all!.bind(store))();
      expect(Object.values(all ?? {}).map((s) => (s as { userId?: string }).userId)).toEqual(["alice"]);

      expect((await send("/logout", { method: "POST", headers: { cookie } })).status).toBe(204);
      expect((await send("/me", { headers: { cookie } })).status).toBe(401);
      expect(await sessionGet(db.sql, sid)).toBeNull();
      // a late write through the store cannot bring it back
      await promisify(store.set.bind(store))(sid, { cookie: { originalMaxAge: null }, userId: "alice" } as never);
      expect((await send("/me", { headers: { cookie } })).status).toBe(401);

      expect((await send("/login", { method: "POST" })).status).toBe(200);
      await promisify(store.clear!.bind(store))();
      expect(await promisify(store.length!.bind(store))()).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
