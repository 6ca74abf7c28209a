/**
 * `npx tsx scripts/metrics-exposition-bench.ts [--database-url URL] [--iterations N]`
 *
 * What `/metrics` costs per scrape in Node, hand-written exposition (src/metrics.ts) vs the
 * same families through prom-client (a devDependency, only for this comparison). Both
 * render one real stats() + health() snapshot taken from the database once; the database
 * round trip of a scrape (stats() + health()) is measured too, for scale.
 * Prints one Markdown table (µs per scrape, median of 7 rounds of N renders each).
 */
import { parseArgs } from "node:util";
import client from "prom-client";
import { connect } from "../src/db.ts";
import { renderMetrics } from "../src/metrics.ts";
import { health, stats, type HealthRow } from "../src/schedule.ts";

const { values } = parseArgs({ options: { "database-url": { type: "string" }, iterations: { type: "string", default: "2000" } } });
const iterations = Number(values.iterations);

type Snap = Record<string, unknown>;

/** The same families as renderMetrics, as prom-client gauges on a private registry. */
function promClientRenderer(): (s: Snap, checks: HealthRow[], scrapeSeconds: number) => Promise<string> {
  const registry = new client.Registry();
  const g = (name: string, help: string, labelNames: string[] = []) => new client.Gauge({ name, help, labelNames, registers: [registry] });
  const up = g("pgfirst_up", "1 when the scrape reached the database.");
  const hs = g("pgfirst_health_status", "Health check status: 0 ok, 1 warn, 2 crit.", ["check"]);
  const hv = g("pgfirst_health_value", "The value each health check measured (ages in seconds).", ["check"]);
  const q = ["pending", "scheduled", "running", "dead", "oldest_pending_seconds"].map(
    (f) => [f, g(`pgfirst_queue_${f === "oldest_pending_seconds" ? f : `${f}_jobs`}`, `Jobs ${f}, per queue.`, ["queue"])] as const,
  );
  const scalars = [
    ["schedules", "total"],
    ["schedules_enabled", "enabled"],
    ["schedules_overdue", "overdue"],
  ].map(([n, f]) => [f!, g(`pgfirst_${n}`, `Schedules ${f}.`)] as const);
  const ticks = [
    [
      "ticks_enqueued",
      new client.Counter({ name: "pgfirst_schedule_ticks_enqueued_total", help: "Ticks enqueued.", registers: [registry] }),
    ],
    ["ticks_skipped", new client.Counter({ name: "pgfirst_schedule_ticks_skipped_total", help: "Ticks skipped.", registers: [registry] })],
  ] as const;
  const archive = [
    ["partitions", g("pgfirst_archive_partitions", "Archive partitions.")],
    ["rows_estimate", g("pgfirst_archive_rows_estimate", "Archived jobs.")],
    ["bytes", g("pgfirst_archive_bytes", "Archive bytes.")],
  ] as const;
  const lastRun = g("pgfirst_maintenance_last_run_timestamp_seconds", "Last maintenance run.");
  const t = ["rows", "dead_rows", "bytes"].map((f) => [f, g(`pgfirst_table_${f}`, `Table ${f}.`, ["table"])] as const);
  const dur = g("pgfirst_scrape_duration_seconds", "Scrape time.");
  const num = (v: unknown) => (typeof v === "number" ? v : Number(v));
  return async (s, checks, scrapeSeconds) => {
    // Values come from a fresh snapshot each scrape: reset so vanished label sets disappear.
    registry.resetMetrics();
    up.set(1);
    for (const c of checks) {
      hs.labels(c.check).set({ ok: 0, warn: 1, crit: 2 }[c.status] ?? 2);
      if (c.value !== null) hv.labels(c.check).set(c.value as number);
    }
    for (const row of (s.queues ?? []) as Snap[]) for (const [f, gauge] of q) gauge.labels(String(row.queue)).set(num(row[f]));
    const sch = (s.schedules ?? {}) as Snap;
    for (const [f, gauge] of scalars) gauge.set(num(sch[f]));
    for (const [f, counter] of ticks) counter.inc(num(sch[f]) || 0);
    const arc = (s.archive ?? {}) as Snap;
    for (const [f, gauge] of archive) gauge.set(num(arc[f]));
    const m = (s.maintenance ?? {}) as Snap;
    lastRun.set(typeof m.last_run === "string" ? Date.parse(m.last_run) / 1000 : NaN);
    for (const [table, v] of Object.entries((s.tables ?? {}) as Record<string, Snap>))
      for (const [f, gauge] of t) gauge.labels(table).set(num(v[f]));
    dur.set(scrapeSeconds);
    return registry.metrics();
  };
}

async function timeIt(fn: () => unknown | Promise<unknown>): Promise<number> {
  const rounds: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn();
    rounds.push(Number(process.hrtime.bigint() - t0) / 1e3 / iterations);
  }
  return rounds.sort((a, b) => a - b)[3]!;
}

const { sql, close } = await connect({ ...(values["database-url"] ? { url: values["database-url"] } : {}), migrate: false });
try {
  const [snapshot, checks] = await Promise.all([stats(sql), health(sql)]);
  const prom = promClientRenderer();
  const hand = renderMetrics(snapshot, checks, 0.001);
  const viaProm = await prom(snapshot, checks, 0.001);
  const samples = (text: string) => text.split("\n").filter((l) => l && !l.startsWith("#")).length;
  const handUs = await timeIt(() => renderMetrics(snapshot, checks, 0.001));
  const promUs = await timeIt(() => prom(snapshot, checks, 0.001));
  const dbRounds = Math.max(20, Math.round(iterations / 100));
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < dbRounds; i++) await Promise.all([stats(sql), health(sql)]);
  const dbUs = Number(process.hrtime.bigint() - t0) / 1e3 / dbRounds;
  console.log(`| per scrape (${iterations} renders × 7 rounds, median; node ${process.version}) | µs | samples |`);
  console.log("|---|---:|---:|");
  console.log(`| hand-written exposition (src/metrics.ts renderMetrics) | ${handUs.toFixed(1)} | ${samples(hand)} |`);
  console.log(`| prom-client 15 (reset, set, registry.metrics()) | ${promUs.toFixed(1)} | ${samples(viaProm)} |`);
  console.log(`| for scale: the scrape's stats() + health() round trip | ${dbUs.toFixed(0)} | |`);
} finally {
  await close();
}
