/** CLI: `pgfirst schedule set|delete|list|next`, `pgfirst stats [--watch]`, `pgfirst metrics --port 9187`. */
import { once } from "node:events";
import { createMetricsServer } from "../metrics.ts";
import {
  cronNext, scheduleDelete, scheduleList, scheduleNext, scheduleSet, stats, type MissedPolicy,
} from "../schedule.ts";
import { EXIT, type CliCommand, type CliContext } from "./types.ts";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function parseDate(v: string | undefined, what: string): Date | null {
  if (v === undefined) return null;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new Error(`${what}: not a date/time: ${v}`);
  return d;
}

async function scheduleRun(ctx: CliContext): Promise<number> {
  const { args, values, out } = ctx;
  const [sub, ...rest] = args;
  switch (sub) {
    case "set": {
      const [name, task] = rest;
      if (!name || !task) { out.error("usage: pgfirst schedule set NAME TASK (--cron EXPR | --every INTERVAL) [options]"); return EXIT.usage; }
      const payload = str(values.payload);
      const { sql } = await ctx.connect();
      await scheduleSet(sql, name, task, {
        cron: str(values.cron) ?? null,
        every: str(values.every) ?? null,
        payload: payload ? JSON.parse(payload) as Record<string, unknown> : {},
        queue: str(values.queue) ?? "default",
        timezone: str(values.timezone) ?? "UTC",
        missed: (str(values.missed) ?? "once") as MissedPolicy,
        enabled: values.disabled !== true,
        tenant: str(values.tenant) ?? "",
      });
      const next = await scheduleNext(sql, name);
      out.line(`schedule ${name}: next run ${next ? next.toISOString() : "(disabled)"}`);
      out.result({ name, next_run: next });
      return EXIT.ok;
    }
    case "delete": {
      const [name] = rest;
      if (!name) { out.error("usage: pgfirst schedule delete NAME"); return EXIT.usage; }
      const { sql } = await ctx.connect();
      const deleted = await scheduleDelete(sql, name);
      out.line(deleted ? `schedule ${name} deleted` : `no schedule named ${name}`);
      out.result({ name, deleted });
      return deleted ? EXIT.ok : EXIT.failure;
    }
    case "list": {
      const { sql } = await ctx.connect();
      const rows = await scheduleList(sql);
      out.table(rows.map((r) => ({ ...r })), ["name", "task", "spec", "timezone", "missed", "enabled", "nextRun", "lastRun", "lastJobId", "queue"]);
      out.result(rows);
      return EXIT.ok;
    }
    case "next": {
      // `next NAME` (a stored schedule) or `next --cron EXPR [--timezone TZ]` (preview an expression)
      const [name] = rest;
      const cron = str(values.cron);
      if (!name && !cron) { out.error("usage: pgfirst schedule next NAME | --cron EXPR [--timezone TZ] [--after ISO] [--count N]"); return EXIT.usage; }
      const count = Math.max(1, Math.min(1000, Number(str(values.count) ?? "1") || 1));
      const tz = str(values.timezone) ?? "UTC";
      const { sql } = await ctx.connect();
      let after = parseDate(str(values.after), "--after");
      const times: Date[] = [];
      for (let i = 0; i < count; i++) {
        const t = name
          ? (i === 0 && after === null ? await scheduleNext(sql, name) : await scheduleNext(sql, name, after ?? new Date()))
          : await cronNext(sql, cron!, after ?? new Date(), tz);
        if (!t) break;
        times.push(t);
        after = t;
      }
      if (times.length === 0) out.line(name ? `no next run for ${name} (unknown or disabled)` : "never fires");
      out.table(times.map((t) => ({ utc: t.toISOString(), local: name ? "" : t.toLocaleString("sv-SE", { timeZone: tz }) + ` ${tz}` })),
        name ? ["utc"] : ["utc", "local"]);
      out.result(times);
      return times.length > 0 ? EXIT.ok : EXIT.failure;
    }
    default:
      out.error("usage: pgfirst schedule set|delete|list|next … (pgfirst schedule --help)");
      return EXIT.usage;
  }
}

const scheduleCommand: CliCommand = {
  name: "schedule",
  summary: "cron and interval schedules (Celery Beat): set, delete, list, next",
  usage: [
    "pgfirst schedule set NAME TASK (--cron EXPR | --every INTERVAL) [--payload JSON] [--queue Q]",
    "                     [--timezone TZ] [--missed skip|once|all] [--disabled] [--tenant T]",
    "pgfirst schedule delete NAME",
    "pgfirst schedule list",
    "pgfirst schedule next NAME [--after ISO] [--count N]",
    "pgfirst schedule next --cron EXPR [--timezone TZ] [--after ISO] [--count N]   (preview an expression)",
    "",
    "Examples:",
    "  pgfirst schedule set nightly-report make_report --cron '30 2 * * *' --timezone Europe/London",
    "  pgfirst schedule set heartbeat ping --every '90 seconds' --missed skip",
    "  pgfirst schedule next --cron '30 2 * * *' --timezone America/New_York --after 2024-03-09 --count 3",
  ].join("\n"),
  options: {
    cron: { type: "string" }, every: { type: "string" }, payload: { type: "string" }, queue: { type: "string" },
    timezone: { type: "string" }, missed: { type: "string" }, disabled: { type: "boolean" }, tenant: { type: "string" },
    after: { type: "string" }, count: { type: "string" },
  },
  run: scheduleRun,
};

function statsView(s: Record<string, unknown>): { heading: string; rows: Record<string, unknown>[]; columns?: string[] }[] {
  const tables = Object.entries((s.tables ?? {}) as Record<string, Record<string, unknown>>)
    .map(([table, v]) => ({ table, rows: v.rows, dead_rows: v.dead_rows, bytes: v.bytes }))
    .sort((a, b) => Number(b.bytes) - Number(a.bytes));
  return [
    { heading: "queues", rows: (s.queues ?? []) as Record<string, unknown>[], columns: ["queue", "pending", "scheduled", "running", "dead", "oldest_pending_seconds"] },
    { heading: "schedules", rows: [s.schedules as Record<string, unknown>] },
    { heading: "archive", rows: [s.archive as Record<string, unknown>] },
    { heading: "maintenance", rows: [s.maintenance as Record<string, unknown>] },
    { heading: "tables", rows: tables },
  ];
}

const statsCommand: CliCommand = {
  name: "stats",
  summary: "one snapshot of queues, schedules, archive and table sizes (--watch refreshes)",
  usage: "pgfirst stats [--watch] [--interval SECONDS] [--json]\n\n--watch redraws every --interval seconds (default 2) until Ctrl-C.",
  options: { watch: { type: "boolean", default: false }, interval: { type: "string", default: "2" } },
  async run({ connect, out, values, json }) {
    const { sql } = await connect();
    const draw = async () => {
      const s = await stats(sql);
      if (json) { out.result(s); return; }
      for (const part of statsView(s)) {
        out.heading(part.heading);
        out.table(part.rows, part.columns);
      }
    };
    if (values.watch !== true) { await draw(); return EXIT.ok; }
    const ms = Math.max(0.2, Number(values.interval) || 2) * 1000;
    for (;;) {
      if (!json && process.stdout.isTTY) process.stdout.write("\x1b[2J\x1b[H");
      if (!json) out.line(`pgfirst stats — ${new Date().toISOString()} (every ${ms / 1000}s, Ctrl-C to stop)`);
      await draw();
      await new Promise((r) => setTimeout(r, ms));
    }
  },
};

const metricsCommand: CliCommand = {
  name: "metrics",
  summary: "serve Prometheus metrics (/metrics) from stats() and health()",
  usage: "pgfirst metrics [--port 9187] [--host 0.0.0.0]\n\nRuns until Ctrl-C. Metric names: docs/operations.md.",
  options: { port: { type: "string", default: "9187" }, host: { type: "string", default: "0.0.0.0" } },
  async run({ connect, out, values }) {
    const { sql } = await connect();
    const server = createMetricsServer(sql, (e) => out.error(`metrics scrape failed: ${String(e)}`));
    server.listen(Number(values.port), String(values.host));
    await once(server, "listening");
    const addr = server.address();
    out.line(`serving http://${String(values.host)}:${typeof addr === "object" && addr ? addr.port : values.port}/metrics (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      const stop = () => server.close(() => resolve());
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    return EXIT.ok;
  },
};

export const scheduleCommands: CliCommand[] = [scheduleCommand, statsCommand, metricsCommand];
