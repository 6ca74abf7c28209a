/**
 * The round-trip ceiling every other suite is compared with: `SELECT 1` through postgres.js
 * and Redis `PING` through ioredis, interleaved.
 *
 * - "SELECT 1" (the baseline other suites name): ONE connection at every level; at c8/c32
 *   postgres.js pipelines the in-flight queries on it (up to its max_pipeline of 100).
 * - "SELECT 1 pool": a pool with one connection per op in flight (1/8/32), i.e. one backend
 *   per in-flight query: what an app with a per-request connection pool sees.
 * - "Redis PING": one ioredis connection; in-flight commands are pipelined on it.
 */
import type { BenchSuite } from "./harness.ts";

const ceiling: BenchSuite = {
  name: "ceiling",
  title: "round-trip ceiling: SELECT 1 (postgres.js) vs Redis PING (ioredis)",
  async plan(ctx) {
    const one = ctx.pg(1);
    const pools = new Map([1, 8, 32].map((n) => [n, ctx.pg(n)]));
    return {
      contenders: [
        { name: "SELECT 1", kind: "ceiling", op: () => one`select 1`, note: "one connection; pipelined at c8/c32" },
        {
          name: "SELECT 1 pool",
          kind: "ceiling",
          op: ({ inFlight }) => pools.get(inFlight)!`select 1`,
          note: "pool of max = in-flight connections (1/8/32)",
        },
        { name: "Redis PING", kind: "redis", op: () => ctx.redis!.ping(), note: "one ioredis connection; pipelined at c8/c32" },
      ],
      baselines: [
        { contender: "SELECT 1", metric: "ops@32", label: "c32 ÷ SELECT 1" },
        { contender: "Redis PING", metric: "ops@32", label: "c32 ÷ PING" },
        { contender: "Redis PING", metric: "p50", label: "c1 p50 ÷ PING" },
      ],
    };
  },
};

export default ceiling;
