/** CLI: `pgfirst schedule set|delete|list|next`, `pgfirst stats [--watch]`, `pgfirst metrics --port 9187`. */
import { once } from "node:events";
import { createMetricsServer } from "../metrics.ts";
import { cronNext, scheduleDelete, scheduleList, scheduleNext, scheduleSet, stats, type MissedPolicy } from "../schedule.ts";
import { InvalidArgumentError, Option } from "commander";
import { CliError, oneLine } from "./errors.ts";
import { isoDate, jsonObject, port, positiveInt, positiveNumber } from "./parse.ts";
import { EXIT, type CliCommand } from "./types.ts";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

const scheduleCommand: CliCommand = {
  name: "schedule",
  summary: "cron and interval schedules (Celery Beat): set, delete, list, next",
  define(program, act) {
    const schedule = program
      .command("schedule")
      .description("cron and interval schedules (Celery Beat): set, delete, list, next")
      .addHelpText(
        "after",
        [
          "",
          "Examples:",
          "  pgfirst schedule set nightly-report make_report --cron '30 2 * * *' --timezone Europe/London",
          "  pgfirst schedule set heartbeat ping --every '90 seconds' --missed skip",
          "  pgfirst schedule next --cron '30 2 * * *' --timezone America/New_York --after 2024-03-09 --count 3",
        ].join("\n"),
      );
    schedule
      .command("set")
      .description("schedule_set (idempotent): exactly one of --cron and --every")
      .argument("<name>", "schedule name")
      .argument("<task>", "task the schedule enqueues")
      .option("--cron <expr>", "5-field cron or @hourly/@daily/@weekly/@monthly/@yearly")
      .option("--every <interval>", "an interval, e.g. '90 seconds'")
      .option("--payload <json>", "job payload (a JSON object)", jsonObject)
      .option("--queue <q>", "queue of the enqueued jobs", "default")
      .option("--timezone <tz>", "time zone of the cron expression", "UTC")
      .addOption(new Option("--missed <policy>", "missed ticks after downtime").choices(["skip", "once", "all"]).default("once"))
      .option("--disabled", "store it disabled")
      .option("--tenant <t>", "tenant", "")
      .action(
        act(async ({ args, values, connect, out }) => {
          const [name, task] = args as [string, string];
          const { sql } = await connect();
          await scheduleSet(sql, name, task, {
            cron: str(values.cron) ?? null,
            every: str(values.every) ?? null,
            payload: (values.payload as Record<string, unknown> | undefined) ?? {},
            queue: String(values.queue),
            timezone: String(values.timezone),
            missed: values.missed as MissedPolicy,
            enabled: values.disabled !== true,
            tenant: String(values.tenant),
          });
          const next = await scheduleNext(sql, name);
          out.line(`schedule ${name}: next run ${next ? next.toISOString() : "(disabled)"}`);
          out.result({ name, next_run: next });
          return EXIT.ok;
        }),
      );
    schedule
      .command("delete")
      .description("schedule_delete (exit 1 when there was no such schedule)")
      .argument("<name>", "schedule name")
      .action(
        act(async ({ args, connect, out }) => {
          const name = args[0] as string;
          const { sql } = await connect();
          const deleted = await scheduleDelete(sql, name);
          out.line(deleted ? `schedule ${name} deleted` : `no schedule named ${name}`);
          out.result({ name, deleted });
          return deleted ? EXIT.ok : EXIT.failure;
        }),
      );
    schedule
      .command("list")
      .description("the pgfirst.schedules view")
      .action(
        act(async ({ connect, out }) => {
          const { sql } = await connect();
          const rows = await scheduleList(sql);
          out.table(
            rows.map((r) => ({ ...r })),
            ["name", "task", "spec", "timezone", "missed", "enabled", "next_run", "last_run", "last_job_id", "queue"],
          );
          out.result(rows);
          return EXIT.ok;
        }),
      );
    schedule
      .command("next")
      .description("next run(s) of a stored schedule, or of an expression with --cron (exit 1 when it never fires)")
      .argument("[name]", "a stored schedule")
      .option("--cron <expr>", "preview this expression instead of a stored schedule")
      .option("--timezone <tz>", "time zone for --cron", "UTC")
      .option("--after <iso>", "runs after this time (default now)", isoDate)
      .option(
        "--count <n>",
        "how many runs (1-1000)",
        (v: string) => {
          const n = positiveInt(v);
          if (n > 1000) throw new InvalidArgumentError("must be at most 1000");
          return n;
        },
        1,
      )
      .action(
        act(async ({ args, values, connect, out }) => {
          const name = args[0] as string | undefined;
          const cron = str(values.cron);
          if (!name && !cron) throw new CliError("schedule next needs NAME or --cron EXPR (see pgfirst schedule next --help)", EXIT.usage);
          if (name && cron) throw new CliError("schedule next takes NAME or --cron EXPR, not both", EXIT.usage);
          const count = values.count as number;
          const tz = String(values.timezone);
          const { sql } = await connect();
          let after = (values.after as Date | undefined) ?? null;
          const times: Date[] = [];
          for (let i = 0; i < count; i++) {
            const t = name
              ? i === 0 && after === null
                ? await scheduleNext(sql, name)
                : await scheduleNext(sql, name, after ?? new Date())
              : await cronNext(sql, cron!, after ?? new Date(), tz);
            if (!t) break;
            times.push(t);
            after = t;
          }
          if (times.length === 0) out.line(name ? `no next run for ${name} (unknown or disabled)` : "never fires");
          out.table(
            times.map((t) => ({ utc: t.toISOString(), local: name ? "" : t.toLocaleString("sv-SE", { timeZone: tz }) + ` ${tz}` })),
            name ? ["utc"] : ["utc", "local"],
          );
          out.result(times);
          return times.length > 0 ? EXIT.ok : EXIT.failure;
        }),
      );
  },
};

function statsView(s: Record<string, unknown>): { heading: string; rows: Record<string, unknown>[]; columns?: string[] }[] {
  const tables = Object.entries((s.tables ?? {}) as Record<string, Record<string, unknown>>)
    .map(([table, v]) => ({ table, rows: v.rows, dead_rows: v.dead_rows, bytes: v.bytes }))
    .sort((a, b) => Number(b.bytes) - Number(a.bytes));
  return [
    {
      heading: "queues",
      rows: (s.queues ?? []) as Record<string, unknown>[],
      columns: ["queue", "pending", "scheduled", "running", "dead", "oldest_pending_seconds"],
    },
    { heading: "schedules", rows: [s.schedules as Record<string, unknown>] },
    { heading: "archive", rows: [s.archive as Record<string, unknown>] },
    { heading: "maintenance", rows: [s.maintenance as Record<string, unknown>] },
    { heading: "tables", rows: tables },
  ];
}

const statsCommand: CliCommand = {
  name: "stats",
  summary: "one snapshot of queues, schedules, archive and table sizes (--watch refreshes)",
  define(program, act) {
    program
      .command("stats")
      .description("pgfirst.stats() as tables: queues, schedules, archive, maintenance, table sizes")
      .option("--watch", "redraw every --interval seconds until Ctrl-C (not with --json)")
      .option("--interval <seconds>", "redraw period for --watch", positiveNumber, 2)
      .action(
        act(async ({ connect, out, values, json }) => {
          if (values.watch && json)
            throw new CliError("--watch and --json do not combine: --json prints one document (run it once per poll)", EXIT.usage);
          const { sql } = await connect();
          const draw = async () => {
            const s = await stats(sql);
            out.result(s);
            for (const part of statsView(s)) {
              out.heading(part.heading);
              out.table(part.rows, part.columns);
            }
          };
          if (values.watch !== true) {
            await draw();
            return EXIT.ok;
          }
          const ms = Math.max(0.2, values.interval as number) * 1000;
          for (;;) {
            if (process.stdout.isTTY) process.stdout.write("\x1b[2J\x1b[H");
            out.line(`pgfirst stats — ${new Date().toISOString()} (every ${ms / 1000}s, Ctrl-C to stop)`);
            await draw();
            await new Promise((r) => setTimeout(r, ms));
          }
        }),
      );
  },
};

const metricsCommand: CliCommand = {
  name: "metrics",
  summary: "serve Prometheus metrics (/metrics) from stats() and health()",
  define(program, act) {
    program
      .command("metrics")
      .description("serve Prometheus /metrics from stats() and health() until Ctrl-C. Metric names: docs/operations.md")
      .option("--port <port>", "port to listen on", port, 9187)
      .option("--host <host>", "address to listen on", "0.0.0.0")
      .action(
        act(async ({ connect, out, values }) => {
          const { sql } = await connect();
          const server = createMetricsServer(sql, (e) => out.error(`metrics scrape failed: ${oneLine((e as Error)?.message ?? e)}`));
          server.listen(values.port as number, String(values.host));
          await once(server, "listening"); // rejects with EADDRINUSE: one line, exit 69
          const addr = server.address();
          const url = `http://${String(values.host)}:${typeof addr === "object" && addr ? addr.port : String(values.port)}/metrics`;
          out.line(`serving ${url} (Ctrl-C to stop)`);
          out.progress(`serving ${url}`);
          out.result({ url });
          await new Promise<void>((resolve) => {
            const stop = () => server.close(() => resolve());
            process.once("SIGINT", stop);
            process.once("SIGTERM", stop);
          });
          return EXIT.ok;
        }),
      );
  },
};

export const scheduleCommands: CliCommand[] = [scheduleCommand, statsCommand, metricsCommand];
