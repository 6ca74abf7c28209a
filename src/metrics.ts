/**
 * Prometheus text exposition (format 0.0.4) from pgfirst.stats() and pgfirst.health(),
 * and a tiny node:http server for `pgfirst metrics --port 9187`. Rendering is pure (tested
 * by parsing its output); the server does one stats() and one health() call per scrape.
 */
import http from "node:http";
import type { Sql } from "./sql.ts";
import { health, stats, type HealthRow } from "./schedule.ts";

type Labels = Record<string, string>;
interface Sample { labels?: Labels; value: number }
interface Family { name: string; help: string; type: "gauge" | "counter"; samples: Sample[] }

const STATUS_VALUE: Record<string, number> = { ok: 0, warn: 1, crit: 2 };

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function num(v: unknown): number {
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : NaN;
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

function render(families: Family[]): string {
  const out: string[] = [];
  for (const f of families) {
    out.push(`# HELP ${f.name} ${f.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`);
    out.push(`# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = s.labels && Object.keys(s.labels).length > 0
        ? `{${Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`
        : "";
      out.push(`${f.name}${labels} ${formatValue(s.value)}`);
    }
  }
  return out.join("\n") + "\n";
}

/** Builds the exposition text from a stats() snapshot and health() rows. */
export function renderMetrics(snapshot: Record<string, unknown>, checks: HealthRow[], scrapeSeconds = 0): string {
  const queues = (snapshot.queues ?? []) as Record<string, unknown>[];
  const schedules = (snapshot.schedules ?? {}) as Record<string, unknown>;
  const archive = (snapshot.archive ?? {}) as Record<string, unknown>;
  const maintenance = (snapshot.maintenance ?? {}) as Record<string, unknown>;
  const tables = (snapshot.tables ?? {}) as Record<string, Record<string, unknown>>;
  const perQueue = (field: string): Sample[] => queues.map((q) => ({ labels: { queue: String(q.queue) }, value: num(q[field]) }));
  const perTable = (field: string): Sample[] => Object.entries(tables).map(([t, v]) => ({ labels: { table: t }, value: num(v[field]) }));
  const lastRun = typeof maintenance.last_run === "string" ? Date.parse(maintenance.last_run) / 1000 : NaN;
  const families: Family[] = [
    { name: "pgfirst_up", help: "1 when the scrape reached the database.", type: "gauge", samples: [{ value: 1 }] },
    { name: "pgfirst_health_status", help: "Health check status: 0 ok, 1 warn, 2 crit.", type: "gauge",
      samples: checks.map((c) => ({ labels: { check: c.check }, value: STATUS_VALUE[c.status] ?? 2 })) },
    { name: "pgfirst_health_value", help: "The value each health check measured (ages in seconds).", type: "gauge",
      samples: checks.filter((c) => c.value !== null).map((c) => ({ labels: { check: c.check }, value: c.value as number })) },
    { name: "pgfirst_queue_pending_jobs", help: "Jobs ready to run, per queue.", type: "gauge", samples: perQueue("pending") },
    { name: "pgfirst_queue_scheduled_jobs", help: "Jobs waiting for their run_at, per queue.", type: "gauge", samples: perQueue("scheduled") },
    { name: "pgfirst_queue_running_jobs", help: "Jobs running, per queue.", type: "gauge", samples: perQueue("running") },
    { name: "pgfirst_queue_dead_jobs", help: "Dead letters, per queue.", type: "gauge", samples: perQueue("dead") },
    { name: "pgfirst_queue_oldest_pending_seconds", help: "Age of the oldest ready job, per queue.", type: "gauge", samples: perQueue("oldest_pending_seconds") },
    { name: "pgfirst_schedules", help: "Schedules defined.", type: "gauge", samples: [{ value: num(schedules.total) }] },
    { name: "pgfirst_schedules_enabled", help: "Schedules enabled.", type: "gauge", samples: [{ value: num(schedules.enabled) }] },
    { name: "pgfirst_schedules_overdue", help: "Enabled schedules whose next tick is later than schedule.missed_grace.", type: "gauge", samples: [{ value: num(schedules.overdue) }] },
    { name: "pgfirst_schedule_ticks_enqueued_total", help: "Schedule ticks enqueued as jobs (sum over current schedules).", type: "counter", samples: [{ value: num(schedules.ticks_enqueued) }] },
    { name: "pgfirst_schedule_ticks_skipped_total", help: "Missed schedule ticks dropped by policy (sum over current schedules).", type: "counter", samples: [{ value: num(schedules.ticks_skipped) }] },
    { name: "pgfirst_archive_partitions", help: "Daily job archive partitions.", type: "gauge", samples: [{ value: num(archive.partitions) }] },
    { name: "pgfirst_archive_rows_estimate", help: "Archived jobs (planner estimate).", type: "gauge", samples: [{ value: num(archive.rows_estimate) }] },
    { name: "pgfirst_archive_bytes", help: "Job archive size on disk.", type: "gauge", samples: [{ value: num(archive.bytes) }] },
    { name: "pgfirst_maintenance_last_run_timestamp_seconds", help: "Unix time of the last maintenance run (NaN: never).", type: "gauge", samples: [{ value: lastRun }] },
    { name: "pgfirst_table_rows", help: "Live rows per pgfirst table (statistics estimate).", type: "gauge", samples: perTable("rows") },
    { name: "pgfirst_table_dead_rows", help: "Dead rows per pgfirst table (statistics estimate).", type: "gauge", samples: perTable("dead_rows") },
    { name: "pgfirst_table_bytes", help: "Size of each pgfirst table with its indexes and TOAST.", type: "gauge", samples: perTable("bytes") },
    { name: "pgfirst_scrape_duration_seconds", help: "Time the scrape's two queries took.", type: "gauge", samples: [{ value: scrapeSeconds }] },
  ];
  return render(families);
}

/** One scrape: stats() + health() → exposition text. */
export async function scrapeMetrics(sql: Sql): Promise<string> {
  const started = process.hrtime.bigint();
  const [snapshot, checks] = await Promise.all([stats(sql), health(sql)]);
  return renderMetrics(snapshot, checks, Number(process.hrtime.bigint() - started) / 1e9);
}

/** An http.Server answering GET /metrics (503 with pgfirst_up 0 when the database fails). */
export function createMetricsServer(sql: Sql, onError: (e: unknown) => void = () => {}): http.Server {
  return http.createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("try /metrics\n");
      return;
    }
    scrapeMetrics(sql).then(
      (text) => res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }).end(text),
      (e: unknown) => {
        onError(e);
        res.writeHead(503, { "content-type": "text/plain; version=0.0.4; charset=utf-8" })
          .end("# HELP pgfirst_up 1 when the scrape reached the database.\n# TYPE pgfirst_up gauge\npgfirst_up 0\n");
      },
    );
  });
}
