/**
 * The TypeScript API contract (issue 12): every area through the createPgfirst facade,
 * inside a transaction (a `tx` is accepted everywhere and everything rolls back with it);
 * the tenant function is called on every call; results have camelCase keys; only the
 * arguments the caller gave reach SQL, so SQL's defaults apply.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import session from "express-session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheGet, createPgfirst, jobEnqueue, tenantContext, CacheKeyInvalidError, type Sql } from "../src/index.ts";
import { buildCall } from "../src/core.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.sql`create table public.fruit (id integer primary key, tenant text not null, label text not null)`;
  await db.sql`insert into public.fruit values (1, 'acme', 'apple'), (2, 'acme', 'apricot'), (3, 'globex', 'avocado')`;
  await db.sql`grant select on public.fruit to pgfirst_app`;
  await db.sql`grant select on public.fruit to pgfirst_dropdown`;
  await db.sql`select pgfirst.dropdown_define(name => 'fruit', query => 'select tenant, id, label as text from public.fruit', sources => array['public.fruit']::regclass[])`;
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

class Rollback extends Error {}

/** Runs fn in a transaction that is always rolled back. */
async function inRolledBackTx(fn: (tx: Sql) => Promise<void>): Promise<void> {
  await expect(
    db.sql.begin(async (tx) => {
      await fn(tx);
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
}

const camel = /^[a-z][a-zA-Z0-9]*$/;
function expectCamelKeys(row: object | null | undefined, keys?: string[]): void {
  expect(row).toBeTruthy();
  for (const k of Object.keys(row!)) expect(k, `key ${k}`).toMatch(camel);
  if (keys) expect(Object.keys(row!).sort()).toEqual([...keys].sort());
}

describe("createPgfirst facade inside a transaction", () => {
  it("runs every area on a tx, with camelCase results, and leaves nothing behind after rollback", async () => {
    const pg = createPgfirst(db.sql, { tenant: "acme" });
    let jobId = "";
    let token = "";
    await inRolledBackTx(async (tx) => {
      const p = pg.withSql(tx);
      expect(p.sql).toBe(tx);

      // cache
      await p.cache.set("api", "k", { n: 1 }, { ttl: 60 });
      expect(await p.cache.get("api", "k")).toEqual({ n: 1 });
      expect([...(await p.cache.getMany("api", ["k", "nope"])).keys()]).toEqual(["k"]);
      expect(await p.cache.setMany("api", { a: 1, b: 2 })).toBe(2);
      expect(await p.cache.add("api", "k", 2)).toBe(false);
      expect(await p.cache.incr("api", "ctr")).toBe("1"); // SQL's default delta 1
      expect(await p.cache.incr("api", "ctr", 41)).toBe("42");
      expect(await p.cache.touch("api", "k", "2 minutes")).toBe(true);
      expect(await p.cache.delete("api", "a")).toBe(true);
      expect(await p.cache.deleteMany("api", ["b", "missing"])).toBe(1);
      expectCamelKeys(await p.cache.lease("api", "lease-me"), ["value", "hit", "leased", "stale"]);
      expect(await p.cache.getOrSet("api", "computed", 60, () => ({ v: 7 }))).toEqual({ v: 7 });
      await p.cache.configure("api", { defaultTtl: 300 });
      expectCamelKeys(
        (await p.cache.stats()).find((r) => r.namespace === "api"),
        ["namespace", "tenant", "entries", "expired", "bytes", "hits", "misses"],
      );
      expect(await p.cache.cleanup()).toBeTypeOf("number");
      expect(await p.cache.cleanupSelect2()).toBeTypeOf("number");
      expect(await p.cache.clear({ namespace: "api" })).toBeGreaterThan(0);

      // sessions
      token = await p.sessions.create("u1", { data: { theme: "dark" } });
      const s = await p.sessions.get(token);
      expectCamelKeys(s, ["userId", "tenant", "data", "createdAt", "lastSeenAt", "expiresAt"]);
      expect(s!.tenant).toBe("acme");
      expect(s!.createdAt).toBeInstanceOf(Date);
      expect(await p.sessions.patch(token, { lang: "fr" })).toBe(true);
      expect(await p.sessions.set(token, { theme: "light" })).toBe(true);
      const list = await p.sessions.list("u1");
      expectCamelKeys(list[0], ["sessionId", "createdAt", "lastSeenAt", "expiresAt", "data"]);
      expectCamelKeys((await p.sessions.count())[0], ["tenant", "live", "expired", "destroyed"]);
      expectCamelKeys((await p.sessions.all())[0], ["sessionId", "userId", "data", "createdAt", "lastSeenAt", "expiresAt"]);
      const rotated = await p.sessions.rotate(token);
      expect(rotated).toBeTypeOf("string");
      token = rotated!;
      expect(await p.sessions.put("x".repeat(40), "u2", { a: 1 })).toBe(true);
      expect(await p.sessions.destroyUser("u2")).toBe(1);
      expect(await p.sessions.destroy(token)).toBe(true);
      expect(await p.sessions.cleanup()).toBeTypeOf("number");
      expect(await p.sessions.clear()).toBeTypeOf("number");

      // rate limits and login
      const hit = await p.rateLimits.hit("ip:1", 2, "1 minute");
      expectCamelKeys(hit, ["allowed", "remaining", "retryAfterSeconds", "resetAfterSeconds"]);
      expect(hit).toMatchObject({ allowed: true, remaining: 1, retryAfterSeconds: null });
      expect((await p.rateLimits.peek("ip:1", 2, 60)).remaining).toBe(1);
      expect(await p.rateLimits.reset("ip:1")).toBe(true);
      expect(await p.rateLimits.cleanup()).toBeTypeOf("number");
      const attempt = await p.login.attempt("carol", { ip: "192.0.2.1" });
      expectCamelKeys(attempt, ["allowed", "failures", "lockedUntil", "retryAfterSeconds"]);
      await p.login.succeeded("carol", { ip: "192.0.2.1" });
      expect(await p.login.unlock("carol")).toBeTypeOf("boolean");
      expect(await p.login.guard({ username: "dave" }, async () => ({ id: 4 }))).toEqual({ ok: true, user: { id: 4 } });

      // jobs and queues
      jobId = await p.jobs.enqueue("api.task", { x: 1 });
      expect(jobId).toMatch(/^\d+$/);
      const many = await p.jobs.enqueueMany([{ task: "api.other" }, { task: "api.other", tenant: "globex" }]);
      expect(many).toHaveLength(2);
      await p.queues.configure("default", { concurrency: null });
      const claimed = await p.jobs.claim("w1", { maxJobs: 3, lease: 30 });
      expect(claimed.map((j) => j.tenant).sort()).toEqual(["acme", "acme", "globex"]);
      expectCamelKeys(claimed[0], ["id", "task", "payload", "queue", "tenant", "attempt", "maxAttempts", "leaseExpiresAt", "deadline"]);
      expect(claimed[0]!.leaseExpiresAt).toBeInstanceOf(Date);
      const hb = await p.jobs.heartbeat("w1");
      expectCamelKeys(hb[0], ["id", "cancelRequested"]);
      const info = await p.jobs.get(jobId);
      expectCamelKeys(info, [
        "id",
        "task",
        "queue",
        "tenant",
        "state",
        "attempt",
        "maxAttempts",
        "runAt",
        "lastError",
        "createdAt",
        "updatedAt",
        "progress",
      ]);
      expect(info!.state).toBe("running");
      expect(await p.jobs.fail(many[1]!, "w1", "boom", { retryDelay: 0 })).toBe("failed");
      expect(await p.jobs.release([many[0]!], "w1")).toBe(1);
      expect(await p.jobs.complete([jobId], "w1")).toBe(1);
      expect(await p.jobs.get(jobId)).toBeNull();
      expect(await p.jobs.cancel(many[0]!)).toBe(true);
      expect(await p.jobs.retry(many[0]!)).toBe(true);
      expect(await p.jobs.reap()).toBe(0);
      expectCamelKeys((await p.queues.stats())[0], ["queue", "pending", "scheduled", "running", "dead", "oldestPendingAge"]);

      // schedules
      await p.schedules.set("api.every", "api.task", { every: 90 });
      const rows = await p.schedules.list();
      expectCamelKeys(
        rows.find((r) => r.name === "api.every"),
        [
          "name",
          "task",
          "spec",
          "timezone",
          "nextRun",
          "lastRun",
          "lastJobId",
          "enabled",
          "queue",
          "missed",
          "tenant",
          "ticksEnqueued",
          "ticksSkipped",
        ],
      );
      expect(rows.find((r) => r.name === "api.every")!.tenant).toBe("acme");
      expect(await p.schedules.next("api.every")).toBeInstanceOf(Date);
      expect(await p.schedules.cronNext("0 * * * *", new Date("2026-01-01T00:30:00Z"))).toEqual(new Date("2026-01-01T01:00:00Z"));
      expect(await p.schedules.tick()).toBeTypeOf("number");
      expect(await p.schedules.delete("api.every")).toBe(true);

      // dropdowns (the facade's tenant scopes the search)
      await p.dropdowns.refresh("fruit");
      const page = await p.dropdowns.search("fruit", { term: "a" });
      expect(page.results.map((r) => r.text).sort()).toEqual(["apple", "apricot"]);
      expect(await p.dropdowns.lookup("fruit", ["3"])).toEqual([]); // globex's row
      expect(await p.dropdowns.lookup("fruit", ["3"], { tenant: "globex" })).toEqual([{ id: "3", text: "avocado" }]);
      expectCamelKeys(
        (await p.dropdowns.status()).find((d) => d.name === "fruit"),
        [
          "name",
          "view",
          "rows",
          "lastRefreshAt",
          "lastDuration",
          "refreshCount",
          "staleSince",
          "pendingChanges",
          "stalenessBreached",
          "debounce",
          "maxStaleness",
          "sources",
        ],
      );

      // settings, health, stats, maintenance, version
      const settings = await p.settings.list();
      expectCamelKeys(settings[0], ["name", "value", "defaultValue", "type", "isDefault", "description", "updatedAt"]);
      const name = settings[0]!.name;
      expect(await p.settings.get(name)).toEqual(settings[0]!.value);
      expectCamelKeys((await p.health())[0], ["check", "status", "value", "detail"]);
      expect(await p.stats()).toBeTypeOf("object");
      expect(await p.maintenance()).toBeTypeOf("object");
      expect(await p.version()).toMatch(/^\d{6}$/);
    });

    // rolled back: nothing the transaction wrote is visible
    expect(await cacheGet(db.sql, "api", "k", { tenant: "acme" })).toBeNull();
    expect(await pg.jobs.get(jobId)).toBeNull();
    expect(await pg.sessions.list("u1")).toEqual([]);
    expect((await pg.schedules.list()).some((r) => r.name === "api.every")).toBe(false);
  });

  it("a failing helper inside a transaction raises its typed error and aborts only that transaction", async () => {
    const pg = createPgfirst(db.sql);
    await expect(db.sql.begin((tx) => pg.withSql(tx).cache.get("api", ""))).rejects.toBeInstanceOf(CacheKeyInvalidError);
    expect(await pg.cache.get("api", "fine")).toBeNull();
  });

  it("pg.worker refuses a transaction (it needs a pool)", async () => {
    await inRolledBackTx(async (tx) => {
      expect(() => createPgfirst(tx).worker({ tasks: {} })).toThrow(/needs a pool/);
    });
  });
});

describe("tenants", () => {
  it("calls the tenant function on every call, so one facade serves every request", async () => {
    let current = "t1";
    let calls = 0;
    const pg = createPgfirst(db.sql, {
      tenant: () => {
        calls++;
        return current;
      },
    });
    await pg.cache.set("tn", "k", "one");
    current = "t2";
    expect(await pg.cache.get("tn", "k")).toBeNull();
    await pg.cache.set("tn", "k", "two");
    current = "t1";
    expect(await pg.cache.get("tn", "k")).toBe("one");
    expect(calls).toBe(4);
    // an explicit tenant wins over the function (which is then not needed)
    expect(await pg.cache.get("tn", "k", { tenant: "t2" })).toBe("two");
    expect(calls).toBe(4);
    // stored under the tenants the function returned
    expect(await cacheGet(db.sql, "tn", "k", { tenant: "t2" })).toBe("two");
  });

  it("an async tenant function and AsyncLocalStorage (tenantContext) work per request", async () => {
    const als = new AsyncLocalStorage<string>();
    const pg = createPgfirst(db.sql, { tenant: async () => als.getStore() });
    await als.run("a", () => pg.rateLimits.hit("k", 1, 60));
    expect((await als.run("a", () => pg.rateLimits.peek("k", 1, 60))).allowed).toBe(false);
    expect((await als.run("b", () => pg.rateLimits.peek("k", 1, 60))).allowed).toBe(true);
    const ctx = tenantContext<{ tenant?: string }>((req) => req.tenant);
    const seen: (string | undefined)[] = [];
    await new Promise<void>((resolve) =>
      ctx.middleware({ tenant: "mw" }, {}, () => {
        seen.push(ctx.tenant());
        resolve();
      }),
    );
    expect(seen).toEqual(["mw"]);
    expect(ctx.tenant()).toBeUndefined();
    expect(ctx.run("x", () => ctx.tenant())).toBe("x");
  });

  it("without a tenant, no tenant argument is sent and SQL's default '' applies", async () => {
    const pg = createPgfirst(db.sql, { tenant: () => undefined });
    const id = await pg.jobs.enqueue("api.none");
    expect((await pg.jobs.get(id))!.tenant).toBe("");
  });

  it("one express-session store serves several tenants, resolving the tenant per request", async () => {
    const tenants = tenantContext<express.Request>((req) => req.get("x-tenant")); // e.g. from the subdomain or the token
    const pg = createPgfirst(db.sql, { tenant: tenants.tenant });
    const app = express();
    app.use(tenants.middleware);
    app.use(session({ store: pg.sessions.store(session), secret: "s", resave: false, saveUninitialized: false, name: "sid" }));
    app.post("/login", (req, res) => {
      (req.session as unknown as { userId: string }).userId = "zoe";
      res.json({ ok: true });
    });
    app.get("/me", (req, res) => res.json({ user: (req.session as unknown as { userId?: string }).userId ?? null }));
    const server: Server = createServer(app);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const port = (server.address() as AddressInfo).port;
      const call = async (host: string, path: string, method: string, cookie?: string) => {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, {
          method,
          headers: { "x-tenant": host, ...(cookie ? { cookie } : {}) },
        });
        return { body: (await res.json()) as { user?: string | null }, cookie: res.headers.get("set-cookie")?.split(";")[0] };
      };
      const login = await call("acme", "/login", "POST");
      expect((await call("acme", "/me", "GET", login.cookie)).body.user).toBe("zoe");
      // the same cookie presented to another tenant reads as no session
      expect((await call("globex", "/me", "GET", login.cookie)).body.user).toBeNull();
      const rows = await db.sql<{ tenant: string }[]>`select tenant from pgfirst_private.session where user_id = 'zoe'`;
      expect(rows.map((r) => r.tenant)).toEqual(["acme"]);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe("per-request tenants in the middleware and the Select2 handler", () => {
  it("rate-limits and serves dropdowns per tenant from one facade", async () => {
    await db.sql`select pgfirst.dropdown_refresh(name => 'fruit')`;
    const tenants = tenantContext<express.Request>((req) => req.get("x-tenant"));
    const pg = createPgfirst(db.sql, { tenant: tenants.tenant });
    const app = express();
    app.use(tenants.middleware);
    app.use("/limited", pg.rateLimits.middleware({ maxHits: 1, per: 60, key: () => "api-mw" }));
    app.get("/limited", (_req, res) => {
      res.json({ ok: true });
    });
    app.get("/dropdowns/:name", pg.dropdowns.handler({ allow: ["fruit"] }));
    const server: Server = createServer(app);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const port = (server.address() as AddressInfo).port;
      const get = async (tenant: string, path: string) => {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { "x-tenant": tenant } });
        return { status: res.status, body: (await res.json()) as { results?: { text: string }[] } };
      };
      expect((await get("acme", "/limited")).status).toBe(200);
      expect((await get("acme", "/limited")).status).toBe(429);
      expect((await get("globex", "/limited")).status).toBe(200); // another tenant, another bucket
      expect((await get("acme", "/dropdowns/fruit?term=a")).body.results!.map((r) => r.text).sort()).toEqual(["apple", "apricot"]);
      expect((await get("globex", "/dropdowns/fruit?term=a")).body.results!.map((r) => r.text)).toEqual(["avocado"]);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe("only the arguments given reach SQL", () => {
  /** A stand-in Sql that records the statement instead of running it. */
  function recorder() {
    const seen: { text: string; values: unknown[] }[] = [];
    const fake = ((strings: TemplateStringsArray, ...values: unknown[]) => {
      seen.push({ text: strings.join("$"), values });
      return Promise.resolve([{ value: "1" }]);
    }) as unknown as Sql;
    return { fake, seen };
  }

  it("jobEnqueue with only a task sends only task =>; SQL's max_attempts default applies", async () => {
    const { fake, seen } = recorder();
    await jobEnqueue(fake, "api.defaults");
    expect(seen[0]!.text).toBe("select pgfirst.job_enqueue(task => $::text)::text as value");
    expect(seen[0]!.values).toEqual(["api.defaults"]);

    const [def] = await db.sql<{ d: string }[]>`
      select substring(pg_get_function_arguments('pgfirst.job_enqueue'::regproc) from 'max_attempts integer DEFAULT (\\d+)') as d`;
    const id = await jobEnqueue(db.sql, "api.defaults");
    const [row] = await db.sql<{ max_attempts: number; queue: string; priority: number }[]>`
      select max_attempts, queue, priority from pgfirst_private.job where id = ${id}`;
    expect(row!.max_attempts).toBe(Number(def!.d));
    expect(row!.queue).toBe("default");
    // given values are sent (and 0/false/"" are values, not "omitted")
    const id2 = await jobEnqueue(db.sql, "api.defaults", {}, { maxAttempts: 3, priority: 0, queue: "q2" });
    expect((await db.sql<{ m: number }[]>`select max_attempts as m from pgfirst_private.job where id = ${id2}`)[0]!.m).toBe(3);
  });

  it("the statement names exactly the given arguments, with casts; null is sent, undefined is not", () => {
    const b = buildCall(
      "cache_set",
      {
        namespace: ["n", "text"],
        key: ["k", "text"],
        value: [null, "jsonb"],
        ttl: [undefined, "interval"],
        tenant: [null, "text"],
        now: [undefined, "timestamptz"],
      },
      "select ",
      " as value",
    );
    expect(b.text.join("$")).toBe(
      "select pgfirst.cache_set(namespace => $::text, key => $::text, value => $::text::jsonb, tenant => $::text) as value",
    );
    expect(b.values).toEqual(["n", "k", "null", null]);
    expect(buildCall("job_claim", { lease: [1.5, "interval"] }, "select f.id from ", " as f").values).toEqual(["1.5 seconds"]);
    expect(() => buildCall("x; drop table y", {}, "select ", "")).toThrow(TypeError);
    expect(() => buildCall("cache_get", { "key); --": ["k", "text"] }, "select ", "")).toThrow(TypeError);
  });

  it("session timeouts not given come from the session settings, not from TypeScript", async () => {
    await db.sql`select pgfirst.setting_set('session.idle_timeout', to_jsonb('17 minutes'::text))`;
    try {
      const token = await createPgfirst(db.sql).sessions.create("set-by-sql");
      const s = await createPgfirst(db.sql).sessions.get(token);
      expect(s!.expiresAt.getTime() - s!.lastSeenAt.getTime()).toBe(17 * 60_000);
    } finally {
      await db.sql`select pgfirst.setting_set('session.idle_timeout', null)`;
    }
  });
});
