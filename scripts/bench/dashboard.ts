/**
 * Dashboard suite (issue 14): the job list page on a 1,000,000-job table.
 *
 * Setup (one statement per table, then ANALYZE): ids 1 … N (BENCH_DASHBOARD_JOBS, default
 * 1,000,000) spread over ~29 days, newest 2% live in pgfirst_private.job (pending,
 * scheduled, failed awaiting retry, running), 5% of the rest dead or cancelled in job_dead,
 * the others done in job_archive (daily partitions, as maintenance leaves them). 10 queues
 * and 200 tenants, both skewed (a few big ones, a long tail).
 *
 * Measured at one in flight, interleaved: pgfirst.job_list round trips (first page
 * unfiltered; state = dead; one queue; one tenant; dead jobs of one queue; 2,000 pages
 * deep through before_id) and the page's whole HTTP request (GET <dashboard>/api/jobs, as
 * the browser's live refresh does it, through dashboardRouter on a local http server).
 * One-offs: the server time of each job_list variant (EXPLAIN ANALYZE execution time,
 * 40 samples each). Target: every p95 ≤ 50 ms.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { BenchSuite, OnceMeasurement, Target } from "./harness.ts";
import { dashboardRouter } from "../../src/dashboard/server.ts";

const SAMPLES = 40;

const dashboard: BenchSuite = {
  name: "dashboard",
  title: "dashboard job list on 1,000,000 jobs: job_list round trip, server time, HTTP request",
  levels: [1],
  async plan(ctx) {
    const n = Number(process.env.BENCH_DASHBOARD_JOBS ?? "1000000");
    const sql = ctx.pg(4);
    const live = Math.round(n * 0.02);
    ctx.log(`dashboard: generating ${n.toLocaleString("en")} jobs (${live.toLocaleString("en")} live)…`);
    const t0 = performance.now();
    await sql`truncate pgfirst_private.job, pgfirst_private.job_dead, pgfirst_private.job_archive`;
    // daily archive partitions for the data's 30 days, as maintenance would have created them
    await sql`
      do $$
      declare d date;
      begin
        for d in select g::date from generate_series(current_date - 31, current_date + 1, interval '1 day') g loop
          if to_regclass('pgfirst_private.job_archive_p' || to_char(d, 'YYYYMMDD')) is null then
            execute format('create table pgfirst_private.%I partition of pgfirst_private.job_archive for values from (%L) to (%L)',
                           'job_archive_p' || to_char(d, 'YYYYMMDD'), d::timestamptz, (d + 1)::timestamptz);
          end if;
        end loop;
      end $$`;
    // one row source for the three tables: id, age, queue (skewed), tenant (skewed), task
    const src = (where: string) => `
      select g as id,
             't' || floor(200 * power(((g * 7919) % 10007) / 10007.0, 3))::int as tenant,
             (array['default','mail','billing','reports','media','crm','search','export','import','webhooks'])
               [1 + floor(10 * power(((g * 104729) % 10009) / 10009.0, 2))::int] as queue,
             now() - (${n} - g) * interval '2.5 seconds' as created_at, g % 7 as t
        from generate_series(1::bigint, ${n}::bigint) g where ${where}`;
    await sql.unsafe(`
      insert into pgfirst_private.job_archive (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts,
                                               errors, created_at, updated_at, finished_at, claimed_at)
      select id, tenant, queue, queue || '.task' || t, jsonb_build_object('n', id), 0, created_at, 'done', 1, 25,
             '[]', created_at, created_at + interval '3 seconds', created_at + interval '3 seconds', created_at + interval '1 second'
        from (${src(`g <= ${n - live} and g % 20 <> 0`)}) s`);
    await sql.unsafe(`
      insert into pgfirst_private.job_dead (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts,
                                            last_error, errors, created_at, updated_at, finished_at)
      select id, tenant, queue, queue || '.task' || t, jsonb_build_object('n', id), 0, created_at,
             case when id % 100 = 0 then 'cancelled' else 'dead' end, 3, 3, 'boom',
             jsonb_build_array(jsonb_build_object('attempt', 3, 'error', 'boom')), created_at,
             created_at + interval '1 minute', created_at + interval '1 minute'
        from (${src(`g <= ${n - live} and g % 20 = 0`)}) s`);
    await sql.unsafe(`
      insert into pgfirst_private.job (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts,
                                       worker_id, lease_expires_at, lease_duration, claimed_at, created_at, updated_at, last_error)
      select id, tenant, queue, queue || '.task' || t, jsonb_build_object('n', id), 0,
             case when id % 10 = 1 then now() + interval '1 hour' else created_at end,
             case when id % 10 = 2 then 'failed' when id % 10 = 3 then 'running' else 'pending' end,
             case when id % 10 in (2, 3) then 1 else 0 end, 25,
             case when id % 10 = 3 then 'bench-w' end, case when id % 10 = 3 then now() + interval '30 seconds' end,
             case when id % 10 = 3 then interval '30 seconds' end, case when id % 10 = 3 then now() end,
             created_at, created_at, case when id % 10 = 2 then 'HTTP 503' end
        from (${src(`g > ${n - live}`)}) s`);
    await sql`select setval('pgfirst_private.job_id_seq', ${n})`;
    await sql`analyze pgfirst_private.job, pgfirst_private.job_dead, pgfirst_private.job_archive`;
    ctx.log(`dashboard: data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const [tenant] = await sql<{ tenant: string }[]>`
      select tenant from pgfirst_private.job_dead group by tenant order by count(*) desc offset 20 limit 1`; // a mid-size tenant
    const [deep] = await sql<{ id: string }[]>`select (${n} - 50 * 2000)::text as id`; // 2,000 pages of 50 back
    const variants: { name: string; args: Record<string, string> }[] = [
      { name: "first page", args: {} },
      { name: "state = dead", args: { state: "dead" } },
      { name: "queue = crm", args: { queue: "crm" } },
      { name: `tenant = ${tenant!.tenant}`, args: { tenant: tenant!.tenant } },
      { name: "dead in queue webhooks", args: { state: "dead", queue: "webhooks" } },
      { name: "2,000 pages deep (before_id)", args: { before: deep!.id } },
    ];
    const call = (a: Record<string, string>) =>
      sql`select * from pgfirst.job_list(state => ${a.state ?? null}::text, queue => ${a.queue ?? null}::text,
            tenant => ${a.tenant ?? null}::text, before_id => ${a.before ?? null}::bigint, page_size => 50)`;
    const explain = (a: Record<string, string>) =>
      sql`explain (analyze, format json) select * from pgfirst.job_list(state => ${a.state ?? null}::text, queue => ${a.queue ?? null}::text,
            tenant => ${a.tenant ?? null}::text, before_id => ${a.before ?? null}::bigint, page_size => 50)`;

    const handler = dashboardRouter(sql, { refreshSeconds: 0 });
    const server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = async (path: string) => {
      const r = await fetch(base + path, { headers: { accept: "application/json" } });
      if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status}: ${await r.text()}`);
      await r.arrayBuffer();
    };
    await get("/api/jobs"); // warm: the capability check (dashboard_overview) is cached 60 s for pages

    const once: OnceMeasurement[] = variants.map((v) => ({
      name: `server time: ${v.name}`,
      kind: "pgfirst",
      unit: "calls",
      run: async () => {
        const lat: number[] = [];
        for (let i = 0; i < SAMPLES; i++) {
          const [r] = await explain(v.args);
          const plan = (r as unknown as { "QUERY PLAN": [{ "Execution Time": number }] })["QUERY PLAN"];
          lat.push(plan[0]["Execution Time"] * 1000);
        }
        return { items: SAMPLES, latenciesUs: lat, note: "EXPLAIN ANALYZE execution time" };
      },
    }));
    const targets: Target[] = [
      ...variants.map((v) => ({
        contender: `server time: ${v.name}`,
        metric: "p95" as const,
        max: 50_000,
        label: `server ${v.name} p95 ≤ 50 ms`,
      })),
      { contender: "HTTP GET /api/jobs?state=dead", metric: "p95", max: 50_000, label: "HTTP dead page p95 ≤ 50 ms" },
      { contender: "HTTP GET /api/jobs", metric: "p95", max: 50_000, label: "HTTP first page p95 ≤ 50 ms" },
    ];
    return {
      contenders: [
        ...variants.map((v) => ({ name: `job_list: ${v.name}`, kind: "pgfirst" as const, op: () => call(v.args) })),
        { name: "HTTP GET /api/jobs", kind: "pgfirst", op: () => get("/api/jobs") },
        { name: "HTTP GET /api/jobs?state=dead", kind: "pgfirst", op: () => get("/api/jobs?state=dead") },
        { name: "dashboard_overview()", kind: "pgfirst", op: () => sql`select pgfirst.dashboard_overview()` },
      ],
      once,
      targets,
      notes: [
        `${n.toLocaleString("en")} jobs: ${live.toLocaleString("en")} live, ~${Math.round((n - live) / 20).toLocaleString("en")} dead/cancelled, the rest done in daily archive partitions`,
        "job_list rows: page_size 50, all columns; HTTP: the JSON endpoint the page polls (rendered HTML fragment + data)",
      ],
      cleanup: async () => {
        await new Promise<void>((r) => server.close(() => r()));
        await sql`truncate pgfirst_private.job, pgfirst_private.job_dead, pgfirst_private.job_archive`;
      },
    };
  },
};

export default dashboard;
