/**
 * Hot-path settings as planner constants (sql/functions/_internal/hot_settings.sql): a change
 * made with setting_set in one session reaches the cached plans of cache_get, cache_get_many
 * and session_get in ANOTHER session at its next call, as the join on the setting table did.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("hot settings", () => {
  it("cache.stats_sample_rate changed in one session applies to the next cache_get / cache_get_many of another", async () => {
    const [reader] = await db.connected(1);
    const admin = db.sql;
    await admin`select pgfirst.setting_set('cache.stats_sample_rate', '0')`;
    await admin`select pgfirst.cache_set('hs', 'k', '1'::jsonb)`;
    const stats = async () => {
      const [r] = await admin<
        { hits: number }[]
      >`select coalesce(sum(hits), 0)::int as hits from pgfirst.cache_stats() where namespace = 'hs'`;
      return r!.hits;
    };
    // warm the reader's cached plans (custom plans first, then the generic one) at rate 0
    for (let i = 0; i < 8; i++) {
      await reader!`select pgfirst.cache_get('hs', 'k')`;
      await reader!`select * from pgfirst.cache_get_many('hs', array['k'])`;
    }
    expect(await stats()).toBe(0);
    await admin`select pgfirst.setting_set('cache.stats_sample_rate', '1')`;
    for (let i = 0; i < 3; i++) await reader!`select pgfirst.cache_get('hs', 'k')`;
    expect(await stats()).toBe(3);
    for (let i = 0; i < 2; i++) await reader!`select * from pgfirst.cache_get_many('hs', array['k'])`;
    expect(await stats()).toBe(5);
    await admin`select pgfirst.setting_set('cache.stats_sample_rate', null)`; // reset: back to the default
    const [d] = await admin<{ r: number }[]>`select pgfirst_private.hot_cache_stats_sample_rate() as r`;
    expect(d!.r).toBe(0.01);
  });

  it("session.touch_interval changed in one session applies to the next session_get of another", async () => {
    const [reader] = await db.connected(1);
    const admin = db.sql;
    const t0 = new Date("2030-01-01T00:00:00Z");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    const [c] = await admin<{ token: string }[]>`select pgfirst.session_create(user_id => 'u', now => ${t0}) as token`;
    const seen = async (s: number) => {
      const [r] = await reader!<{ last_seen_at: Date }[]>`select last_seen_at from pgfirst.session_get(${c!.token}, ${at(s)})`;
      return r!.last_seen_at.getTime() - t0.getTime();
    };
    for (let s = 1; s <= 8; s++) expect(await seen(s)).toBe(0); // default 1 minute: no touch
    await admin`select pgfirst.setting_set('session.touch_interval', '"2 seconds"')`;
    expect(await seen(9)).toBe(9000);
    expect(await seen(10)).toBe(9000); // within 2 s of the last touch
    expect(await seen(12)).toBe(12000);
    await admin`select pgfirst.setting_set('session.touch_interval', null)`;
    expect(await seen(13)).toBe(12000);
    const [d] = await admin<{ i: string }[]>`select pgfirst_private.hot_session_touch_interval()::text as i`;
    expect(d!.i).toBe("00:01:00");
  });

  it("the generated bodies hold only a typed constant, whatever the interval style", async () => {
    await db.sql.begin(async (tx) => {
      await tx`set local intervalstyle = 'sql_standard'`;
      await tx`select pgfirst.setting_set('session.touch_interval', '"03:00:00.25"')`;
    });
    const [r] = await db.sql<{ i: string; src: string }[]>`
      select pgfirst_private.hot_session_touch_interval()::text as i,
             (select prosrc from pg_proc where oid = 'pgfirst_private.hot_session_touch_interval()'::regprocedure) as src`;
    expect(r!.i).toBe("03:00:00.25");
    expect(r!.src).toMatch(/^select pg_catalog\.make_interval\(0, 0, 0, 0, 0, 0, [0-9.]+\)$/);
    await db.sql`select pgfirst.setting_set('session.touch_interval', null)`;
  });
});
