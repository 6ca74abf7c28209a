import type { DemoSection } from "./types.ts";
import { jobEnqueue, jobEnqueueMany, jobGet, queueConfigure, queueStats } from "../job.ts";
import { Worker, defineTasks, silentLogger } from "../worker.ts";

/** Queue section: enqueue (single, batch, dedup, delayed), run a worker until idle, show stats. */
export const jobsDemo: DemoSection = {
  title: "Job queue (Celery replacement)",
  async run({ sql, out }) {
    const [installed] = await sql<{ ok: boolean }[]>`select to_regprocedure('pgfirst.job_enqueue_many(jsonb)') is not null as ok`;
    if (!installed?.ok) {
      out.line("jobs module not installed in this database yet (its migration is pending): skipped");
      out.result({ skipped: "jobs module not installed" });
      return;
    }
    await sql`select pgfirst.queue_configure(queue => 'demo_reports', concurrency => 1)`;
    const sent: string[] = [];
    const tasks = defineTasks({
      "demo.send_email": async (p: { to: string }) => { sent.push(p.to); },
      "demo.report": async (p: { name: string }, ctx) => { await new Promise((r) => setTimeout(r, 20)); ctx.log.debug(`report ${p.name}`); },
      "demo.flaky": async () => { throw new Error("SMTP 451: try again later"); },
    });
    const started = Date.now();
    const ids = await jobEnqueueMany(sql, [
      ...["ana@example.com", "bo@example.com", "cy@example.com"].map((to) => ({ task: "demo.send_email", payload: { to }, queue: "demo_mail" })),
      { task: "demo.report", payload: { name: "monthly PPM" }, queue: "demo_reports", priority: 5 },
      { task: "demo.report", payload: { name: "asset register" }, queue: "demo_reports" },
    ]);
    const key1 = await jobEnqueue(sql, "demo.report", { name: "dashboard v1" }, { queue: "demo_reports", jobKey: "demo-dashboard" });
    const key2 = await jobEnqueue(sql, "demo.report", { name: "dashboard v2" }, { queue: "demo_reports", jobKey: "demo-dashboard" });
    const flaky = await jobEnqueue(sql, "demo.flaky", {}, { queue: "demo_mail", maxAttempts: 2 });
    const later = await jobEnqueue(sql, "demo.send_email", { to: "tomorrow@example.com" }, { queue: "demo_mail", runAt: new Date(Date.now() + 86_400_000) });
    out.line(`enqueued ${ids.length} jobs in one call, a keyed job twice (ids ${key1} and ${key2}: deduplicated), a flaky one and one for tomorrow`);

    const worker = new Worker({ sql, tasks, concurrency: 4, queues: ["demo_mail", "demo_reports"], logger: silentLogger, pollIntervalMs: 100, reapIntervalMs: 0 });
    await worker.start();
    await worker.whenIdle();
    await worker.stop();
    out.line(`worker ran ${worker.stats.completed} job(s) in ${Date.now() - started} ms; e-mails sent to ${sent.join(", ")}`);
    const f = await jobGet(sql, flaky);
    out.line(`flaky job ${flaky}: ${f?.state} (attempt ${f?.attempt}/${f?.maxAttempts}), retried with backoff; last error "${f?.lastError?.split("\n")[0]}"`);
    const stats = (await queueStats(sql)).filter((s) => s.queue.startsWith("demo_"));
    out.table(stats.map((s) => ({ ...s })));
    out.result({ completed: worker.stats.completed, flaky: f, later, stats });
    // leave the demo queues clean for the next run
    await sql`select pgfirst.job_cancel(id => ${later}::bigint), pgfirst.job_cancel(id => ${flaky}::bigint)`;
    await queueConfigure(sql, "demo_reports", { concurrency: null });
  },
};
