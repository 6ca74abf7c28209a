/** `pgfirst worker` and `pgfirst jobs stats|retry|cancel|reap`. */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Argument } from "commander";
import { jobCancel, jobReap, jobRetry, queueStats } from "../job.ts";
import { Worker, consoleLogger, silentLogger, type TaskMap } from "../worker.ts";
import { configError, oneLine } from "./errors.ts";
import { isoDate, jobId, positiveInt, positiveNumber } from "./parse.ts";
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

const jobsCommand: CliCommand = {
  name: "jobs",
  summary: "job queue: stats | retry ID | cancel ID | reap",
  define(program, act) {
    const jobs = program.command("jobs").description("job queue: stats | retry ID | cancel ID | reap");
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
    jobs
      .command("retry")
      .description("a dead or cancelled job back to pending (exit 1 when it is not one)")
      .addArgument(new Argument("<id>", "job id").argParser(jobId))
      .option("--run-at <iso>", "run it at this time instead of now", isoDate)
      .action(
        act(async ({ args, values, connect, out }) => {
          const id = args[0] as string;
          const { sql } = await connect();
          const ok = await jobRetry(sql, id, { runAt: (values.runAt as Date | undefined) ?? null });
          out.line(ok ? `job ${id}: pending again` : `job ${id}: not a dead or cancelled job (or its job_key is taken)`);
          out.result({ id, retried: ok });
          return ok ? EXIT.ok : EXIT.failure;
        }),
      );
    jobs
      .command("cancel")
      .description("cancel a waiting job, or flag a running one for its worker (exit 1 when it is not live)")
      .addArgument(new Argument("<id>", "job id").argParser(jobId))
      .action(
        act(async ({ args, connect, out }) => {
          const id = args[0] as string;
          const { sql } = await connect();
          const ok = await jobCancel(sql, id);
          out.line(ok ? `job ${id}: cancelled (or flagged for its worker if running)` : `job ${id}: not a live job`);
          out.result({ id, cancelled: ok });
          return ok ? EXIT.ok : EXIT.failure;
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

export const jobCommands: CliCommand[] = [workerCommand, jobsCommand];
