import { loginAttempt, loginUnlock, rateLimitHit } from "../rateLimit.ts";
import {
  sessionCreate,
  sessionDestroy,
  sessionDestroyUser,
  sessionGet,
  sessionList,
  sessionPatch,
  sessionRotate,
  sessionSet,
} from "../session.ts";
import type { DemoSection } from "./types.ts";

export const sessionDemo: DemoSection = {
  title: "Sessions, rate limits and login throttling",
  async run({ sql, out }) {
    const [installed] = await sql<{ ok: boolean }[]>`
      select to_regprocedure('pgfirst.session_create(text, jsonb, text, interval, interval, timestamptz)') is not null
         and to_regprocedure('pgfirst.login_attempt(text, inet, text, timestamptz)') is not null as ok`;
    if (!installed?.ok) {
      // only before the module's migration is committed (migrate applies committed migrations)
      out.line("sessions and rate limits are not installed in this database (their migration is not applied yet)");
      out.result({ installed: false });
      return;
    }
    const tenant = "demo";
    const user = `demo-user-${Date.now()}`;
    const token = await sessionCreate(sql, user, { tenant, data: { theme: "dark" } });
    out.line(`session_create → token ${token.slice(0, 8)}… (${token.length} chars; only its sha256 is stored)`);
    await sessionPatch(sql, token, { cart: [42], theme: null });
    out.line(`session_patch {cart:[42], theme:null} → data ${JSON.stringify((await sessionGet(sql, token))?.data)}`);
    const rotated = await sessionRotate(sql, token);
    out.line(
      `session_rotate → old token finds ${(await sessionGet(sql, token)) ? "a session (!)" : "nothing"}, new token works: ${Boolean(rotated && (await sessionGet(sql, rotated)))}`,
    );
    const second = await sessionCreate(sql, user, { tenant });
    out.table(
      (await sessionList(sql, user, { tenant })).map((s) => ({
        session_id: s.sessionId,
        last_seen_at: s.lastSeenAt,
        expires_at: s.expiresAt,
      })),
    );
    out.line(
      `session_destroy_user (except the current one) → ${await sessionDestroyUser(sql, user, { tenant, exceptToken: rotated ?? "" })} ended`,
    );
    await sessionDestroy(sql, rotated ?? second);
    out.line(
      `after session_destroy a late session_set returns ${await sessionSet(sql, rotated ?? second, { late: true })}: destroy is final`,
    );

    out.heading("rate_limit_hit: 5 per 10 seconds, 7 hits at once (GCRA)");
    const key = `demo:${Date.now()}`;
    const hits = [];
    for (let i = 1; i <= 7; i++) {
      const r = await rateLimitHit(sql, key, 5, "10 seconds", { tenant });
      hits.push({
        hit: i,
        allowed: r.allowed,
        remaining: r.remaining,
        retry_after_s: r.retryAfterSeconds,
        reset_after_s: r.resetAfterSeconds,
      });
    }
    out.table(hits);

    out.heading("login_attempt: default policy (5 failures per 15 minutes lock the username)");
    const who = `mallory-${Date.now()}@example.com`;
    const attempts = [];
    for (let i = 1; i <= 6; i++) {
      const a = await loginAttempt(sql, i % 2 ? who.toUpperCase() : ` ${who} `, { ip: "192.0.2.10", tenant });
      attempts.push({
        attempt: i,
        allowed: a.allowed,
        failures: a.failures,
        locked_until: a.lockedUntil,
        retry_after_s: a.retryAfterSeconds,
      });
    }
    out.table(attempts);
    out.line(`(the username was spelled in two cases and with spaces: one counter)`);
    out.line(`login_unlock → ${await loginUnlock(sql, who, { tenant })}`);
    out.result({ sessions: { rotated: Boolean(rotated) }, rateLimit: hits, login: attempts });
  },
};
