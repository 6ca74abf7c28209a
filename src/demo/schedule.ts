import type { DemoSection } from "./types.ts";
import { cronNext, health, maintenance, scheduleDelete, scheduleList, scheduleSet, scheduleTick } from "../schedule.ts";

/** Schedules: a tick firing exactly once, cron across a DST change, maintenance and the health table. */
export const scheduleDemo: DemoSection = {
  title: "Schedules, maintenance and health (Celery Beat replacement)",
  async run({ sql, out }) {
    const [installed] = await sql<
      { ok: boolean }[]
    >`select to_regprocedure('pgfirst.schedule_tick(timestamp with time zone)') is not null as ok`;
    if (!installed?.ok) {
      out.line("schedules module not installed in this database yet (its migration is pending): skipped");
      out.result({ skipped: "schedules module not installed" });
      return;
    }
    await scheduleSet(sql, "demo.heartbeat", "pgfirst.noop", { every: "1 second", missed: "skip", payload: { from: "demo" } });
    out.line("schedule_set('demo.heartbeat', every => '1 second'); waiting 1.2 s …");
    await new Promise((r) => setTimeout(r, 1200));
    const [a, b] = await Promise.all([scheduleTick(sql), scheduleTick(sql)]);
    out.line(`two concurrent schedule_tick() calls enqueued ${a} + ${b} job(s): each due tick exactly once`);
    const jobs = await sql<{ id: string; task: string; meta: unknown }[]>`
      select id::text, task, payload->'_schedule' as meta from pgfirst_private.job
       where payload->'_schedule'->>'name' = 'demo.heartbeat' order by id`;
    out.table(jobs);
    out.table(
      (await scheduleList(sql)).filter((s) => s.name.startsWith("demo.") || s.name === "pgfirst.maintenance").map((s) => ({ ...s })),
      ["name", "spec", "timezone", "next_run", "last_run", "last_job_id"],
    );
    for (const j of jobs) await sql`select pgfirst.job_cancel(id => ${j.id}::bigint)`;
    await scheduleDelete(sql, "demo.heartbeat");

    out.line("cron_next('30 2 * * *', timezone => 'America/New_York') around the 2024 spring-forward night:");
    let after = new Date("2024-03-08T12:00:00Z");
    const rows: Record<string, string>[] = [];
    for (let i = 0; i < 3; i++) {
      const t = await cronNext(sql, "30 2 * * *", after, "America/New_York");
      if (!t) break;
      rows.push({ utc: t.toISOString(), new_york: t.toLocaleString("sv-SE", { timeZone: "America/New_York" }) });
      after = t;
    }
    out.table(rows);

    const m = await maintenance(sql);
    out.line(`maintenance(): ${JSON.stringify(m)}`);
    out.table(
      (await health(sql)).map((r) => ({ ...r })),
      ["check", "status", "value", "detail"],
    );
  },
};
