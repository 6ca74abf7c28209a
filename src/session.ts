/**
 * Sessions (sql/functions/session): one typed helper per SQL function, plus an
 * express-session store. Tokens are opaque strings; the database stores only their SHA-256.
 * Every helper takes the `Sql` to use (a pool or a transaction's `sql`).
 */
import type { SessionData, Store as ExpressStore } from "express-session";
import type { Interval, Json, Sql } from "./sql.ts";
import { callRows, callValue } from "./core.ts";
import { resolveTenant, type TenantSource } from "./tenant.ts";

export type { Json };
export type SessionObject = { [key: string]: Json };

export interface Session {
  userId: string;
  tenant: string;
  data: SessionObject;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface SessionListEntry {
  /** Public id (stable across rotation); never the token. */
  sessionId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  data: SessionObject;
}

/** An interval as PostgreSQL text ('30 minutes') or a number of seconds. */
export type IntervalInput = Interval;

export function intervalText(v: IntervalInput): string {
  return typeof v === "number" ? `${v} seconds` : v;
}

export interface SessionCreateOptions {
  data?: SessionObject;
  tenant?: string;
  /** Omitted: the session.idle_timeout setting. */
  idleTimeout?: IntervalInput;
  /** Omitted: the session.absolute_timeout setting. */
  absoluteTimeout?: IntervalInput;
  now?: Date;
}

const SESSION_TIMES = `f.created_at as "createdAt", f.last_seen_at as "lastSeenAt", f.expires_at as "expiresAt"`;

/** pgfirst.session_create: a new session; returns its token (send it in a Secure, HttpOnly cookie). */
export function sessionCreate(sql: Sql, userId: string, opts: SessionCreateOptions = {}): Promise<string> {
  return callValue<string>(sql, "session_create", {
    user_id: [userId, "text"], data: [opts.data, "jsonb"], tenant: [opts.tenant, "text"],
    idle_timeout: [opts.idleTimeout, "interval"], absolute_timeout: [opts.absoluteTimeout, "interval"], now: [opts.now, "timestamptz"],
  });
}

/** pgfirst.session_put: create-or-update for caller-minted tokens (>= 32 chars); false for a destroyed or expired session. */
export function sessionPut(sql: Sql, token: string, userId: string, data: SessionObject, opts: Omit<SessionCreateOptions, "data"> = {}): Promise<boolean> {
  return callValue<boolean>(sql, "session_put", {
    token: [token, "text"], user_id: [userId, "text"], data: [data, "jsonb"], tenant: [opts.tenant, "text"],
    idle_timeout: [opts.idleTimeout, "interval"], absolute_timeout: [opts.absoluteTimeout, "interval"], now: [opts.now, "timestamptz"],
  });
}

/** pgfirst.session_get: the live session, or null (unknown, expired, destroyed). */
export async function sessionGet(sql: Sql, token: string, opts: { now?: Date } = {}): Promise<Session | null> {
  const [row] = await callRows<Session>(sql, "session_get", { token: [token, "text"], now: [opts.now, "timestamptz"] },
    `f.user_id as "userId", f.tenant, f.data, ${SESSION_TIMES}`);
  return row ?? null;
}

/** pgfirst.session_set: replace the data of a live session; false when it is gone (never recreates). */
export function sessionSet(sql: Sql, token: string, data: SessionObject, opts: { now?: Date } = {}): Promise<boolean> {
  return callValue<boolean>(sql, "session_set", { token: [token, "text"], data: [data, "jsonb"], now: [opts.now, "timestamptz"] });
}

/** pgfirst.session_patch: merge top-level keys atomically (null removes a key). */
export function sessionPatch(sql: Sql, token: string, patch: SessionObject, opts: { now?: Date } = {}): Promise<boolean> {
  return callValue<boolean>(sql, "session_patch", { token: [token, "text"], patch: [patch, "jsonb"], now: [opts.now, "timestamptz"] });
}

/** pgfirst.session_rotate: a new token for the same session (old one dead at once); null when the session is gone. */
export function sessionRotate(sql: Sql, token: string, opts: { now?: Date } = {}): Promise<string | null> {
  return callValue<string | null>(sql, "session_rotate", { token: [token, "text"], now: [opts.now, "timestamptz"] });
}

/** pgfirst.session_destroy: final; true when the session had not been destroyed yet. */
export function sessionDestroy(sql: Sql, token: string): Promise<boolean> {
  return callValue<boolean>(sql, "session_destroy", { token: [token, "text"] });
}

/** pgfirst.session_destroy_user: "log out everywhere" (tenant omitted or null = every tenant); returns how many. */
export function sessionDestroyUser(sql: Sql, userId: string, opts: { tenant?: string | null; exceptToken?: string } = {}): Promise<number> {
  return callValue<number>(sql, "session_destroy_user", {
    user_id: [userId, "text"], tenant: [opts.tenant, "text"], except_token: [opts.exceptToken, "text"],
  });
}

/** pgfirst.session_list: the user's live sessions, most recent first (tenant omitted or null = every tenant). */
export function sessionList(sql: Sql, userId: string, opts: { tenant?: string | null; now?: Date } = {}): Promise<SessionListEntry[]> {
  return callRows<SessionListEntry>(sql, "session_list", { user_id: [userId, "text"], tenant: [opts.tenant, "text"], now: [opts.now, "timestamptz"] },
    `f.session_id as "sessionId", ${SESSION_TIMES}, f.data`);
}

export interface SessionCount { tenant: string; live: number; expired: number; destroyed: number }

/** pgfirst.session_count: live / expired / destroyed per tenant (tenant omitted or null = all). */
export function sessionCount(sql: Sql, opts: { tenant?: string | null; now?: Date } = {}): Promise<SessionCount[]> {
  return callRows<SessionCount>(sql, "session_count", { tenant: [opts.tenant, "text"], now: [opts.now, "timestamptz"] },
    "f.tenant, f.live::float8 as live, f.expired::float8 as expired, f.destroyed::float8 as destroyed");
}

export interface SessionAllEntry extends SessionListEntry { userId: string }

/** pgfirst.session_all (admin): up to maxRows live sessions of a tenant, keyed by public id. */
export function sessionAll(sql: Sql, opts: { tenant?: string; maxRows?: number; now?: Date } = {}): Promise<SessionAllEntry[]> {
  return callRows<SessionAllEntry>(sql, "session_all", { tenant: [opts.tenant, "text"], max_rows: [opts.maxRows, "integer"], now: [opts.now, "timestamptz"] },
    `f.session_id as "sessionId", f.user_id as "userId", f.data, ${SESSION_TIMES}`);
}

/** pgfirst.session_clear (admin): destroys every session of a tenant; returns how many. */
export function sessionClear(sql: Sql, opts: { tenant?: string } = {}): Promise<number> {
  return callValue<number>(sql, "session_clear", { tenant: [opts.tenant, "text"] }, "f.value::float8");
}

/** pgfirst.session_cleanup (worker/admin): deletes up to maxRows expired sessions; returns how many. */
export function sessionCleanup(sql: Sql, opts: { maxRows?: number; now?: Date } = {}): Promise<number> {
  return callValue<number>(sql, "session_cleanup", { max_rows: [opts.maxRows, "integer"], now: [opts.now, "timestamptz"] }, "f.value::float8");
}

// ---- express-session store ----

type Callback<T = void> = (err?: unknown, result?: T) => void;

export interface PgfirstStoreOptions {
  sql: Sql;
  /**
   * The tenant of the sessions this store reads and writes: a string, or a function called
   * on every store call (per request, e.g. `tenantContext(...).tenant`). Undefined: '' (no tenant).
   */
  tenant?: TenantSource;
  /** The user a session belongs to (for "log out everywhere"); default `sess.userId` or ''. */
  userId?: (sess: SessionData) => string;
  /** Idle timeout of sessions whose cookie has no maxAge (omitted: the session.idle_timeout setting). */
  idleTimeout?: IntervalInput;
  absoluteTimeout?: IntervalInput;
}

/** The express-session module (or anything exposing its `Store` class). */
export interface ExpressSessionModule {
  Store: abstract new () => ExpressStore;
}

function defaultUserId(sess: SessionData): string {
  const v = (sess as unknown as { userId?: unknown }).userId;
  return v === undefined || v === null ? "" : String(v);
}

/**
 * An express-session store on pgfirst sessions, built from the express-session module you
 * pass (no runtime dependency here):
 *
 *   import session from "express-session";
 *   app.use(session({ store: createSessionStore(session, { sql, tenant: () => currentTenant() }), secret, resave: false, saveUninitialized: false }));
 *
 * The sid express-session mints (uid-safe, 192 bits) is the token: only its SHA-256 is
 * stored. The tenant is resolved on every call, so one store serves every tenant of a
 * multi-tenant app; a session of another tenant reads as missing. The idle timeout is the
 * cookie's maxAge when it has one (else `idleTimeout`, else the session.idle_timeout
 * setting), like connect-redis and connect-pg-simple derive their TTL; the absolute timeout
 * still caps it. `set` uses session_put, which never revives a destroyed session; `touch`
 * slides the idle expiry through session_get (at most one write per session.touch_interval).
 * `all` keys sessions by their public session_id (tokens are not stored) and, like `clear`,
 * needs a connection with pgfirst_admin rights.
 */
export function createSessionStore(expressSession: ExpressSessionModule, options: PgfirstStoreOptions): ExpressStore {
  const { sql } = options;
  const tenantOf = async (): Promise<string> => (await resolveTenant(options.tenant)) ?? "";
  const userIdOf = options.userId ?? defaultUserId;
  const Base = expressSession.Store;
  const done = <T>(p: Promise<T>, cb: ((err?: unknown, result?: T) => void) | undefined) => {
    p.then((r) => cb?.(null, r), (e) => cb?.(e));
  };

  class PgfirstStore extends Base {
    get(sid: string, cb: Callback<SessionData | null>): void {
      done((async () => {
        const [tenant, s] = await Promise.all([tenantOf(), sessionGet(sql, sid)]);
        return s && s.tenant === tenant ? (s.data as unknown as SessionData) : null;
      })(), cb);
    }
    set(sid: string, sess: SessionData, cb?: Callback): void {
      done((async () => {
        const opts: Omit<SessionCreateOptions, "data"> = { tenant: await tenantOf() };
        // express-session slides cookie.expires by originalMaxAge on every request (and calls
        // touch when nothing changed): that is an idle timeout, enforced here server-side too,
        // so a cookie replayed after the browser dropped it finds nothing.
        const maxAgeMs = sess.cookie?.originalMaxAge;
        if (typeof maxAgeMs === "number" && maxAgeMs > 0) opts.idleTimeout = `${Math.ceil(maxAgeMs)} milliseconds`;
        else if (options.idleTimeout !== undefined) opts.idleTimeout = options.idleTimeout;
        if (options.absoluteTimeout !== undefined) opts.absoluteTimeout = options.absoluteTimeout;
        const data = JSON.parse(JSON.stringify(sess)) as SessionObject;
        await sessionPut(sql, sid, userIdOf(sess), data, opts);
      })(), cb);
    }
    destroy(sid: string, cb?: Callback): void {
      done(sessionDestroy(sql, sid).then(() => undefined), cb);
    }
    override touch(sid: string, _sess: SessionData, cb?: Callback): void {
      done(sessionGet(sql, sid).then(() => undefined), cb);
    }
    override all(cb: Callback<Record<string, SessionData>>): void {
      done(tenantOf().then((tenant) => sessionAll(sql, { tenant })).then(
        (rows) => Object.fromEntries(rows.map((r) => [r.sessionId, r.data as unknown as SessionData]))), cb);
    }
    override length(cb: Callback<number>): void {
      done(tenantOf().then((tenant) => sessionCount(sql, { tenant })).then((rows) => rows[0]?.live ?? 0), cb);
    }
    override clear(cb?: Callback): void {
      done(tenantOf().then((tenant) => sessionClear(sql, { tenant })).then(() => undefined), cb);
    }
  }
  return new PgfirstStore();
}
