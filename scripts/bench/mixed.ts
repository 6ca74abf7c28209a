/**
 * Mixed workload: what one application process asks of pgfirst when it serves the seed
 * app's pages (examples/django: the session middleware on every request, cached reads on
 * every page, rate-limited API calls, Select2 typing in the people dropdown, orders that
 * enqueue jobs), as ONE stream of operations drawn at random in fixed proportions:
 *
 *   session_get 30 % · cache_get 30 % · rate_limit_hit 20 % · dropdown_search 10 % · job_enqueue 10 %
 *
 * (the mix and why: docs/benchmarks.md, "mixed"). Interleaved with
 * SELECT 1 on the same single pipelined connection; a second row runs the same mix over a
 * pool of 8 connections (what a web app with a pool sees). Reports ops/s and the ratio to
 * SELECT 1. Target (issue 16): ≥ 20,000 ops/s on this machine.
 */
import { installDropdownDemo } from "../../src/demo/dropdown.ts";
import type { BenchSuite, Contender } from "./harness.ts";
import type postgres from "postgres";

const SESSIONS = 1000;
const KEYS = 10_000;
const NS = "bench_mixed";
const TERMS = ["müll", "jo", "an", "sch", "ber", "mar", "zim", "kl"];
const sessionData = { userId: "bench-user", csrf: "x".repeat(43), cart: [1, 2, 3], prefs: { theme: "dark", lang: "en" } };

/** The mix: [name, weight]; weights sum to 10. */
export const MIX = [
  ["session_get", 3],
  ["cache_get", 3],
  ["rate_limit_hit", 2],
  ["dropdown_search", 1],
  ["job_enqueue", 1],
] as const;

const suite: BenchSuite = {
  name: "mixed",
  title: "mixed workload: sessions + cache + rate limits + dropdown search + enqueue in the seed app's proportions",
  async plan(ctx) {
    const one = ctx.pg(1);
    const pool = ctx.pg(8);
    ctx.log("mixed: sessions, cache keys and the dropdown demo (scale 1)…");
    const tokens = (
      await one<{ token: string }[]>`
        select pgfirst.session_create(user_id => 'bench-' || i, data => ${JSON.stringify(sessionData)}::text::jsonb, tenant => 'bench') as token
          from generate_series(1, ${SESSIONS}::int) i`
    ).map((r) => r.token);
    await one`select pgfirst.cache_set_many(namespace => ${NS}::text, entries => (
                select jsonb_object_agg('page:' || i, jsonb_build_object('id', i, 'title', 'page ' || i, 'body', repeat('x', 150)))
                  from generate_series(0, ${KEYS - 1}::int) i), ttl => '1 hour'::interval)`;
    await installDropdownDemo(one, 1);
    await one`select pgfirst.refresh_materialized_views()`;
    await one`truncate pgfirst_private.job`;

    const table: string[] = MIX.flatMap(([name, w]) => Array.from({ length: w }, () => name));
    const mixOp = (sql: postgres.Sql) => {
      let n = 0;
      return ({ seq, worker }: { seq: number; worker: number }) => {
        const i = (seq * 7919 + worker * 104729 + n++) >>> 0;
        switch (table[Math.floor(Math.random() * table.length)]) {
          case "session_get":
            return sql`select * from pgfirst.session_get(token => ${tokens[i % SESSIONS]!}::text)`;
          case "cache_get":
            return sql`select pgfirst.cache_get(namespace => ${NS}::text, key => ${`page:${i % KEYS}`}::text)`;
          case "rate_limit_hit":
            return sql`select * from pgfirst.rate_limit_hit(key => ${`ip:${i % 1000}`}::text, max_hits => 1000000::int, per => '1 second'::interval, tenant => 'bench'::text)`;
          case "dropdown_search":
            return sql`select pgfirst.dropdown_search(name => 'people'::text, tenant => 'acme'::text, term => ${TERMS[i % TERMS.length]!}::text, page_size => 10) as p`;
          default:
            return sql`select pgfirst.job_enqueue(task => 'bench.mixed', payload => ${sql.json({ order: i })}::jsonb)`;
        }
      };
    };
    const contenders: Contender[] = [
      { name: "SELECT 1", kind: "ceiling", op: () => one`select 1`, note: "one connection; pipelined at c8/c32" },
      { name: "mixed", kind: "pgfirst", op: mixOp(one), note: "one connection; pipelined at c8/c32" },
      { name: "SELECT 1 pool of 8", kind: "ceiling", op: () => pool`select 1` },
      { name: "mixed, pool of 8", kind: "pgfirst", op: mixOp(pool), note: "pool of 8 connections" },
    ];
    return {
      contenders,
      baselines: [{ contender: "SELECT 1", metric: "ops@32", label: "c32 ÷ SELECT 1" }],
      targets: [{ contender: "mixed", metric: "ops@32", min: 20_000, label: "mixed ≥ 20,000 ops/s (c32)" }],
      notes: [
        `mix per 10 ops: ${MIX.map(([n, w]) => `${n} ${w}`).join(", ")}; ${SESSIONS} sessions, ${KEYS} cache keys (~200 B), 1000 rate-limit keys, people dropdown of the demo (scale 1, tenant acme), job_enqueue with synchronous commit`,
      ],
      cleanup: async () => {
        await one`select pgfirst.session_clear(tenant => 'bench')`.catch(() => {});
        await one`select pgfirst.cache_clear(namespace => ${NS}::text)`.catch(() => {});
        await one`truncate pgfirst_private.job`.catch(() => {});
      },
    };
  },
};

export default suite;
