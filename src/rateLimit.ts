/**
 * Rate limits and login throttling (sql/functions/rate_limit): one typed helper per SQL
 * function, an Express middleware and `loginGuard`, the login flow done right.
 * Durations come back as seconds (float); `retryAfterSeconds` is null when allowed.
 */
import type { Sql } from "./db.ts";
import { mapErrors, NotFoundError } from "./errors.ts";
import { intervalText, type IntervalInput } from "./session.ts";

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** Seconds until the denied hit would fit; null when allowed. */
  retryAfterSeconds: number | null;
  /** Seconds until the key is fully replenished. */
  resetAfterSeconds: number;
}

interface RateLimitRow {
  allowed: boolean;
  remaining: number;
  retry_after: number | null;
  reset_after: number;
}

function toResult(row: RateLimitRow | undefined, fn: string): RateLimitResult {
  if (!row) throw new NotFoundError(`${fn} returned no row`);
  return { allowed: row.allowed, remaining: row.remaining, retryAfterSeconds: row.retry_after, resetAfterSeconds: row.reset_after };
}

export interface RateLimitOptions {
  cost?: number;
  tenant?: string;
  now?: Date;
}

/** pgfirst.rate_limit_hit: GCRA, exact under concurrency; a denied hit consumes nothing. */
export async function rateLimitHit(
  sql: Sql,
  key: string,
  maxHits: number,
  per: IntervalInput,
  opts: RateLimitOptions = {},
): Promise<RateLimitResult> {
  return mapErrors(async () => {
    const [row] = await sql<RateLimitRow[]>`
      select h.allowed, h.remaining,
             extract(epoch from h.retry_after)::float8 as retry_after,
             extract(epoch from h.reset_after)::float8 as reset_after
        from pgfirst.rate_limit_hit(key => ${key}::text, max_hits => ${maxHits}::int, per => ${intervalText(per)}::interval,
                                    cost => ${opts.cost ?? 1}::int, tenant => ${opts.tenant ?? ""}::text,
                                    now => ${opts.now ?? null}::timestamptz) h`;
    return toResult(row, "rate_limit_hit");
  });
}

/** pgfirst.rate_limit_peek: what a hit of cost 1 would get, consuming nothing. */
export async function rateLimitPeek(
  sql: Sql,
  key: string,
  maxHits: number,
  per: IntervalInput,
  opts: Omit<RateLimitOptions, "cost"> = {},
): Promise<RateLimitResult> {
  return mapErrors(async () => {
    const [row] = await sql<RateLimitRow[]>`
      select p.allowed, p.remaining,
             extract(epoch from p.retry_after)::float8 as retry_after,
             extract(epoch from p.reset_after)::float8 as reset_after
        from pgfirst.rate_limit_peek(key => ${key}::text, max_hits => ${maxHits}::int, per => ${intervalText(per)}::interval,
                                     tenant => ${opts.tenant ?? ""}::text, now => ${opts.now ?? null}::timestamptz) p`;
    return toResult(row, "rate_limit_peek");
  });
}

/** pgfirst.rate_limit_reset: forget a key's state; true when there was some. */
export async function rateLimitReset(sql: Sql, key: string, opts: { tenant?: string } = {}): Promise<boolean> {
  return mapErrors(async () => {
    const [row] = await sql<
      { ok: boolean }[]
    >`select pgfirst.rate_limit_reset(key => ${key}::text, tenant => ${opts.tenant ?? ""}::text) as ok`;
    return row?.ok ?? false;
  });
}

/** pgfirst.rate_limit_cleanup (worker/admin): deletes up to maxRows dead rate-limit and login rows. */
export async function rateLimitCleanup(sql: Sql, opts: { maxRows?: number; now?: Date } = {}): Promise<number> {
  return mapErrors(async () => {
    const [row] = await sql<{ n: string }[]>`
      select pgfirst.rate_limit_cleanup(max_rows => ${opts.maxRows ?? 10000}::int, now => ${opts.now ?? null}::timestamptz) as n`;
    return Number(row?.n ?? 0);
  });
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
export async function loginAttempt(sql: Sql, username: string, opts: LoginOptions = {}): Promise<LoginAttemptResult> {
  return mapErrors(async () => {
    const [row] = await sql<{ allowed: boolean; failures: number | null; locked_until: Date | null; retry_after: number | null }[]>`
      select a.allowed, a.failures, a.locked_until, extract(epoch from a.retry_after)::float8 as retry_after
        from pgfirst.login_attempt(username => ${username}::text, ip => ${opts.ip ?? null}::inet,
                                   tenant => ${opts.tenant ?? ""}::text, now => ${opts.now ?? null}::timestamptz) a`;
    if (!row) throw new NotFoundError("login_attempt returned no row");
    return { allowed: row.allowed, failures: row.failures, lockedUntil: row.locked_until, retryAfterSeconds: row.retry_after };
  });
}

/** pgfirst.login_succeeded: after a correct password; clears the username's failures. */
export async function loginSucceeded(sql: Sql, username: string, opts: Omit<LoginOptions, "now"> = {}): Promise<void> {
  await mapErrors(
    () => sql`
    select pgfirst.login_succeeded(username => ${username}::text, ip => ${opts.ip ?? null}::inet, tenant => ${opts.tenant ?? ""}::text)`,
  );
}

/** pgfirst.login_unlock (admin): lifts the username's locks and failures; true when there were any. */
export async function loginUnlock(sql: Sql, username: string, opts: { tenant?: string } = {}): Promise<boolean> {
  return mapErrors(async () => {
    const [row] = await sql<
      { ok: boolean }[]
    >`select pgfirst.login_unlock(username => ${username}::text, tenant => ${opts.tenant ?? ""}::text) as ok`;
    return row?.ok ?? false;
  });
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
  const attempt = await loginAttempt(sql, login.username, login);
  if (!attempt.allowed) {
    return { ok: false, reason: "locked", retryAfterSeconds: attempt.retryAfterSeconds ?? 0, lockedUntil: attempt.lockedUntil };
  }
  const user = await checkPassword();
  if (user === null || user === undefined || user === false) {
    return { ok: false, reason: "invalid", lockedUntil: attempt.lockedUntil };
  }
  await loginSucceeded(sql, login.username, login);
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
  tenant?: string | ((req: Req) => string);
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
    const tenant = typeof opts.tenant === "function" ? opts.tenant(req) : (opts.tenant ?? "");
    const hitOpts: RateLimitOptions = { tenant };
    if (opts.cost) hitOpts.cost = opts.cost(req);
    rateLimitHit(opts.sql, key, opts.maxHits, perText, hitOpts).then((r) => {
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
