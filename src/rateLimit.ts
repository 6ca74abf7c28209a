/**
 * Rate limits and login throttling (sql/functions/rate_limit): one typed helper per SQL
 * function, an Express middleware and `loginGuard`, the login flow done right.
 * Durations come back as seconds (float); `retryAfterSeconds` is null when allowed.
 */
import type { Sql } from "./sql.ts";
import { callRow, callRows, callValue } from "./core.ts";
import { intervalText, type IntervalInput } from "./session.ts";
import { resolveTenant } from "./tenant.ts";

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** Seconds until the denied hit would fit; null when allowed. */
  retryAfterSeconds: number | null;
  /** Seconds until the key is fully replenished. */
  resetAfterSeconds: number;
}

const RESULT = `f.allowed, f.remaining, extract(epoch from f.retry_after)::float8 as "retryAfterSeconds",
  extract(epoch from f.reset_after)::float8 as "resetAfterSeconds"`;

export interface RateLimitOptions {
  /** Omitted: rate_limit_hit's default 1. */
  cost?: number;
  tenant?: string;
  now?: Date;
}

/** pgfirst.rate_limit_hit: GCRA, exact under concurrency; a denied hit consumes nothing. */
export function rateLimitHit(
  sql: Sql,
  key: string,
  maxHits: number,
  per: IntervalInput,
  opts: RateLimitOptions = {},
): Promise<RateLimitResult> {
  return callRow<RateLimitResult>(
    sql,
    "rate_limit_hit",
    {
      key: [key, "text"],
      max_hits: [maxHits, "integer"],
      per: [per, "interval"],
      cost: [opts.cost, "integer"],
      tenant: [opts.tenant, "text"],
      now: [opts.now, "timestamptz"],
    },
    RESULT,
  );
}

/** pgfirst.rate_limit_peek: what a hit of cost 1 would get, consuming nothing. */
export function rateLimitPeek(
  sql: Sql,
  key: string,
  maxHits: number,
  per: IntervalInput,
  opts: Omit<RateLimitOptions, "cost"> = {},
): Promise<RateLimitResult> {
  return callRow<RateLimitResult>(
    sql,
    "rate_limit_peek",
    {
      key: [key, "text"],
      max_hits: [maxHits, "integer"],
      per: [per, "interval"],
      tenant: [opts.tenant, "text"],
      now: [opts.now, "timestamptz"],
    },
    RESULT,
  );
}

/** pgfirst.rate_limit_reset: forget a key's state; true when there was some. */
export function rateLimitReset(sql: Sql, key: string, opts: { tenant?: string } = {}): Promise<boolean> {
  return callValue<boolean>(sql, "rate_limit_reset", { key: [key, "text"], tenant: [opts.tenant, "text"] });
}

/** pgfirst.rate_limit_cleanup (worker/admin): deletes up to maxRows dead rate-limit and login rows. */
export function rateLimitCleanup(sql: Sql, opts: { maxRows?: number; now?: Date } = {}): Promise<number> {
  return callValue<number>(
    sql,
    "rate_limit_cleanup",
    { max_rows: [opts.maxRows, "integer"], now: [opts.now, "timestamptz"] },
    "f.value::float8",
  );
}

export interface LoginAttemptResult {
  allowed: boolean;
  /** The username's reserved failures in this window, this attempt included. */
  failures: number | null;
  /** When set on an allowed attempt: the lock that applies if this attempt fails. */
  lockedUntil: Date | null;
  retryAfterSeconds: number | null;
}

export interface LoginOptions {
  /** The client address (Express: req.ip behind a correctly configured `trust proxy`). */
  ip?: string | null;
  tenant?: string;
  now?: Date;
}

/** pgfirst.login_attempt: call BEFORE checking the password; reserves the attempt. */
export function loginAttempt(sql: Sql, username: string, opts: LoginOptions = {}): Promise<LoginAttemptResult> {
  return callRow<LoginAttemptResult>(
    sql,
    "login_attempt",
    {
      username: [username, "text"],
      ip: [opts.ip, "inet"],
      tenant: [opts.tenant, "text"],
      now: [opts.now, "timestamptz"],
    },
    `f.allowed, f.failures, f.locked_until as "lockedUntil", extract(epoch from f.retry_after)::float8 as "retryAfterSeconds"`,
  );
}

/** pgfirst.login_succeeded: after a correct password; clears the username's failures. */
export async function loginSucceeded(sql: Sql, username: string, opts: Omit<LoginOptions, "now"> = {}): Promise<void> {
  await callValue(sql, "login_succeeded", { username: [username, "text"], ip: [opts.ip, "inet"], tenant: [opts.tenant, "text"] });
}

/** pgfirst.login_unlock (admin): lifts the username's locks and failures; true when there were any. */
export function loginUnlock(sql: Sql, username: string, opts: { tenant?: string } = {}): Promise<boolean> {
  return callValue<boolean>(sql, "login_unlock", { username: [username, "text"], tenant: [opts.tenant, "text"] });
}

export type LoginGuardResult<U> =
  | { ok: true; user: U }
  | { ok: false; reason: "locked"; retryAfterSeconds: number; lockedUntil: Date | null }
  | { ok: false; reason: "invalid"; lockedUntil: Date | null };

/**
 * The login flow: reserve the attempt (login_attempt), check the password only when
 * allowed, report success (login_succeeded). A failed or throwing check leaves the
 * reserved failure counted (fail closed). Answer "locked" and "invalid" alike to the
 * client if usernames must not be enumerable; log the difference.
 *
 *   const r = await loginGuard(sql, { username, ip: req.ip }, () => verify(username, password));
 *   if (!r.ok) return res.status(r.reason === "locked" ? 429 : 401).end();
 *   // then: regenerate / rotate the session id (defeats session fixation)
 */
export async function loginGuard<U>(
  sql: Sql,
  login: { username: string } & Omit<LoginOptions, "now">,
  checkPassword: () => Promise<U | null | undefined | false>,
): Promise<LoginGuardResult<U>> {
  const { username, ...opts } = login;
  const attempt = await loginAttempt(sql, username, opts);
  if (!attempt.allowed) {
    return { ok: false, reason: "locked", retryAfterSeconds: attempt.retryAfterSeconds ?? 0, lockedUntil: attempt.lockedUntil };
  }
  const user = await checkPassword();
  if (user === null || user === undefined || user === false) {
    return { ok: false, reason: "invalid", lockedUntil: attempt.lockedUntil };
  }
  await loginSucceeded(sql, username, opts);
  return { ok: true, user };
}

// ---- Express middleware ----

/** The slice of an Express request/response the middleware uses (no runtime dependency on express). */
export interface MiddlewareRequest {
  ip?: string | undefined;
}
export interface MiddlewareResponse {
  setHeader(name: string, value: string): unknown;
  status(code: number): MiddlewareResponse;
  json(body: unknown): unknown;
}

export interface RateLimitMiddlewareOptions<Req extends MiddlewareRequest> {
  sql: Sql;
  maxHits: number;
  per: IntervalInput;
  /** The key of a request (default: 'ip:' + req.ip). Return null to skip limiting it. */
  key?: (req: Req) => string | null;
  cost?: (req: Req) => number;
  /** A string, or a function called per request (with the request; a `TenantSource` works too). Omitted: no tenant. */
  tenant?: string | ((req: Req) => string | undefined | Promise<string | undefined>);
  /** Body of the 429 answer. */
  message?: unknown;
}

/**
 * Express middleware: one rate_limit_hit per request. Sets RateLimit-Limit,
 * RateLimit-Remaining, RateLimit-Reset (seconds until full) and RateLimit-Policy
 * ("<max>;w=<seconds>", IETF draft); denies with 429 and Retry-After (whole seconds,
 * rounded up). Database errors go to next(err): fail closed, the error handler decides.
 */
export function rateLimitMiddleware<Req extends MiddlewareRequest>(opts: RateLimitMiddlewareOptions<Req>) {
  const perText = intervalText(opts.per);
  const window = typeof opts.per === "number" ? opts.per : null;
  return (req: Req, res: MiddlewareResponse, next: (err?: unknown) => void): void => {
    const key = opts.key ? opts.key(req) : `ip:${req.ip ?? "unknown"}`;
    if (key === null) return next();
    const source = opts.tenant;
    const hit = async () => {
      const tenant = await resolveTenant(typeof source === "function" ? () => source(req) : source);
      const hitOpts: RateLimitOptions = {};
      if (tenant !== undefined && tenant !== null) hitOpts.tenant = tenant;
      if (opts.cost) hitOpts.cost = opts.cost(req);
      return rateLimitHit(opts.sql, key, opts.maxHits, perText, hitOpts);
    };
    hit().then((r) => {
      res.setHeader("RateLimit-Limit", String(opts.maxHits));
      res.setHeader("RateLimit-Remaining", String(r.remaining));
      res.setHeader("RateLimit-Reset", String(Math.ceil(r.resetAfterSeconds)));
      if (window !== null) res.setHeader("RateLimit-Policy", `${opts.maxHits};w=${window}`);
      if (r.allowed) return next();
      const retry = Math.max(1, Math.ceil(r.retryAfterSeconds ?? 1));
      res.setHeader("Retry-After", String(retry));
      res.status(429).json(opts.message ?? { error: "rate limit exceeded", retryAfterSeconds: retry });
    }, next);
  };
}

export interface LoginLockout {
  tenant: string;
  scope: "user" | "ip" | "user_ip";
  /** The counter's keyed hash in hex (64 digits): pass it to loginUnlockSubject. */
  subjectHex: string;
  /** Its first 12 digits, for display. */
  subjectShort: string;
  /** user_ip rows: the hash of their username's counter. */
  userSubjectHex: string | null;
  failures: number;
  lockouts: number;
  lockedUntil: Date;
  updatedAt: Date | null;
}

/** pgfirst.login_lockouts (admin): counters locked right now (usernames are stored hashed, never in clear). */
export function loginLockouts(sql: Sql, opts: { tenant?: string | null; pageSize?: number } = {}): Promise<LoginLockout[]> {
  return callRows<LoginLockout>(
    sql,
    "login_lockouts",
    { tenant: [opts.tenant, "text"], page_size: [opts.pageSize, "integer"] },
    `f.tenant, f.scope, f.subject_hex as "subjectHex", f.subject_short as "subjectShort",
     f.user_subject_hex as "userSubjectHex", f.failures, f.lockouts, f.locked_until as "lockedUntil", f.updated_at as "updatedAt"`,
  );
}

/** pgfirst.login_unlock_subject (admin, audited): unlocks one counter listed by loginLockouts. */
export function loginUnlockSubject(sql: Sql, tenant: string, scope: string, subjectHex: string): Promise<boolean> {
  return callValue<boolean>(sql, "login_unlock_subject", {
    tenant: [tenant, "text"],
    scope: [scope, "text"],
    subject_hex: [subjectHex, "text"],
  });
}
