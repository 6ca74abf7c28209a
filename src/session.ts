/**
 * Sessions (sql/functions/session): one typed helper per SQL function, plus an
 * express-session store. Tokens are opaque strings; the database stores only their SHA-256.
 * Every helper takes the `Sql` to use (a pool or a transaction's `sql`).
 */
import type { SessionData, Store as ExpressStore } from "express-session";
import type { Sql } from "./db.ts";
import { mapErrors, NotFoundError } from "./errors.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
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
export type IntervalInput = string | number;

export function intervalText(v: IntervalInput): string {
  return typeof v === "number" ? `${v} seconds` : v;
}

function optInterval(v: IntervalInput | undefined): string | null {
  return v === undefined ? null : intervalText(v);
}

/** JSON sent as text and cast in SQL (`::text::jsonb`): no reliance on the driver's json serialisation. */
function jsonText(v: unknown): string {
  return JSON.stringify(v);
}

export interface SessionCreateOptions {
  data?: SessionObject;
  tenant?: string;
  idleTimeout?: IntervalInput;
  absoluteTimeout?: IntervalInput;
  now?: Date;
}

/** pgfirst.session_create: a new session; returns its token (send it in a Secure, HttpOnly cookie). */
export async function sessionCreate(sql: Sql, userId: string, opts: SessionCreateOptions = {}): Promise<string> {
  return mapErrors(async () => {
    const [row] = await sql<{ token: string }[]>`
      select pgfirst.session_create(
        user_id => ${userId}::text,
        data => ${jsonText(opts.data ?? {})}::text::jsonb,
        tenant => ${opts.tenant ?? ""}::text,
        idle_timeout => ${optInterval(opts.idleTimeout)}::interval,
        absolute_timeout => ${optInterval(opts.absoluteTimeout)}::interval,
        now => ${opts.now ?? null}::timestamptz) as token`;
    if (!row) throw new NotFoundError("session_create returned no row");
    return row.token;
  });
}

/** pgfirst.session_put: create-or-update for caller-minted tokens (>= 32 chars); false for a destroyed or expired session. */
export async function sessionPut(
  sql: Sql,
  token: string,
  userId: string,
  data: SessionObject,
  opts: Omit<SessionCreateOptions, "data"> = {},
): Promise<boolean> {
  return mapErrors(async () => {
    const [row] = await sql<{ ok: boolean }[]>`
      select pgfirst.session_put(
        token => ${token}::text,
        user_id => ${userId}::text,
        data => ${jsonText(data)}::text::jsonb,
        tenant => ${opts.tenant ?? ""}::text,
        idle_timeout => ${optInterval(opts.idleTimeout)}::interval,
        absolute_timeout => ${optInterval(opts.absoluteTimeout)}::interval,
        now => ${opts.now ?? null}::timestamptz) as ok`;
    return row?.ok ?? false;
  });
}

/** pgfirst.session_get: the live session, or null (unknown, expired, destroyed). */
export async function sessionGet(sql: Sql, token: string, opts: { now?: Date } = {}): Promise<Session | null> {
  return mapErrors(async () => {
    const [row] = await sql<
      { user_id: string; tenant: string; data: SessionObject; created_at: Date; last_seen_at: Date; expires_at: Date }[]
    >`
      select * from pgfirst.session_get(token => ${token}::text, now => ${opts.now ?? null}::timestamptz)`;
    if (!row) return null;
    return {
      userId: row.user_id,
      tenant: row.tenant,
      data: row.data,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
    };
  });
}

/** pgfirst.session_set: replace the data of a live session; false when it is gone (never recreates). */
export async function sessionSet(sql: Sql, token: string, data: SessionObject, opts: { now?: Date } = {}): Promise<boolean> {
  return mapErrors(async () => {
    const [row] = await sql<{ ok: boolean }[]>`
      select pgfirst.session_set(token => ${token}::text, data => ${jsonText(data)}::text::jsonb, now => ${opts.now ?? null}::timestamptz) as ok`;
    return row?.ok ?? false;
  });
}

/** pgfirst.session_patch: merge top-level keys atomically (null removes a key). */
export async function sessionPatch(sql: Sql, token: string, patch: SessionObject, opts: { now?: Date } = {}): Promise<boolean> {
  return mapErrors(async () => {
    const [row] = await sql<{ ok: boolean }[]>`
      select pgfirst.session_patch(token => ${token}::text, patch => ${jsonText(patch)}::text::jsonb, now => ${opts.now ?? null}::timestamptz) as ok`;
    return row?.ok ?? false;
  });
}

/** pgfirst.session_rotate: a new token for the same session (old one dead at once); null when the session is gone. */
export async function sessionRotate(sql: Sql, token: string, opts: { now?: Date } = {}): Promise<string | null> {
  return mapErrors(async () => {
    const [row] = await sql<{ token: string | null }[]>`
      select pgfirst.session_rotate(token => ${token}::text, now => ${opts.now ?? null}::timestamptz) as token`;
    return row?.token ?? null;
  });
}

/** pgfirst.session_destroy: final; true when the session had not been destroyed yet. */
export async function sessionDestroy(sql: Sql, token: string): Promise<boolean> {
  return mapErrors(async () => {
    const [row] = await sql<{ ok: boolean }[]>`select pgfirst.session_destroy(token => ${token}::text) as ok`;
    return row?.ok ?? false;
  });
}

/** pgfirst.session_destroy_user: "log out everywhere" (tenant undefined = every tenant); returns how many. */
export async function sessionDestroyUser(sql: Sql, userId: string, opts: { tenant?: string; exceptToken?: string } = {}): Promise<number> {
  return mapErrors(async () => {
    const [row] = await sql<{ n: number }[]>`
      select pgfirst.session_destroy_user(user_id => ${userId}::text, tenant => ${opts.tenant ?? null}::text,
                                          except_token => ${opts.exceptToken ?? null}::text) as n`;
    return row?.n ?? 0;
  });
}

/** pgfirst.session_list: the user's live sessions, most recent first. */
export async function sessionList(sql: Sql, userId: string, opts: { tenant?: string; now?: Date } = {}): Promise<SessionListEntry[]> {
  return mapErrors(async () => {
    const rows = await sql<{ session_id: string; created_at: Date; last_seen_at: Date; expires_at: Date; data: SessionObject }[]>`
      select * from pgfirst.session_list(user_id => ${userId}::text, tenant => ${opts.tenant ?? null}::text, now => ${opts.now ?? null}::timestamptz)`;
    return rows.map((r) => ({
      sessionId: r.session_id,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      expiresAt: r.expires_at,
      data: r.data,
    }));
  });
}

export interface SessionCount {
  tenant: string;
  live: number;
  expired: number;
  destroyed: number;
}

/** pgfirst.session_count: live / expired / destroyed per tenant (tenant undefined = all). */
export async function sessionCount(sql: Sql, opts: { tenant?: string; now?: Date } = {}): Promise<SessionCount[]> {
  return mapErrors(async () => {
    const rows = await sql<{ tenant: string; live: string; expired: string; destroyed: string }[]>`
      select * from pgfirst.session_count(tenant => ${opts.tenant ?? null}::text, now => ${opts.now ?? null}::timestamptz)`;
    return rows.map((r) => ({ tenant: r.tenant, live: Number(r.live), expired: Number(r.expired), destroyed: Number(r.destroyed) }));
  });
}

export interface SessionAllEntry extends SessionListEntry {
  userId: string;
}

/** pgfirst.session_all (admin): up to maxRows live sessions of a tenant, keyed by public id. */
export async function sessionAll(sql: Sql, opts: { tenant?: string; maxRows?: number; now?: Date } = {}): Promise<SessionAllEntry[]> {
  return mapErrors(async () => {
    const rows = await sql<
      { session_id: string; user_id: string; data: SessionObject; created_at: Date; last_seen_at: Date; expires_at: Date }[]
    >`
      select * from pgfirst.session_all(tenant => ${opts.tenant ?? ""}::text, max_rows => ${opts.maxRows ?? 1000}::int,
                                         now => ${opts.now ?? null}::timestamptz)`;
    return rows.map((r) => ({
      sessionId: r.session_id,
      userId: r.user_id,
      data: r.data,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      expiresAt: r.expires_at,
    }));
  });
}

/** pgfirst.session_clear (admin): destroys every session of a tenant; returns how many. */
export async function sessionClear(sql: Sql, opts: { tenant?: string } = {}): Promise<number> {
  return mapErrors(async () => {
    const [row] = await sql<{ n: string }[]>`select pgfirst.session_clear(tenant => ${opts.tenant ?? ""}::text) as n`;
    return Number(row?.n ?? 0);
  });
}

/** pgfirst.session_cleanup (worker/admin): deletes up to maxRows expired sessions; returns how many. */
export async function sessionCleanup(sql: Sql, opts: { maxRows?: number; now?: Date } = {}): Promise<number> {
  return mapErrors(async () => {
    const [row] = await sql<{ n: string }[]>`
      select pgfirst.session_cleanup(max_rows => ${opts.maxRows ?? 10000}::int, now => ${opts.now ?? null}::timestamptz) as n`;
    return Number(row?.n ?? 0);
  });
}

// ---- express-session store ----

type Callback<T = void> = (err?: unknown, result?: T) => void;

export interface PgfirstStoreOptions {
  sql: Sql;
  tenant?: string;
  /** The user a session belongs to (for "log out everywhere"); default `sess.userId` or ''. */
  userId?: (sess: SessionData) => string;
  /** Idle timeout of sessions whose cookie has no maxAge (default: the session.idle_timeout setting). */
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
 *   app.use(session({ store: createSessionStore(session, { sql }), secret, resave: false, saveUninitialized: false }));
 *
 * The sid express-session mints (uid-safe, 192 bits) is the token: only its SHA-256 is
 * stored. The idle timeout is the cookie's maxAge when it has one (else `idleTimeout`, else
 * the session.idle_timeout setting), like connect-redis and connect-pg-simple derive their
 * TTL; the absolute timeout still caps it. `set` uses session_put, which never revives a
 * destroyed session; `touch` slides the
 * idle expiry through session_get (at most one write per session.touch_interval). `all`
 * keys sessions by their public session_id (tokens are not stored) and, like `clear`, needs
 * a connection with pgfirst_admin rights.
 */
export function createSessionStore(expressSession: ExpressSessionModule, options: PgfirstStoreOptions): ExpressStore {
  const { sql } = options;
  const tenant = options.tenant ?? "";
  const userIdOf = options.userId ?? defaultUserId;
  const Base = expressSession.Store;

  class PgfirstStore extends Base {
    get(sid: string, cb: Callback<SessionData | null>): void {
      sessionGet(sql, sid).then(
        (s) => cb(null, s && s.tenant === tenant ? (s.data as unknown as SessionData) : null),
        (e) => cb(e),
      );
    }
    set(sid: string, sess: SessionData, cb?: Callback): void {
      const opts: Omit<SessionCreateOptions, "data"> = { tenant };
      // express-session slides cookie.expires by originalMaxAge on every request (and calls
      // touch when nothing changed): that is an idle timeout, enforced here server-side too,
      // so a cookie replayed after the browser dropped it finds nothing.
      const maxAgeMs = sess.cookie?.originalMaxAge;
      if (typeof maxAgeMs === "number" && maxAgeMs > 0) opts.idleTimeout = `${Math.ceil(maxAgeMs)} milliseconds`;
      else if (options.idleTimeout !== undefined) opts.idleTimeout = options.idleTimeout;
      if (options.absoluteTimeout !== undefined) opts.absoluteTimeout = options.absoluteTimeout;
      const data = JSON.parse(JSON.stringify(sess)) as SessionObject;
      sessionPut(sql, sid, userIdOf(sess), data, opts).then(
        () => cb?.(),
        (e) => cb?.(e),
      );
    }
    destroy(sid: string, cb?: Callback): void {
      sessionDestroy(sql, sid).then(
        () => cb?.(),
        (e) => cb?.(e),
      );
    }
    override touch(sid: string, _sess: SessionData, cb?: Callback): void {
      sessionGet(sql, sid).then(
        () => cb?.(),
        (e) => cb?.(e),
      );
    }
    override all(cb: Callback<Record<string, SessionData>>): void {
      sessionAll(sql, { tenant }).then(
        (rows) => cb(null, Object.fromEntries(rows.map((r) => [r.sessionId, r.data as unknown as SessionData]))),
        (e) => cb(e),
      );
    }
    override length(cb: Callback<number>): void {
      sessionCount(sql, { tenant }).then(
        (rows) => cb(null, rows[0]?.live ?? 0),
        (e) => cb(e),
      );
    }
    override clear(cb?: Callback): void {
      sessionClear(sql, { tenant }).then(
        () => cb?.(),
        (e) => cb?.(e),
      );
    }
  }
  return new PgfirstStore();
}
