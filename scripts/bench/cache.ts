/**
 * Cache suite: pgfirst.cache_* against the round-trip ceiling (SELECT 1), a naive
 * single-statement SQL cache on an UNLOGGED table (what you would write by hand, without
 * validation, policies, leases or stats), and Redis (GET, SET EX, MGET, pipelined SET EX).
 *
 * Data: 100,000 keys with ~200-byte JSON values in each store; reads pick a random key,
 * batches 100 random keys. Every PostgreSQL contender shares ONE postgres.js connection
 * (pipelined at c8/c32, like the one ioredis connection Redis gets).
 */
import { readFileSync } from "node:fs";
import { NearCache } from "../../src/nearCache.ts";
import type { BenchSuite, Contender } from "./harness.ts";

/** The pre-issue-16 function bodies (scripts/bench/old), for side-by-side rows. */
const oldSql = (name: string) => readFileSync(new URL(`./old/${name}.sql`, import.meta.url), "utf8");
const HOT = 100;

const KEYS = 100_000;
const BATCH = 100;
const NS = "bench";
const REDIS_PREFIX = "pgfirst:bench:cache:";
const NAIVE = "pgfirst_bench_naive_cache";

const keyOf = (i: number) => `user:${i}`;
/** ~200 bytes as JSON text. */
const valueOf = (i: number) => ({
  id: i,
  name: `user ${i}`,
  email: `user${i}@example.com`,
  plan: "pro",
  flags: [1, 2, 3],
  bio: "x".repeat(120),
});
const randomKey = () => keyOf(Math.floor(Math.random() * KEYS));
const randomKeys = () => Array.from({ length: BATCH }, randomKey);
function randomEntries(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let n = 0; n < BATCH; n++) {
    const i = Math.floor(Math.random() * KEYS);
    out[keyOf(i)] = valueOf(i);
  }
  return out;
}

const cache: BenchSuite = {
  name: "cache",
  title: "cache: pgfirst.cache_* vs SELECT 1, a naive SQL cache on an UNLOGGED table, and Redis",
  async plan(ctx) {
    const one = ctx.pg(1);
    const redis = ctx.redis;

    ctx.log(`cache: loading ${KEYS} keys into pgfirst, the naive table${redis ? " and Redis" : ""}…`);
    await one.unsafe(`drop table if exists public.${NAIVE}`);
    await one.unsafe(`create unlogged table public.${NAIVE} (key text primary key, value jsonb not null, expires_at timestamptz)`);
    await one`select pgfirst.cache_clear(namespace => ${NS}::text)`;
    for (let start = 0; start < KEYS; start += 1000) {
      const chunk: Record<string, unknown> = {};
      for (let i = start; i < start + 1000; i++) chunk[keyOf(i)] = valueOf(i);
      const json = one.json(chunk as never);
      await one`select pgfirst.cache_set_many(namespace => ${NS}::text, entries => ${json}::jsonb, ttl => '1 hour'::interval)`;
      await one.unsafe(
        `insert into public.${NAIVE} (key, value, expires_at) select key, value, now() + interval '1 hour' from jsonb_each($1::jsonb)`,
        [json as never],
      );
      if (redis) {
        const p = redis.pipeline();
        for (let i = start; i < start + 1000; i++) p.set(REDIS_PREFIX + keyOf(i), JSON.stringify(valueOf(i)), "EX", 3600);
        await p.exec();
      }
    }
    await one.unsafe(`analyze public.${NAIVE}`);
    await one`analyze pgfirst_private.cache_entry`;
    await one.unsafe(oldSql("cache_get"));
    await one.unsafe(oldSql("cache_get_many"));
    // the near cache: its own pool (LISTEN needs one), hot keys = the first HOT keys
    const near = new NearCache(ctx.pg(2), { maxStaleMs: 5000 });
    await near.start();
    const [size] = await one<{ bytes: string }[]>`select pg_total_relation_size('pgfirst_private.cache_entry') as bytes`;

    // The naive baseline: the shortest correct single statements, as prepared statements.
    const naiveGet = (k: string) =>
      one`select value from public.pgfirst_bench_naive_cache where key = ${k} and (expires_at is null or expires_at > now())`;
    const naiveSet = (k: string, v: unknown) =>
      one`insert into public.pgfirst_bench_naive_cache (key, value, expires_at) values (${k}, ${one.json(v as never)}::jsonb, now() + interval '5 minutes')
          on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at`;
    const naiveMget = (ks: string[]) =>
      one`select key, value from public.pgfirst_bench_naive_cache where key = any(${ks}::text[]) and (expires_at is null or expires_at > now())`;
    const naiveMset = (e: Record<string, unknown>) =>
      one`insert into public.pgfirst_bench_naive_cache (key, value, expires_at)
          select key, value, now() + interval '5 minutes' from jsonb_each(${one.json(e as never)}::jsonb)
          on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at`;

    const contenders: Contender[] = [
      { name: "SELECT 1", kind: "ceiling", op: () => one`select 1` },
      // single-key reads
      {
        name: "cache_get",
        kind: "pgfirst",
        op: () => one`select pgfirst.cache_get(namespace => ${NS}::text, key => ${randomKey()}::text)`,
      },
      {
        name: "cache_get (before #16)",
        kind: "pgfirst",
        op: () => one`select pgfirst_bench_old.cache_get(namespace => ${NS}::text, key => ${randomKey()}::text)`,
      },
      {
        name: `near cache get (${HOT} hot keys)`,
        kind: "pgfirst",
        op: () => near.get(NS, keyOf(Math.floor(Math.random() * HOT))),
        note: `NearCache (TS, in process) over ${HOT} hot keys, maxStaleMs 5000: a miss costs one cache_get`,
      },
      { name: "naive GET (unlogged table)", kind: "peer", op: () => naiveGet(randomKey()) },
      { name: "Redis GET", kind: "redis", op: () => redis!.get(REDIS_PREFIX + randomKey()) },
      // single-key writes
      {
        name: "cache_set",
        kind: "pgfirst",
        op: () => {
          const i = Math.floor(Math.random() * KEYS);
          return one`select pgfirst.cache_set(namespace => ${NS}::text, key => ${keyOf(i)}::text, value => ${one.json(valueOf(i))}::jsonb, ttl => '5 minutes'::interval)`;
        },
      },
      {
        name: "naive SET (unlogged table)",
        kind: "peer",
        op: () => {
          const i = Math.floor(Math.random() * KEYS);
          return naiveSet(keyOf(i), valueOf(i));
        },
      },
      {
        name: "Redis SET EX",
        kind: "redis",
        op: () => {
          const i = Math.floor(Math.random() * KEYS);
          return redis!.set(REDIS_PREFIX + keyOf(i), JSON.stringify(valueOf(i)), "EX", 300);
        },
      },
      // batches of 100
      {
        name: "cache_get_many(100)",
        kind: "pgfirst",
        itemsPerOp: BATCH,
        op: () => one`select key, value from pgfirst.cache_get_many(namespace => ${NS}::text, keys => ${randomKeys()}::text[])`,
      },
      {
        name: "cache_get_many(100) (before #16)",
        kind: "pgfirst",
        itemsPerOp: BATCH,
        op: () => one`select key, value from pgfirst_bench_old.cache_get_many(namespace => ${NS}::text, keys => ${randomKeys()}::text[])`,
      },
      { name: "naive MGET(100)", kind: "peer", itemsPerOp: BATCH, op: () => naiveMget(randomKeys()) },
      { name: "Redis MGET(100)", kind: "redis", itemsPerOp: BATCH, op: () => redis!.mget(randomKeys().map((k) => REDIS_PREFIX + k)) },
      {
        name: "cache_set_many(100)",
        kind: "pgfirst",
        itemsPerOp: BATCH,
        op: () =>
          one`select pgfirst.cache_set_many(namespace => ${NS}::text, entries => ${one.json(randomEntries() as never)}::jsonb, ttl => '5 minutes'::interval)`,
      },
      { name: "naive SET many(100)", kind: "peer", itemsPerOp: BATCH, op: () => naiveMset(randomEntries()) },
      {
        name: "Redis pipelined SET EX(100)",
        kind: "redis",
        itemsPerOp: BATCH,
        op: () => {
          const p = redis!.pipeline();
          for (const [k, v] of Object.entries(randomEntries())) p.set(REDIS_PREFIX + k, JSON.stringify(v), "EX", 300);
          return p.exec();
        },
      },
      {
        name: "cache_incr",
        kind: "pgfirst",
        op: ({ worker }) => one`select pgfirst.cache_incr(namespace => ${NS}::text, key => ${`counter:${worker}`}::text)`,
      },
      { name: "Redis INCR", kind: "redis", op: ({ worker }) => redis!.incr(`${REDIS_PREFIX}counter:${worker}`) },
    ];

    return {
      contenders,
      baselines: [
        { contender: "SELECT 1", metric: "ops@32", label: "c32 ÷ SELECT 1" },
        { contender: "Redis GET", metric: "p50", label: "c1 p50 ÷ Redis GET" },
        { contender: "naive GET (unlogged table)", metric: "ops@32", label: "c32 ÷ naive GET" },
        { contender: "Redis MGET(100)", metric: "items@32", label: "keys/s c32 ÷ Redis MGET" },
        { contender: "Redis pipelined SET EX(100)", metric: "items@32", label: "keys/s c32 ÷ Redis pipelined SET EX" },
      ],
      targets: [
        { contender: "cache_get", metric: "ops@32", baseline: "SELECT 1", min: 0.85, label: "cache_get ≥ 0.85× SELECT 1 ops/s at c32" },
        { contender: "cache_get", metric: "p50", baseline: "Redis GET", max: 1.3, label: "cache_get c1 p50 ≤ 1.3× Redis GET" },
        {
          contender: `near cache get (${HOT} hot keys)`,
          metric: "p50",
          baseline: "Redis GET",
          max: 1.3,
          label: "near cache get (hot keys) c1 p50 ≤ 1.3× Redis GET",
        },
        { contender: "cache_get", metric: "ops@32", baseline: "cache_get (before #16)", min: 1, label: "cache_get ≥ before #16 (c32)" },
        {
          contender: "cache_get_many(100)",
          metric: "items@32",
          baseline: "Redis MGET(100)",
          min: 0.6,
          label: "cache_get_many(100) ≥ 0.6× Redis MGET keys/s (c32)",
        },
        {
          contender: "cache_get_many(100)",
          metric: "items@1",
          baseline: "Redis MGET(100)",
          min: 0.6,
          label: "cache_get_many(100) ≥ 0.6× Redis MGET keys/s (c1)",
        },
        {
          contender: "cache_set_many(100)",
          metric: "items@32",
          baseline: "Redis pipelined SET EX(100)",
          min: 0.6,
          label: "cache_set_many(100) ≥ 0.6× pipelined SET EX keys/s (c32)",
        },
        {
          contender: "cache_set_many(100)",
          metric: "items@1",
          baseline: "Redis pipelined SET EX(100)",
          min: 0.6,
          label: "cache_set_many(100) ≥ 0.6× pipelined SET EX keys/s (c1)",
        },
      ],
      notes: [
        `${KEYS} keys per store, values ~200 bytes of JSON; cache table ${(Number(size?.bytes ?? 0) / 1048576).toFixed(1)} MB (UNLOGGED, fillfactor 80)`,
        "every PostgreSQL contender uses ONE postgres.js connection (prepared statements, pipelined at c8/c32); Redis one ioredis connection",
        "naive rows: plain prepared statements on an UNLOGGED table (key text primary key, value jsonb, expires_at) — no validation, tenant, policy, lease or stats",
        "cache_get records a sampled hit/miss (cache.stats_sample_rate, default 0.01)",
        "(before #16) rows: the functions as they were before issue 16 (scripts/bench/old), created in schema pgfirst_bench_old for this run",
      ],
      cleanup: async () => {
        await near.stop().catch(() => {});
        await one`drop schema if exists pgfirst_bench_old cascade`.catch(() => {});
        await one`select pgfirst.cache_clear(namespace => ${NS}::text)`.catch(() => {});
        await one.unsafe(`drop table if exists public.${NAIVE}`).catch(() => {});
        if (redis) {
          for (let start = 0; start < KEYS; start += 1000) {
            await redis.del(...Array.from({ length: 1000 }, (_, n) => REDIS_PREFIX + keyOf(start + n)));
          }
          await redis.del(...Array.from({ length: 32 }, (_, w) => `${REDIS_PREFIX}counter:${w}`));
        }
      },
    };
  },
};

export default cache;
