/** `pgfirst worker`, `pgfirst jobs stats|list|show|retry|cancel|reap` and `pgfirst queue pause|resume`. */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Argument, type Command } from "commander";
import {
  jobCancel,
  jobCancelMany,
  jobDetail,
  jobList,
  jobReap,
  jobRetry,
  jobRetryMany,
  queuePause,
  queueResume,
  queueStats,
  type JobFilter,
  type JobListState,
} from "../job.ts";
import { Worker, consoleLogger, silentLogger, type TaskMap } from "../worker.ts";
import { CliError, configError, oneLine } from "./errors.ts";
import { isoDate, jobId, oneOf, positiveInt, positiveNumber } from "./parse.ts";
import type { OptionValues } from "./types.ts";
import { EXIT, type CliCommand } from "./types.ts";

const TS_EXTENSIONS = new Set([".ts", ".cts", ".mts", ".tsx"]);

/**
 * Loads a task file with import(), so an ES module (.mjs, or .js with "type": "module") and
 * a CommonJS one (.cjs, or .js in a CommonJS project: `module.exports = {...}` or
 * `exports.tasks = {...}`) both work. TypeScript needs a loader: `--import tsx`.
 * Every problem is a configuration error (exit 78) with one line saying what to do.
 */
export async function loadTasks(file: string): Promise<TaskMap> {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw configError(`--tasks ${file}: no such file`);
  let mod: { default?: unknown; tasks?: unknown };
  try {
    mod = (await import(pathToFileURL(abs).href)) as typeof mod;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ERR_UNKNOWN_FILE_EXTENSION" && TS_EXTENSIONS.has(path.extname(abs))) {
      throw configError(
        `--tasks ${file}: Node cannot load TypeScript by itself; run with a loader, e.g. NODE_OPTIONS="--import tsx" pgfirst worker --tasks ${file}, or compile the file to .js`,
      );
    }
    throw configError(`--tasks ${file}: cannot load it: ${oneLine(err.message)}`);
  }
  // ESM: `export const tasks` or `export default`; CommonJS: module.exports (the default), or its `tasks`.
  const def = mod.default as { tasks?: unknown } | undefined;
  const tasks = mod.tasks ?? (def && typeof def === "object" && "tasks" in def ? def.tasks : def);
  if (!tasks || typeof tasks !== "object") {
    throw configError(`--tasks ${file}: export a task map as \`tasks\` or default (defineTasks({...}), or module.exports = {...})`);
  }
  for (const [name, fn] of Object.entries(tasks)) {
    if (typeof fn !== "function") throw configError(`--tasks ${file}: task "${name}" is not a function`);
  }
  return tasks as TaskMap;
}

const workerCommand: CliCommand = {
  name: "worker",
  summary: "run jobs: claim, run task handlers, heartbeat, complete/fail (Ctrl-C stops gracefully)",
  define(program, act) {
    program
      .command("worker")
      .description(
        "run jobs until SIGINT/SIGTERM, then stop claiming, let running jobs finish for --grace ms and hand the rest back.\nBuilt-in tasks (pgfirst.*) are always available.",
      )
      .option(
        "--tasks <file>",
        'a module exporting a task map (`export const tasks = defineTasks({...})`, default export, or module.exports); .ts needs NODE_OPTIONS="--import tsx"',
      )
      .option("--concurrency <n>", "jobs run at once", positiveInt, 10)
      .option("--queues <a,b>", "only these queues (default all)")
      .option("--batch <n>", "max jobs per claim (default: concurrency)", positiveInt)
      .option("--lease <seconds>", "lease per claim, renewed by heartbeats every third of it (default 30)", positiveNumber)
      .option("--poll <ms>", "poll period when idle (default 1000)", positiveNumber)
      .option("--no-listen", "do not LISTEN (PgBouncer in transaction mode): poll only")
      .option(
        "--grace <ms>",
        "on SIGINT/SIGTERM: time for in-flight jobs to finish before they are handed back (default 10000)",
        positiveNumber,
      )
      .option("--quiet", "no per-job log lines")
      .action(
        act(async ({ connect, values, out }) => {
          const tasks = values.tasks ? await loadTasks(String(values.tasks)) : {};
          const concurrency = values.concurrency as number;
          const { sql } = await connect({ max: Math.max(4, Math.min(concurrency + 2, 20)) });
          // The worker owns SIGINT/SIGTERM: graceful stop instead of the CLI's immediate exit.
          for (const sig of ["SIGINT", "SIGTERM"] as const) {
            for (const l of process.listeners(sig)) process.off(sig, l);
          }
          const worker = new Worker({
            sql,
            tasks,
            concurrency,
            queues: values.queues
              ? String(values.queues)
                  .split(",")
                  .map((q) => q.trim())
                  .filter(Boolean)
              : null,
            batchSize: values.batch as number | undefined,
            leaseSeconds: values.lease as number | undefined,
            pollIntervalMs: values.poll as number | undefined,
            listen: values.listen !== false && values.transactionPooling !== true,
            shutdownGraceMs: values.grace as number | undefined,
            logger: values.quiet ? silentLogger : consoleLogger,
          });
          const stopped = new Promise<void>((resolve) => {
            const onSignal = (sig: string) => {
              out.line(`${sig}: stopping — no new claims, finishing in-flight jobs`);
              void worker.stop().then(resolve);
            };
            process.once("SIGINT", () => onSignal("SIGINT"));
            process.once("SIGTERM", () => onSignal("SIGTERM"));
          });
          await worker.start();
          out.line(`worker ${worker.workerId}: ${Object.keys(tasks).length} task(s) + built-ins, concurrency ${concurrency}`);
          await stopped;
          out.line(`stopped: ${worker.stats.completed} completed, ${worker.stats.failed} failed, ${worker.stats.aborted} aborted`);
          out.result({ workerId: worker.workerId, ...worker.stats });
          return EXIT.ok;
        }),
      );
  },
};

const LIST_STATES: JobListState[] = ["waiting", "pending", "scheduled", "running", "failed", "dead", "cancelled", "done"];

/** --queue/--task/--tenant/--since/--until, shared by list, retry and cancel. */
function filterOptions(cmd: Command): Command {
  return cmd
    .option("--queue <name>", "only this queue")
    .option("--task <name>", "only this task")
    .option("--tenant <t>", "only this tenant")
    .option("--since <iso>", "created at or after this time", isoDate)
    .option("--until <iso>", "created before this time", isoDate);
}

function filterValues(values: OptionValues): JobFilter {
  const f: JobFilter = {};
  if (values.queue !== undefined) f.queue = String(values.queue);
  if (values.task !== undefined) f.task = String(values.task);
  if (values.tenant !== undefined) f.tenant = String(values.tenant);
  if (values.since !== undefined) f.since = values.since as Date;
  if (values.until !== undefined) f.until = values.until as Date;
  return f;
}

const hasFilter = (values: OptionValues) => ["queue", "task", "tenant", "since", "until"].some((k) => values[k] !== undefined);

const jobsCommand: CliCommand = {
  name: "jobs",
  summary: "job queue: stats | list | show ID | retry ID|--state | cancel ID|filters | reap",
  define(program, act) {
    const jobs = program.command("jobs").description("job queue: stats | list | show ID | retry ID|--state | cancel ID|filters | reap");
    jobs
      .command("stats")
      .description("per-queue pending, scheduled, running, dead, oldest pending age")
      .action(
        act(async ({ connect, out }) => {
          const { sql } = await connect();
          const rows = await queueStats(sql);
          out.table(rows.map((r) => ({ ...r })));
          out.result(rows);
          return EXIT.ok;
        }),
      );
    filterOptions(
      jobs
        .command("list")
        .description("jobs in every state, newest first (job_list; needs pgfirst_worker or pgfirst_admin); next page: --before <last id>")
        .option("--state <state>", `one of ${LIST_STATES.join(", ")}`, oneOf(...LIST_STATES)),
    )
      .option("--before <id>", "jobs with an id below this one (the next page)", jobId)
      .option("--limit <n>", "page size, 1-1000 (default 50)", positiveInt)
      .action(
        act(async ({ values, connect, out }) => {
          const { sql } = await connect();
          const rows = await jobList(sql, {
            ...filterValues(values),
            ...(values.state !== undefined ? { state: values.state as JobListState } : {}),
            ...(values.before !== undefined ? { beforeId: String(values.before) } : {}),
            ...(values.limit !== undefined ? { pageSize: values.limit as number } : {}),
          });
          out.table(
            rows.map((r) => ({
              id: r.id,
              state: r.state,
              queue: r.queue,
              task: r.task,
              tenant: r.tenant,
              attempt: `${r.attempt}/${r.maxAttempts}`,
              run_at: r.runAt,
              created_at: r.createdAt,
              last_error: r.lastError === null ? "" : oneLine(r.lastError).slice(0, 60),
            })),
            ["id", "state", "queue", "task", "tenant", "attempt", "run_at", "created_at", "last_error"],
          );
          if (rows.length === ((values.limit as number | undefined) ?? 50)) out.line(`next page: --before ${rows[rows.length - 1]!.id}`);
          out.result(rows);
          return EXIT.ok;
        }),
      );
    jobs
      .command("show")
      .description("one job with payload and attempt history (job_detail); exit 1 when unknown")
      .addArgument(new Argument("<id>", "job id").argParser(jobId))
      .action(
        act(async ({ args, connect, out }) => {
          const id = args[0] as string;
          const { sql } = await connect();
          const job = await jobDetail(sql, id);
          if (!job) {
            out.line(`job ${id}: no such job (unknown, or completed in a queue without keep_finished)`);
            out.result(null);
            return EXIT.failure;
          }
          const { payload, errors, ...fields } = job;
          out.table(
            Object.entries(fields).map(([field, value]) => ({ field, value })),
            ["field", "value"],
          );
          out.heading("payload");
          out.line(JSON.stringify(payload, null, 2));
          out.heading("attempts");
          out.table(
            errors.map((e) => ({ ...e })),
            ["attempt", "at", "worker_id", "error"],
          );
          out.result(job);
          return EXIT.ok;
        }),
      );
    filterOptions(
      jobs
        .command("retry")
        .description(
          "a dead or cancelled job back to pending (exit 1 when it is not one); without ID: every job in --state (dead or cancelled) matching the filters (job_retry_many, at most --max)",
        )
        .addArgument(new Argument("[id]", "job id").argParser(jobId))
        .option("--run-at <iso>", "with ID: run it at this time instead of now", isoDate)
        .option("--state <state>", "without ID: dead or cancelled", oneOf("dead", "cancelled")),
    )
      .option("--max <n>", "without ID: at most this many jobs, 1-10000 (default 1000)", positiveInt)
      .action(
        act(async ({ args, values, connect, out }) => {
          const id = args[0] as string | undefined;
          if (id !== undefined) {
            if (values.state !== undefined || values.max !== undefined || hasFilter(values))
              throw new CliError("jobs retry takes an ID or --state with filters, not both", EXIT.usage);
            const { sql } = await connect();
            const ok = await jobRetry(sql, id, { runAt: (values.runAt as Date | undefined) ?? null });
            out.line(ok ? `job ${id}: pending again` : `job ${id}: not a dead or cancelled job (or its job_key is taken)`);
            out.result({ id, retried: ok });
            return ok ? EXIT.ok : EXIT.failure;
          }
          if (values.state === undefined)
            throw new CliError("jobs retry needs an ID or --state dead|cancelled (see pgfirst jobs retry --help)", EXIT.usage);
          if (values.runAt !== undefined) throw new CliError("--run-at goes with a job ID", EXIT.usage);
          const { sql } = await connect();
          const n = await jobRetryMany(sql, {
            ...filterValues(values),
            state: values.state as "dead" | "cancelled",
            ...(values.max !== undefined ? { maxJobs: values.max as number } : {}),
          });
          out.line(`${n} job(s) pending again`);
          out.result({ retried: n });
          return EXIT.ok;
        }),
      );
    filterOptions(
      jobs
        .command("cancel")
        .description(
          "cancel a waiting job, or flag a running one for its worker (exit 1 when it is not live); without ID: every job in --state (default pending) matching the filters (job_cancel_many, at most --max; at least one filter or --state)",
        )
        .addArgument(new Argument("[id]", "job id").argParser(jobId))
        .option(
          "--state <state>",
          "without ID: pending (default), scheduled, failed or running",
          oneOf("waiting", "pending", "scheduled", "failed", "running"),
        ),
    )
      .option("--max <n>", "without ID: at most this many jobs, 1-10000 (default 1000)", positiveInt)
      .action(
        act(async ({ args, values, connect, out }) => {
          const id = args[0] as string | undefined;
          if (id !== undefined) {
            if (values.state !== undefined || values.max !== undefined || hasFilter(values))
              throw new CliError("jobs cancel takes an ID or filters, not both", EXIT.usage);
            const { sql } = await connect();
            const ok = await jobCancel(sql, id);
            out.line(ok ? `job ${id}: cancelled (or flagged for its worker if running)` : `job ${id}: not a live job`);
            out.result({ id, cancelled: ok });
            return ok ? EXIT.ok : EXIT.failure;
          }
          if (values.state === undefined && !hasFilter(values))
            throw new CliError(
              "jobs cancel needs an ID, or --state and/or filters (--queue, --task, --tenant, --since, --until)",
              EXIT.usage,
            );
          const { sql } = await connect();
          const n = await jobCancelMany(sql, {
            ...filterValues(values),
            ...(values.state !== undefined ? { state: values.state as "waiting" | "pending" | "scheduled" | "failed" | "running" } : {}),
            ...(values.max !== undefined ? { maxJobs: values.max as number } : {}),
          });
          out.line(`${n} job(s) cancelled${values.state === "running" ? " (flagged for their workers)" : ""}`);
          out.result({ cancelled: n });
          return EXIT.ok;
        }),
      );
    jobs
      .command("reap")
      .description("return expired leases to the queue now")
      .action(
        act(async ({ connect, out }) => {
          const { sql } = await connect();
          const n = await jobReap(sql);
          out.line(`${n} expired lease(s) returned`);
          out.result({ reaped: n });
          return EXIT.ok;
        }),
      );
  },
};

const queueCommand: CliCommand = {
  name: "queue",
  summary: "queue pause NAME | resume NAME",
  define(program, act) {
    const queue = program.command("queue").description("queue pause NAME | resume NAME (needs pgfirst_admin; audited)");
    for (const verb of ["pause", "resume"] as const) {
      queue
        .command(verb)
        .description(
          verb === "pause"
            ? "claims stop taking the queue's jobs once this commits (running jobs finish); concurrency and keep_finished are kept"
            : "claims take the queue's jobs again; workers listening are woken",
        )
        .addArgument(new Argument("<name>", "queue name"))
        .action(
          act(async ({ args, connect, out }) => {
            const name = args[0] as string;
            const { sql } = await connect();
            const changed = verb === "pause" ? await queuePause(sql, name) : await queueResume(sql, name);
            out.line(`queue ${name}: ${verb === "pause" ? "paused" : "resumed"}${changed ? "" : " already (no change)"}`);
            out.result({ queue: name, paused: verb === "pause", changed });
            return EXIT.ok;
          }),
        );
    }
  },
};

export const jobCommands: CliCommand[] = [workerCommand, jobsCommand, queueCommand];
