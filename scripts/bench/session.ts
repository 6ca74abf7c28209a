/**
 * Sessions: session_get (the per-request read; touches at most once per
 * session.touch_interval, so nearly every read writes nothing) and session_patch (a write)
 * against SELECT 1 and Redis GET / SET EX of a session-sized JSON value, interleaved.
 * Every contender uses ONE connection (pipelined at c8/c32), like the ceiling's SELECT 1.
 */
import { readFileSync } from "node:fs";
import type { BenchSuite } from "./harness.ts";

const SESSIONS = 1000;
const data = { userId: "bench-user", csrf: "x".repeat(43), cart: [1, 2, 3], flash: null, prefs: { theme: "dark", lang: "en" } };

const suite: BenchSuite = {
  name: "session",
  title: "sessions: session_get / session_patch vs SELECT 1 and Redis GET / SET EX",
  async plan(ctx) {
    const pg = ctx.pg(1);
    const tokens: string[] = [];
    const redisKeys = Array.from({ length: SESSIONS }, (_, i) => `pgfirst:bench:sess:${i}`);
    const json = JSON.stringify(data);
    return {
      contenders: [
        { name: "SELECT 1", kind: "ceiling", op: () => pg`select 1` },
        {
          name: "session_get",
          kind: "pgfirst",
          setup: async () => {
            const rows = await pg<{ token: string }[]>`
              select pgfirst.session_create(user_id => 'bench-' || i, data => ${json}::text::jsonb, tenant => 'bench') as token
                from generate_series(1, ${SESSIONS}::int) i`;
            tokens.push(...rows.map((r) => r.token));
          },
          op: ({ seq }) => pg`select * from pgfirst.session_get(token => ${tokens[seq % SESSIONS]!}::text)`,
          note: `${SESSIONS} sessions of ${json.length} bytes, random-ish token per op; touch interval at its default (1 minute)`,
        },
        {
          name: "session_get (before #16)",
          kind: "pgfirst",
          setup: async () => {
            await pg.unsafe(readFileSync(new URL("./old/session_get.sql", import.meta.url), "utf8"));
          },
          op: ({ seq }) => pg`select * from pgfirst_bench_old.session_get(token => ${tokens[seq % SESSIONS]!}::text)`,
          teardown: async () => {
            await pg`drop schema if exists pgfirst_bench_old cascade`;
          },
          note: "session_get as before issue 16 (scripts/bench/old/session_get.sql), same sessions",
        },
        {
          name: "session_patch",
          kind: "pgfirst",
          op: ({ seq }) =>
            pg`select pgfirst.session_patch(token => ${tokens[seq % SESSIONS]!}::text, patch => ${JSON.stringify({ n: seq })}::text::jsonb)`,
        },
        {
          name: "Redis GET",
          kind: "redis",
          setup: async () => {
            const p = ctx.redis!.pipeline();
            for (const k of redisKeys) p.set(k, json, "EX", 7200);
            await p.exec();
          },
          op: ({ seq }) => ctx.redis!.get(redisKeys[seq % SESSIONS]!),
          teardown: async () => {
            await ctx.redis!.del(...redisKeys);
          },
        },
        { name: "Redis SET EX", kind: "redis", op: ({ seq }) => ctx.redis!.set(redisKeys[seq % SESSIONS]!, json, "EX", 7200) },
      ],
      baselines: [
        { contender: "SELECT 1", metric: "ops@32", label: "c32 ÷ SELECT 1" },
        { contender: "SELECT 1", metric: "p50", label: "c1 p50 ÷ SELECT 1" },
        { contender: "session_get (before #16)", metric: "ops@32", label: "c32 ÷ before #16" },
        { contender: "Redis GET", metric: "ops@32", label: "c32 ÷ Redis GET" },
      ],
      targets: [
        { contender: "session_get", metric: "ops@32", baseline: "SELECT 1", min: 0.8, label: "session_get c32 throughput ≥ 0.8× SELECT 1" },
        { contender: "session_get", metric: "p50", baseline: "SELECT 1", max: 2, label: "session_get c1 p50 ≤ 2× SELECT 1" },
      ],
      notes: ["one postgres.js connection and one ioredis connection for every contender (pipelined at c8/c32)"],
      cleanup: async () => {
        await pg`select pgfirst.session_clear(tenant => 'bench')`;
      },
    };
  },
};

export default suite;
