/**
 * Benchmark harness: the pure part (no database, no Redis, no files). A suite declares
 * contenders; `runSuite` measures them interleaved — for each in-flight level, rounds of
 * short slices, one slice per contender per round, the order rotated every round — so that
 * drift and the noise of a shared machine hit every contender alike. One-off measurements
 * (drain 20k jobs, staleness samples, …) run after the interleaved part and land in the
 * same rows, table and JSON. Benchmarks are not tests: a missed target is reported, never
 * thrown. scripts/bench/context.ts supplies databases and Redis; scripts/bench.ts is the CLI.
 */
import type postgres from "postgres";
import type { Redis } from "ioredis";

export type ContenderKind = "ceiling" | "redis" | "peer" | "pgfirst";

/** What one call of `op` is told: how many ops are in flight, which worker it is, a counter. */
export interface OpInfo {
  /** The level being measured: 1, 8 or 32 operations in flight. */
  inFlight: number;
  /** 0 … inFlight-1: the concurrent loop issuing this op (e.g. to pick distinct keys). */
  worker: number;
  /** Per-contender counter over the whole run (warm-up included), from 0. */
  seq: number;
}

export interface Contender {
  name: string;
  kind: ContenderKind;
  /** Performs ONE operation (one round trip). Throwing aborts the suite: a broken op is a bug. */
  op: (info: OpInfo) => Promise<unknown>;
  /** Items handled per op (a batch of 100 keys → 100), so keys/s can be compared; default 1. */
  itemsPerOp?: number;
  /** Restrict this contender to some of the suite's levels (e.g. [1] for a 50 ms tick). */
  levels?: number[];
  /** Runs once before any measurement / once at the very end (also after a failure). */
  setup?: () => Promise<void>;
  teardown?: () => Promise<void>;
  /** Printed under the table, e.g. "one connection, pipelined at c8/c32". */
  note?: string;
}

/** What a one-off measurement's `run` returns. */
export interface OnceOutcome {
  /** Items processed (jobs drained, samples taken …); the rate is items per second. */
  items: number;
  /** Measured milliseconds; default: the wall time of `run` (use `stopwatch` to exclude setup). */
  ms?: number;
  /** Per-item latencies in µs (e.g. enqueue→start), summarised as p50/p95/p99. */
  latenciesUs?: number[];
  note?: string;
}

/** A measurement that is not round-robin, e.g. "drain 20k no-op jobs at concurrency 10". */
export interface OnceMeasurement {
  name: string;
  kind: ContenderKind;
  /** Unit of `items` for the table, e.g. "jobs" (default "items"). */
  unit?: string;
  run: () => Promise<OnceOutcome>;
}

/**
 * Metrics a ratio or target can name. `p50`/`p95`/`p99`: µs, the c1 latency of an
 * interleaved row or the latency samples of a one-off. `ops@N` / `items@N`: per second at
 * N in flight. `rate`: a one-off's items per second.
 */
export type Metric = "p50" | "p95" | "p99" | `ops@${number}` | `items@${number}` | "rate";

/** A ratio column: every row's `metric` divided by the same metric of `contender`. */
export interface Baseline {
  contender: string;
  metric: Metric;
  /** Column header; default "<metric> ÷ <contender>". */
  label?: string;
}

/**
 * A target: `metric` of `contender` divided by `baselineMetric` (default: the same metric)
 * of `baseline`, or the absolute value when `baseline` is omitted, must be ≥ min and/or ≤ max.
 */
export interface Target {
  contender: string;
  metric: Metric;
  baseline?: string;
  baselineMetric?: Metric;
  min?: number;
  max?: number;
  label?: string;
}

export interface SuitePlan {
  contenders: Contender[];
  once?: OnceMeasurement[];
  baselines?: Baseline[];
  targets?: Target[];
  /** Printed under the table and kept in the JSON (connections used, data sizes, …). */
  notes?: string[];
  /** Runs at the very end, after every contender's teardown. */
  cleanup?: () => Promise<void>;
}

/** Everything a suite gets from the runner (scripts/bench/context.ts builds the real one). */
export interface BenchContext {
  /** The database the suite runs in (pgfirst installed when it is the embedded default). */
  databaseUrl: string;
  /** A pooled postgres.js client with `max` connections on `databaseUrl`; cached per `max`, closed by the runner. */
  pg(max: number): postgres.Sql;
  /** A new postgres.js client with `max` connections on any URL (e.g. a scratch database); closed by the runner. */
  pgAt(url: string, max: number): postgres.Sql;
  /** A fresh empty database on the same server (dropped first if it exists, dropped at the end); returns its URL. */
  scratchDatabase(name: string): Promise<string>;
  /** A shared ioredis connection, or null when no Redis answered (redis contenders are then skipped). */
  redis: Redis | null;
  /** Milliseconds measured per contender per level (CLI --duration-ms). */
  durationMs: number;
  /** Progress line on stderr. */
  log(message: string): void;
}

export interface BenchSuite {
  name: string;
  /** One line for `--list` and the table heading. */
  title: string;
  /** In-flight levels; default [1, 8, 32]. */
  levels?: number[];
  plan(ctx: BenchContext): Promise<SuitePlan>;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export interface LevelResult {
  inFlight: number;
  ops: number;
  seconds: number;
  opsPerSec: number;
  itemsPerSec: number;
  /** Per-op latency in µs at this level (queueing included when inFlight > 1). */
  latencyUs: LatencySummary;
}

export interface OnceResult {
  items: number;
  unit: string;
  ms: number;
  rate: number;
  latencyUs: LatencySummary | null;
  note?: string;
}

export interface Row {
  name: string;
  kind: ContenderKind;
  itemsPerOp: number;
  /** Set when the contender was not run (e.g. no Redis). */
  skipped?: string;
  levels: LevelResult[];
  once?: OnceResult;
  note?: string;
}

export interface RatioColumn {
  label: string;
  baseline: Baseline;
  values: Record<string, number | null>;
}

export interface TargetResult {
  label: string;
  target: Target;
  value: number | null;
  met: boolean | null;
}

export interface SuiteResult {
  suite: string;
  title: string;
  levels: number[];
  durationMs: number;
  sliceMs: number;
  rows: Row[];
  ratios: RatioColumn[];
  targets: TargetResult[];
  notes: string[];
}

export interface RunOptions {
  durationMs: number;
  /** Length of one slice; default 100 ms. Rounds per level = ceil(durationMs / sliceMs). */
  sliceMs?: number;
  /** Unmeasured rounds per level before measuring; default 1. */
  warmupRounds?: number;
  /** Millisecond clock; injectable for tests. Default performance.now. */
  clock?: () => number;
  /** Skip every contender of kind "redis" with this reason (no Redis reachable). */
  redisUnavailable?: string;
  log?: (message: string) => void;
}

export const DEFAULT_LEVELS = [1, 8, 32];

// ---------------------------------------------------------------- statistics

/** Nearest-rank percentile of an ascending array (p in 0…100); NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: ArrayLike<number>): LatencySummary {
  const s = Float64Array.from(samples).sort();
  let sum = 0;
  for (const v of s) sum += v;
  return {
    n: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    mean: s.length ? sum / s.length : Number.NaN,
    max: s.length ? s[s.length - 1]! : Number.NaN,
  };
}

// ---------------------------------------------------------------- interleaving

export interface Slot {
  inFlight: number;
  round: number;
  contender: string;
  warmup: boolean;
}

/**
 * The order of slices: levels in order; per level `warmupRounds` + `rounds` rounds; each
 * round runs every contender that takes part in that level once, rotated by the round
 * number so no contender always follows the same one.
 */
export function schedule(contenders: Pick<Contender, "name" | "levels">[], levels: number[], rounds: number, warmupRounds = 1): Slot[] {
  const slots: Slot[] = [];
  for (const inFlight of levels) {
    const here = contenders.filter((c) => !c.levels || c.levels.includes(inFlight));
    for (let r = 0; r < warmupRounds + rounds; r++) {
      for (let i = 0; i < here.length; i++) {
        const c = here[(i + r) % here.length]!;
        slots.push({ inFlight, round: r - warmupRounds, contender: c.name, warmup: r < warmupRounds });
      }
    }
  }
  return slots;
}

interface Acc {
  ops: number;
  ms: number;
  samples: number[];
}

/** Runs `inFlight` loops of `op` until `sliceMs` has passed; returns ops, elapsed ms and latencies (µs). */
async function runSlice(
  c: Contender,
  inFlight: number,
  sliceMs: number,
  clock: () => number,
  seq: { n: number },
  acc: Acc | null,
): Promise<void> {
  const start = clock();
  const end = start + sliceMs;
  const loop = async (worker: number) => {
    while (clock() < end) {
      const t0 = clock();
      try {
        await c.op({ inFlight, worker, seq: seq.n++ });
      } catch (e) {
        throw new Error(`contender "${c.name}" failed at ${inFlight} in flight: ${(e as Error).message}`, { cause: e });
      }
      if (acc) {
        acc.samples.push((clock() - t0) * 1000);
        acc.ops++;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, (_, w) => loop(w)));
  if (acc) acc.ms += clock() - start;
}

/** Measures the contenders interleaved; skipped contenders get an empty row. */
export async function runInterleaved(contenders: Contender[], levels: number[], opts: RunOptions): Promise<Row[]> {
  const clock = opts.clock ?? (() => performance.now());
  const sliceMs = opts.sliceMs ?? 100;
  const rounds = Math.max(1, Math.ceil(opts.durationMs / sliceMs));
  const active = contenders.filter((c) => !(c.kind === "redis" && opts.redisUnavailable));
  const byName = new Map(active.map((c) => [c.name, c]));
  if (byName.size !== active.length) throw new Error("contender names must be unique");
  const seqs = new Map(active.map((c) => [c.name, { n: 0 }]));
  const acc = new Map<string, Acc>();
  for (const slot of schedule(active, levels, rounds, opts.warmupRounds ?? 1)) {
    const c = byName.get(slot.contender)!;
    const key = `${c.name}@${slot.inFlight}`;
    if (!slot.warmup && !acc.has(key)) acc.set(key, { ops: 0, ms: 0, samples: [] });
    if (slot.round === 0 && !slot.warmup) opts.log?.(`  ${slot.inFlight} in flight: ${c.name}`);
    await runSlice(c, slot.inFlight, sliceMs, clock, seqs.get(c.name)!, slot.warmup ? null : acc.get(key)!);
  }
  return contenders.map((c): Row => {
    const base = { name: c.name, kind: c.kind, itemsPerOp: c.itemsPerOp ?? 1, ...(c.note ? { note: c.note } : {}) };
    if (!byName.has(c.name)) return { ...base, skipped: opts.redisUnavailable!, levels: [] };
    const rows: LevelResult[] = [];
    for (const inFlight of levels) {
      const a = acc.get(`${c.name}@${inFlight}`);
      if (!a) continue;
      const seconds = a.ms / 1000;
      const opsPerSec = seconds > 0 ? a.ops / seconds : 0;
      rows.push({ inFlight, ops: a.ops, seconds, opsPerSec, itemsPerSec: opsPerSec * base.itemsPerOp, latencyUs: summarize(a.samples) });
    }
    return { ...base, levels: rows };
  });
}

/** Times `fn` (ms) — for one-offs that must exclude their own setup from `ms`. */
export async function stopwatch<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export async function runOnce(m: OnceMeasurement, opts: Pick<RunOptions, "clock" | "redisUnavailable">): Promise<Row> {
  const base = { name: m.name, kind: m.kind, itemsPerOp: 1, levels: [] };
  if (m.kind === "redis" && opts.redisUnavailable) return { ...base, skipped: opts.redisUnavailable };
  const clock = opts.clock ?? (() => performance.now());
  const t0 = clock();
  const out = await m.run();
  const ms = out.ms ?? clock() - t0;
  const once: OnceResult = {
    items: out.items,
    unit: m.unit ?? "items",
    ms,
    rate: ms > 0 ? out.items / (ms / 1000) : 0,
    latencyUs: out.latenciesUs?.length ? summarize(out.latenciesUs) : null,
    ...(out.note ? { note: out.note } : {}),
  };
  return { ...base, once };
}

// ---------------------------------------------------------------- ratios and targets

/** The value of a metric for a row, or null when the row has no such figure. */
export function metricValue(row: Row, metric: Metric): number | null {
  if (row.skipped) return null;
  if (metric === "rate") return row.once ? row.once.rate : null;
  if (metric === "p50" || metric === "p95" || metric === "p99") {
    const lat = row.once ? row.once.latencyUs : row.levels.find((l) => l.inFlight === 1)?.latencyUs;
    const v = lat?.[metric];
    return v === undefined || Number.isNaN(v) ? null : v;
  }
  const m = /^(ops|items)@(\d+)$/.exec(metric);
  if (!m) throw new Error(`unknown metric ${metric}`);
  const level = row.levels.find((l) => l.inFlight === Number(m[2]));
  if (!level) return null;
  return m[1] === "ops" ? level.opsPerSec : level.itemsPerSec;
}

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

function findRow(rows: Row[], name: string): Row {
  const r = rows.find((x) => x.name === name);
  if (!r) throw new Error(`ratio/target names unknown contender "${name}" (have: ${rows.map((x) => x.name).join(", ")})`);
  return r;
}

export function computeRatios(rows: Row[], baselines: Baseline[]): RatioColumn[] {
  return baselines.map((b) => {
    const base = metricValue(findRow(rows, b.contender), b.metric);
    const values: Record<string, number | null> = {};
    for (const r of rows) values[r.name] = ratio(metricValue(r, b.metric), base);
    return { label: b.label ?? `${b.metric} ÷ ${b.contender}`, baseline: b, values };
  });
}

export function targetLabel(t: Target): string {
  if (t.label) return t.label;
  const bound = [t.min !== undefined ? `≥ ${t.min}` : "", t.max !== undefined ? `≤ ${t.max}` : ""].filter(Boolean).join(" and ");
  const rhs = t.baseline ? ` ÷ ${t.baseline} ${t.baselineMetric ?? t.metric}` : "";
  return `${t.contender} ${t.metric}${rhs} ${bound}`;
}

export function evaluateTargets(rows: Row[], targets: Target[]): TargetResult[] {
  return targets.map((t) => {
    const a = metricValue(findRow(rows, t.contender), t.metric);
    const value = t.baseline ? ratio(a, metricValue(findRow(rows, t.baseline), t.baselineMetric ?? t.metric)) : a;
    const met = value === null ? null : (t.min === undefined || value >= t.min) && (t.max === undefined || value <= t.max);
    return { label: targetLabel(t), target: t, value, met };
  });
}

// ---------------------------------------------------------------- the whole suite

export async function runSuite(suite: BenchSuite, ctx: BenchContext, opts: RunOptions): Promise<SuiteResult> {
  const levels = suite.levels ?? DEFAULT_LEVELS;
  const plan = await suite.plan(ctx);
  const names = [...plan.contenders, ...(plan.once ?? [])].map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) {
    await plan.cleanup?.();
    throw new Error(`suite ${suite.name}: two rows are named "${dup}" (ratios and targets refer to rows by name)`);
  }
  const notes = [...(plan.notes ?? [])];
  const setUp: Contender[] = [];
  try {
    const runnable = plan.contenders.filter((c) => !(c.kind === "redis" && opts.redisUnavailable));
    for (const c of runnable) {
      await c.setup?.();
      setUp.push(c);
    }
    const rows = await runInterleaved(plan.contenders, levels, opts);
    for (const m of plan.once ?? []) {
      opts.log?.(`  one-off: ${m.name}`);
      rows.push(await runOnce(m, opts));
    }
    if (opts.redisUnavailable && rows.some((r) => r.kind === "redis")) notes.push(`Redis contenders skipped: ${opts.redisUnavailable}`);
    return {
      suite: suite.name,
      title: suite.title,
      levels,
      durationMs: opts.durationMs,
      sliceMs: opts.sliceMs ?? 100,
      rows,
      ratios: computeRatios(rows, plan.baselines ?? []),
      targets: evaluateTargets(rows, plan.targets ?? []),
      notes,
    };
  } finally {
    for (const c of setUp.reverse()) await c.teardown?.();
    await plan.cleanup?.();
  }
}

// ---------------------------------------------------------------- the table

export function fmtUs(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

export function fmtRate(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  return Math.round(v).toLocaleString("en-US");
}

export function fmtRatio(v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? "–" : `${v.toFixed(2)}×`;
}

function markdownTable(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ") + " |";
  const rule = "|" + widths.map((w, i) => (i < 2 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|";
  return [line(head), rule, ...body.map(line)].join("\n");
}

/** The results as a Markdown table (readable in a terminal, pasteable into docs/), targets and notes. */
export function formatResult(r: SuiteResult): string {
  const top = Math.max(...r.levels);
  // The items/s column only when some row has batches or one-offs.
  const withItems = r.rows.some((row) => row.once || row.itemsPerOp !== 1);
  const head = [
    "contender",
    "kind",
    "c1 p50 µs",
    "c1 p99 µs",
    ...r.levels.map((l) => `c${l} ops/s`),
    ...(withItems ? ["items/s"] : []),
    ...r.ratios.map((c) => c.label),
  ];
  const footnotes: string[] = [];
  const body = r.rows.map((row) => {
    const lat = row.once ? row.once.latencyUs : row.levels.find((l) => l.inFlight === 1)?.latencyUs;
    let items = "";
    if (row.once) {
      items = `${fmtRate(row.once.rate)} ${row.once.unit}/s`;
      footnotes.push(
        `${row.name}: one-off, ${row.once.items.toLocaleString("en-US")} ${row.once.unit} in ${row.once.ms.toFixed(0)} ms` +
          (row.once.latencyUs
            ? `; latency p50 ${fmtUs(row.once.latencyUs.p50)} µs, p95 ${fmtUs(row.once.latencyUs.p95)} µs, p99 ${fmtUs(row.once.latencyUs.p99)} µs`
            : "") +
          (row.once.note ? `; ${row.once.note}` : ""),
      );
    } else if (row.itemsPerOp !== 1) {
      const best = row.levels.find((l) => l.inFlight === top) ?? row.levels.at(-1);
      items = best ? `${fmtRate(best.itemsPerSec)} @c${best.inFlight}` : "–";
    }
    if (row.note) footnotes.push(`${row.name}: ${row.note}`);
    const name = row.skipped ? `${row.name} (skipped)` : row.name;
    return [
      name,
      row.kind,
      fmtUs(lat?.p50),
      fmtUs(lat?.p99),
      ...r.levels.map((l) => fmtRate(row.levels.find((x) => x.inFlight === l)?.opsPerSec)),
      ...(withItems ? [items] : []),
      ...r.ratios.map((c) => fmtRatio(c.values[row.name])),
    ];
  });
  const out = [`## ${r.suite}: ${r.title}`, "", markdownTable(head, body)];
  if (r.targets.length) {
    out.push("", "Targets (ratios from this run; a missed target does not fail the run):");
    for (const t of r.targets) {
      const mark = t.met === null ? "n/a" : t.met ? "met" : "MISSED";
      const v =
        t.value === null
          ? "–"
          : t.target.baseline
            ? fmtRatio(t.value)
            : t.target.metric.startsWith("p")
              ? `${fmtUs(t.value)} µs`
              : fmtRate(t.value);
      out.push(`- [${mark}] ${t.label}: ${v}`);
    }
  }
  const allNotes = [...footnotes, ...r.notes];
  if (allNotes.length) out.push("", ...allNotes.map((n) => `- ${n}`));
  return out.join("\n");
}
