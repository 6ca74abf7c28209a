/**
 * Rate limits: rate_limit_hit over 1,000 keys and on ONE hot key against SELECT 1 and the
 * Redis INCR+EXPIRE pipeline (the Lua-free fixed-window counter), interleaved.
 * "rate_limit_hit" and "SELECT 1" use one connection (pipelined); "hot key pool" uses a pool
 * with one connection per op in flight, so 32 backends really queue on the key's row lock.
 */
import type { BenchSuite } from "./harness.ts";

const KEYS = 1000;

const suite: BenchSuite = {
  name: "ratelimit",
  title: "rate limits: rate_limit_hit (GCRA) vs SELECT 1 and Redis INCR+EXPIRE",
  async plan(ctx) {
    const pg = ctx.pg(1);
    const pools = new Map([1, 8, 32].map((n) => [n, ctx.pg(n)]));
    // limits high enough that hits are allowed (an allowed hit is the write path)
    const hit = (sql: typeof pg, key: string) =>
      sql`select * from pgfirst.rate_limit_hit(key => ${key}::text, max_hits => 1000000::int, per => '1 second'::interval, tenant => 'bench'::text)`;
    return {
      contenders: [
        { name: "SELECT 1", kind: "ceiling", op: () => pg`select 1` },
        { name: "SELECT 1 pool", kind: "ceiling", op: ({ inFlight }) => pools.get(inFlight)!`select 1` },
        {
          name: "rate_limit_hit",
          kind: "pgfirst",
          op: ({ seq }) => hit(pg, `k${seq % KEYS}`),
          note: `${KEYS} keys in turn; one connection`,
        },
        {
          name: "hot key pool",
          kind: "pgfirst",
          op: ({ inFlight }) => hit(pools.get(inFlight)!, "hot"),
          note: "one key; pool of max = in-flight connections",
        },
        {
          name: "Redis INCR+EXPIRE",
          kind: "redis",
          op: async ({ seq }) => {
            const k = `pgfirst:bench:rl:${seq % KEYS}`;
            await ctx.redis!.pipeline().incr(k).expire(k, 60).exec();
          },
          teardown: async () => {
            const p = ctx.redis!.pipeline();
            for (let i = 0; i < KEYS; i++) p.del(`pgfirst:bench:rl:${i}`);
            await p.exec();
          },
        },
      ],
      baselines: [
        { contender: "SELECT 1", metric: "ops@32", label: "c32 ÷ SELECT 1" },
        { contender: "SELECT 1", metric: "p50", label: "c1 p50 ÷ SELECT 1" },
        { contender: "Redis INCR+EXPIRE", metric: "ops@32", label: "c32 ÷ Redis" },
      ],
      targets: [
        {
          contender: "rate_limit_hit",
          metric: "ops@32",
          baseline: "SELECT 1",
          min: 0.8,
          label: "rate_limit_hit c32 throughput ≥ 0.8× SELECT 1",
        },
        { contender: "hot key pool", metric: "ops@32", min: 10000, label: "one hot key ≥ 10k hits/s at c32" },
        { contender: "rate_limit_hit", metric: "p50", baseline: "SELECT 1", max: 2, label: "rate_limit_hit c1 p50 ≤ 2× SELECT 1" },
      ],
      notes: ["allowed hits throughout (max_hits 1,000,000 per second): every op is the upsert path"],
      cleanup: async () => {
        await pg`delete from pgfirst_private.rate_limit where tenant = 'bench'`;
      },
    };
  },
};

export default suite;
