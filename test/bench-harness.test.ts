/**
 * The benchmark harness's logic with fake contenders and a fake clock: nothing here is
 * timed, so these tests are deterministic on a loaded machine.
 */
import { describe, expect, it } from "vitest";
import {
  computeRatios,
  evaluateTargets,
  formatResult,
  metricValue,
  percentile,
  runInterleaved,
  runOnce,
  runSuite,
  schedule,
  summarize,
  type BenchContext,
  type BenchSuite,
  type Contender,
  type Row,
} from "../scripts/bench/harness.ts";
import { loadSuite, loadSuites, suiteAvailable } from "../scripts/bench/suites.ts";

/** A clock that only moves when a fake op says so. */
function fakeClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** A contender whose op costs `costMs` of fake time and records each call. */
function fake(
  name: string,
  costMs: number,
  clock: ReturnType<typeof fakeClock>,
  calls: string[],
  extra: Partial<Contender> = {},
): Contender {
  return {
    name,
    kind: "pgfirst",
    ...extra,
    op: async (info) => {
      calls.push(`${name}@${info.inFlight}/w${info.worker}`);
      clock.advance(costMs);
    },
  };
}

function row(name: string, levels: Array<[number, number]>, p50: number, extra: Partial<Row> = {}): Row {
  return {
    name,
    kind: "pgfirst",
    itemsPerOp: 1,
    ...extra,
    levels: levels.map(([inFlight, opsPerSec]) => ({
      inFlight,
      ops: opsPerSec,
      seconds: 1,
      opsPerSec,
      itemsPerSec: opsPerSec * (extra.itemsPerOp ?? 1),
      latencyUs: { n: 1, p50: inFlight === 1 ? p50 : p50 * inFlight, p95: p50 * 2, p99: p50 * 3, mean: p50, max: p50 * 4 },
    })),
  };
}

describe("percentile and summarize", () => {
  it("uses the nearest rank of the sorted sample", () => {
    const s = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(s, 50)).toBe(50);
    expect(percentile(s, 99)).toBe(99);
    expect(percentile(s, 100)).toBe(100);
    expect(percentile(s, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 60)).toBe(30); // rank ⌈2.4⌉ = 3: never below the percentile
    expect(percentile(s.slice(0, 10), 91)).toBe(10);
    expect(percentile([], 50)).toBeNaN();
  });

  it("sorts an unsorted sample numerically before taking percentiles", () => {
    const s = summarize([900, 5, 100, 20, 3]);
    expect(s).toMatchObject({ n: 5, p50: 20, p99: 900, max: 900 });
    expect(s.mean).toBeCloseTo(205.6, 6);
  });
});

describe("schedule", () => {
  it("rotates the contenders every round, warm-up rounds first, level by level", () => {
    const slots = schedule([{ name: "a" }, { name: "b" }, { name: "c" }], [1, 8], 2, 1);
    const order = slots.map((s) => `${s.inFlight}:${s.round}:${s.contender}${s.warmup ? "*" : ""}`);
    expect(order).toEqual([
      "1:-1:a*",
      "1:-1:b*",
      "1:-1:c*",
      "1:0:b",
      "1:0:c",
      "1:0:a",
      "1:1:c",
      "1:1:a",
      "1:1:b",
      "8:-1:a*",
      "8:-1:b*",
      "8:-1:c*",
      "8:0:b",
      "8:0:c",
      "8:0:a",
      "8:1:c",
      "8:1:a",
      "8:1:b",
    ]);
  });

  it("leaves a contender out of the levels it does not take part in", () => {
    const slots = schedule([{ name: "tick", levels: [1] }, { name: "select" }], [1, 32], 1, 0);
    expect(slots.map((s) => `${s.inFlight}:${s.contender}`)).toEqual(["1:tick", "1:select", "32:select"]);
  });
});

describe("runInterleaved", () => {
  it("runs slices in the schedule's order and derives ops/s and latency from the clock", async () => {
    const clock = fakeClock();
    const calls: string[] = [];
    const rows = await runInterleaved([fake("fast", 1, clock, calls), fake("slow", 2, clock, calls)], [1], {
      durationMs: 20,
      sliceMs: 10,
      warmupRounds: 1,
      clock: clock.now,
    });
    // Warm-up round (fast, slow), then round 0 (slow, fast), round 1 (fast, slow): 10 ms each.
    const slice = (name: string, n: number) => Array<string>(n).fill(`${name}@1/w0`);
    expect(calls).toEqual([
      ...slice("fast", 10),
      ...slice("slow", 5), // warm-up
      ...slice("slow", 5),
      ...slice("fast", 10), // round 0, rotated
      ...slice("fast", 10),
      ...slice("slow", 5), // round 1
    ]);
    expect(calls.filter((c) => c.startsWith("fast")).length).toBe(30); // 3 slices × 10 ops
    expect(calls.filter((c) => c.startsWith("slow")).length).toBe(15); // 3 slices × 5 ops
    const [fast, slow] = rows;
    expect(fast!.levels[0]).toMatchObject({ inFlight: 1, ops: 20, seconds: 0.02, opsPerSec: 1000 });
    expect(slow!.levels[0]).toMatchObject({ inFlight: 1, ops: 10, seconds: 0.02, opsPerSec: 500 });
    expect(fast!.levels[0]!.latencyUs).toMatchObject({ n: 20, p50: 1000, p99: 1000 });
    expect(slow!.levels[0]!.latencyUs).toMatchObject({ n: 10, p50: 2000, p99: 2000 });
  });

  it("keeps N loops in flight and multiplies items per op", async () => {
    const clock = fakeClock();
    const calls: string[] = [];
    const rows = await runInterleaved([fake("batch", 1, clock, calls, { itemsPerOp: 100 })], [8], {
      durationMs: 10,
      sliceMs: 10,
      warmupRounds: 0,
      clock: clock.now,
    });
    expect(new Set(calls)).toEqual(new Set(Array.from({ length: 8 }, (_, w) => `batch@8/w${w}`)));
    const level = rows[0]!.levels[0]!;
    expect(level.inFlight).toBe(8);
    expect(level.itemsPerSec).toBeCloseTo(level.opsPerSec * 100, 6);
  });

  it("skips redis contenders without calling them when Redis is unavailable", async () => {
    const clock = fakeClock();
    const calls: string[] = [];
    const rows = await runInterleaved([fake("pg", 1, clock, calls), fake("GET", 1, clock, calls, { kind: "redis" })], [1], {
      durationMs: 5,
      sliceMs: 5,
      clock: clock.now,
      redisUnavailable: "no Redis",
    });
    expect(calls.some((c) => c.startsWith("GET"))).toBe(false);
    expect(rows[1]).toMatchObject({ name: "GET", skipped: "no Redis", levels: [] });
    expect(rows[0]!.skipped).toBeUndefined();
  });

  it("names the contender whose op throws", async () => {
    const bad: Contender = {
      name: "broken",
      kind: "pgfirst",
      op: async () => {
        throw new Error("boom");
      },
    };
    await expect(runInterleaved([bad], [1], { durationMs: 1, sliceMs: 1, clock: fakeClock().now })).rejects.toThrow(/broken.*boom/);
  });
});

describe("ratios and targets", () => {
  const rows: Row[] = [
    row(
      "SELECT 1",
      [
        [1, 10_000],
        [32, 40_000],
      ],
      50,
    ),
    row(
      "cache_get",
      [
        [1, 8_000],
        [32, 36_000],
      ],
      60,
    ),
    row(
      "cache_get_many(100)",
      [
        [1, 1_000],
        [32, 2_000],
      ],
      400,
      { itemsPerOp: 100 },
    ),
    { name: "Redis GET", kind: "redis", itemsPerOp: 1, skipped: "no Redis", levels: [] },
  ];

  it("divides each row's metric by the baseline's, null where a figure is missing", () => {
    const [byC32, byRedis] = computeRatios(rows, [
      { contender: "SELECT 1", metric: "ops@32" },
      { contender: "Redis GET", metric: "p50", label: "p50 ÷ GET" },
    ]);
    expect(byC32!.label).toBe("ops@32 ÷ SELECT 1");
    expect(byC32!.values).toEqual({ "SELECT 1": 1, cache_get: 0.9, "cache_get_many(100)": 0.05, "Redis GET": null });
    expect(byRedis!.label).toBe("p50 ÷ GET");
    expect(Object.values(byRedis!.values).every((v) => v === null)).toBe(true);
  });

  it("reads items@N, p99 and rate from the right place", () => {
    expect(metricValue(rows[2]!, "items@32")).toBe(200_000);
    expect(metricValue(rows[1]!, "p99")).toBe(180);
    expect(metricValue(rows[1]!, "ops@8")).toBeNull();
    expect(metricValue(rows[1]!, "rate")).toBeNull();
  });

  it("marks targets met, missed, or n/a when a side is missing", () => {
    const results = evaluateTargets(rows, [
      { contender: "cache_get", metric: "ops@32", baseline: "SELECT 1", min: 0.85 },
      { contender: "cache_get", metric: "p50", baseline: "SELECT 1", max: 1.1 },
      { contender: "cache_get", metric: "p50", baseline: "Redis GET", max: 1.3 },
      { contender: "cache_get_many(100)", metric: "items@32", baseline: "SELECT 1", baselineMetric: "ops@32", min: 6 },
      { contender: "cache_get", metric: "p50", max: 100, label: "cache_get p50 ≤ 100 µs" },
    ]);
    expect(results.map((r) => r.met)).toEqual([true, false, null, false, true]);
    expect(results[0]!.value).toBeCloseTo(0.9, 9);
    expect(results[1]!.value).toBeCloseTo(1.2, 9);
    expect(results[3]!.value).toBe(5);
    expect(results[4]!.value).toBe(60);
    expect(results[0]!.label).toBe("cache_get ops@32 ÷ SELECT 1 ops@32 ≥ 0.85");
    expect(results[4]!.label).toBe("cache_get p50 ≤ 100 µs");
  });

  it("rejects a ratio that names an unknown contender", () => {
    expect(() => computeRatios(rows, [{ contender: "nope", metric: "p50" }])).toThrow(/nope/);
  });
});

describe("one-off measurements and whole suites", () => {
  it("turns a one-off into a rate and a latency summary", async () => {
    const clock = fakeClock();
    const timed = await runOnce(
      {
        name: "drain",
        kind: "pgfirst",
        unit: "jobs",
        run: async () => {
          clock.advance(400);
          return { items: 20_000 };
        },
      },
      { clock: clock.now },
    );
    expect(timed.once).toMatchObject({ items: 20_000, unit: "jobs", ms: 400, rate: 50_000, latencyUs: null });
    expect(metricValue(timed, "rate")).toBe(50_000);
    const given = await runOnce(
      { name: "latency", kind: "pgfirst", run: async () => ({ items: 4, ms: 2000, latenciesUs: [40, 10, 30, 20] }) },
      {},
    );
    expect(given.once).toMatchObject({ rate: 2, unit: "items" });
    expect(given.once!.latencyUs).toMatchObject({ p50: 20, p99: 40 });
    expect(metricValue(given, "p50")).toBe(20);
  });

  it("sets contenders up, tears them down in reverse even when an op fails, then cleans up", async () => {
    const events: string[] = [];
    const clock = fakeClock();
    const contender = (name: string, fail = false): Contender => ({
      name,
      kind: "pgfirst",
      setup: async () => void events.push(`setup ${name}`),
      teardown: async () => void events.push(`teardown ${name}`),
      op: async () => {
        clock.advance(1);
        if (fail) throw new Error("broken op");
      },
    });
    const suite = (fail: boolean): BenchSuite => ({
      name: "fake",
      title: "fake",
      levels: [1],
      plan: async () => ({ contenders: [contender("a"), contender("b", fail)], cleanup: async () => void events.push("cleanup") }),
    });
    const ctx = {} as BenchContext; // the fake suite never touches it
    const ok = await runSuite(suite(false), ctx, { durationMs: 3, sliceMs: 3, clock: clock.now });
    expect(ok.rows.map((r) => r.levels[0]!.ops)).toEqual([3, 3]);
    expect(events).toEqual(["setup a", "setup b", "teardown b", "teardown a", "cleanup"]);
    events.length = 0;
    await expect(runSuite(suite(true), ctx, { durationMs: 3, sliceMs: 3, clock: clock.now })).rejects.toThrow(/"b"/);
    expect(events).toEqual(["setup a", "setup b", "teardown b", "teardown a", "cleanup"]);
  });

  it("refuses two rows with one name, and still cleans up", async () => {
    let cleaned = false;
    const c: Contender = { name: "x", kind: "pgfirst", op: async () => {} };
    const suite: BenchSuite = {
      name: "dup",
      title: "dup",
      plan: async () => ({
        contenders: [c],
        once: [{ name: "x", kind: "pgfirst", run: async () => ({ items: 1 }) }],
        cleanup: async () => void (cleaned = true),
      }),
    };
    await expect(runSuite(suite, {} as BenchContext, { durationMs: 1, clock: fakeClock().now })).rejects.toThrow(/"x"/);
    expect(cleaned).toBe(true);
  });

  it("prints skipped rows, ratio columns and target marks", async () => {
    const clock = fakeClock();
    const calls: string[] = [];
    const suite: BenchSuite = {
      name: "fmt",
      title: "format",
      levels: [1],
      plan: async () => ({
        contenders: [fake("SELECT 1", 1, clock, calls, { kind: "ceiling" }), fake("PING", 1, clock, calls, { kind: "redis" })],
        once: [{ name: "drain", kind: "pgfirst", unit: "jobs", run: async () => ({ items: 10, ms: 1000 }) }],
        baselines: [{ contender: "SELECT 1", metric: "ops@1" }],
        targets: [{ contender: "drain", metric: "rate", min: 100 }],
      }),
    };
    const r = await runSuite(suite, {} as BenchContext, { durationMs: 2, sliceMs: 2, clock: clock.now, redisUnavailable: "no Redis here" });
    const text = formatResult(r);
    expect(text).toContain("| PING (skipped) |");
    expect(text).toContain("ops@1 ÷ SELECT 1");
    expect(text).toContain("10 jobs/s");
    expect(text).toContain("- [MISSED] drain rate ≥ 100: 10");
    expect(text).toContain("Redis contenders skipped: no Redis here");
  });
});

describe("suite registry", () => {
  it("loads every written suite as the default export named after its file", async () => {
    expect(suiteAvailable("ceiling")).toBe(true);
    const loaded = await loadSuites();
    expect(loaded.map((x) => x.name)).toContain("ceiling");
    for (const suite of loaded) expect(typeof suite.plan).toBe("function");
  });

  it("rejects a name that is not registered", async () => {
    await expect(loadSuite("nope")).rejects.toThrow(/unknown suite "nope"/);
  });
});
