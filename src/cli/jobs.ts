/** `pgfirst worker` and `pgfirst jobs stats|retry|cancel|reap`. */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { jobCancel, jobReap, jobRetry, queueStats } from "../job.ts";
import { Worker, consoleLogger, silentLogger, type TaskMap } from "../worker.ts";
import { EXIT, type CliCommand } from "./types.ts";

async function loadTasks(file: string): Promise<TaskMap> {
  const mod = (await import(pathToFileURL(path.resolve(file)).href)) as { default?: unknown; tasks?: unknown };
  const tasks = mod.tasks ?? mod.default;
  if (!tasks || typeof tasks !== "object") {
    throw new Error(`${file} must export a task map as \`tasks\` or default (use defineTasks({...}))`);
  }
  for (const [name, fn] of Object.entries(tasks)) {
    if (typeof fn !== "function") throw new Error(`task "${name}" in ${file} is not a function`);
  }
  return tasks as TaskMap;
}

const num = (v: unknown, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};

const workerCommand: CliCommand = {
  name: "worker",
  summary: "run jobs: claim, run task handlers, heartbeat, complete/fail (Ctrl-C stops gracefully)",
  usage: `pgfirst worker [--tasks FILE] [--concurrency N] [--queues a,b] [--batch N] [--lease SECONDS]
               [--poll MS] [--no-listen] [--grace MS] [--quiet]

--tasks FILE      a module exporting a task map (\`export const tasks = defineTasks({...})\` or default);
                  built-in tasks (pgfirst.*) are always available
--concurrency N   jobs run at once (default 10)
--queues a,b      only these queues (default all)
--batch N         max jobs per claim (default: concurrency)
--lease SECONDS   lease per claim, renewed by heartbeats every third of it (default 30)
--poll MS         poll period when idle (default 1000)
--no-listen       do not LISTEN (PgBouncer in transaction mode): poll only
--grace MS        on SIGINT/SIGTERM: time for in-flight jobs to finish before they are handed back (default 10000)`,
  options: {
    tasks: { type: "string" },
    concurrency: { type: "string" },
    queues: { type: "string" },
    batch: { type: "string" },
    lease: { type: "string" },
    poll: { type: "string" },
    "no-listen": { type: "boolean", default: false },
    grace: { type: "string" },
    quiet: { type: "boolean", default: false },
  },
  async run({ connect, values, out }) {
    const tasks = values.tasks ? await loadTasks(String(values.tasks)) : {};
    const concurrency = num(values.concurrency, "concurrency") ?? 10;
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
      batchSize: num(values.batch, "batch"),
      leaseSeconds: num(values.lease, "lease"),
      pollIntervalMs: num(values.poll, "poll"),
      listen: values["no-listen"] !== true,
      shutdownGraceMs: num(values.grace, "grace"),
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
  },
};

const jobsCommand: CliCommand = {
  name: "jobs",
  summary: "job queue: stats | retry ID | cancel ID | reap",
  usage: `pgfirst jobs stats              per-queue pending, scheduled, running, dead, oldest pending age
pgfirst jobs retry ID [--run-at ISO]   a dead or cancelled job back to pending
pgfirst jobs cancel ID          cancel a waiting job, or flag a running one for its worker
pgfirst jobs reap               return expired leases to the queue now`,
  options: { "run-at": { type: "string" } },
  async run({ args, values, connect, out }) {
    const [sub, id] = args;
    const needId = () => {
      if (!id || !/^[0-9]+$/.test(id)) throw new Error(`pgfirst jobs ${sub}: a numeric job id is required`);
      return id;
    };
    switch (sub) {
      case "stats": {
        const { sql } = await connect();
        const rows = await queueStats(sql);
        out.table(rows.map((r) => ({ ...r })));
        out.result(rows);
        return EXIT.ok;
      }
      case "retry": {
        const jid = needId();
        const { sql } = await connect();
        const runAt = values["run-at"] ? new Date(String(values["run-at"])) : null;
        if (runAt && Number.isNaN(runAt.getTime())) throw new Error("--run-at must be an ISO 8601 timestamp");
        const ok = await jobRetry(sql, jid, { runAt });
        out.line(ok ? `job ${jid}: pending again` : `job ${jid}: not a dead or cancelled job (or its job_key is taken)`);
        out.result({ id: jid, retried: ok });
        return ok ? EXIT.ok : EXIT.failure;
      }
      case "cancel": {
        const jid = needId();
        const { sql } = await connect();
        const ok = await jobCancel(sql, jid);
        out.line(ok ? `job ${jid}: cancelled (or flagged for its worker if running)` : `job ${jid}: not a live job`);
        out.result({ id: jid, cancelled: ok });
        return ok ? EXIT.ok : EXIT.failure;
      }
      case "reap": {
        const { sql } = await connect();
        const n = await jobReap(sql);
        out.line(`${n} expired lease(s) returned`);
        out.result({ reaped: n });
        return EXIT.ok;
      }
      default:
        out.error(`pgfirst jobs: unknown subcommand "${sub ?? ""}"\n\n${jobsCommand.usage}`);
        return EXIT.usage;
    }
  },
};

export const jobCommands: CliCommand[] = [workerCommand, jobsCommand];
