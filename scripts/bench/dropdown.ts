/**
 * Dropdown suite (issue: dropdown data from materialized views). On the demo data
 * (sql/demo/dropdowns.sql; scale from BENCH_DROPDOWN_SCALE, default 1: tenants acme 100k
 * people, globex 10k, initech 500), interleaved:
 *   - first page, next page by keyset cursor, page at row 20,000, and %term% search in the
 *     10k and the 100k tenant, each three ways: pgfirst.dropdown_search; the same query on
 *     the base tables (keyset / ILIKE, no accent folding); the seed app's pattern,
 *     OFFSET + COUNT(*) OVER () on the base tables;
 *   - word search as people type what they see (issue 16): the label as shown, words in
 *     another order, 1-2 letters; dropdown_search only (the old search found none of them);
 *   - single-row UPDATE throughput on demo.person (dropdown trigger attached) vs an
 *     identical copy without the trigger, and a copy carrying the trigger function as of
 *     migration 000012 (read from migrations/committed), for the before/after of issue 16.
 * One-off: staleness (write → visible through dropdown_search) under a steady write load,
 * with a real Worker running the built-in refresh task.
 * Every contender uses ONE connection (pipelined at c8); levels 1 and 8.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { BenchSuite, OnceOutcome } from "./harness.ts";
import { migrationsDir } from "../../src/paths.ts";
import { installDropdownDemo } from "../../src/demo/dropdown.ts";
import { Worker, silentLogger } from "../../src/worker.ts";

const TERMS = ["mull", "garc", "sofi", "eriks", "nakam", "weis", "rossi", "bern"];
const term = (seq: number) => TERMS[seq % TERMS.length]!;
// what people type: the label as shown, words in another order, a few letters (issue 16)
const WORD_TERMS = ["Zimmermann, Brigitte", "brigitte zimmermann", "müller ana", "sofia ac0001", "Nakamura, K", "jo", "e"];
const wordTerm = (seq: number) => WORD_TERMS[seq % WORD_TERMS.length]!;

/** The trigger function as migration 000012 shipped it, renamed: the "before" of issue 16. */
function previousTriggerSql(): string {
  const text = readFileSync(path.join(migrationsDir, "committed", "000012-security-bounds-plpgsql-style.sql"), "utf8");
  const begin = text.indexOf("--! Included triggers/dropdown_source__mark_changed.sql");
  const end = text.indexOf("--! EndIncluded triggers/dropdown_source__mark_changed.sql");
  if (begin < 0 || end < begin) throw new Error("000012 no longer includes the dropdown trigger");
  return text.slice(begin, end).replaceAll("pgfirst_private.dropdown_source_changed()", "pgfirst_private.dropdown_source_changed_000012()");
}

const dropdown: BenchSuite = {
  name: "dropdown",
  title: "dropdown_search (materialized view) vs base tables vs OFFSET + COUNT; trigger overhead; staleness",
  levels: [1, 8],
  async plan(ctx) {
    const scale = Number(process.env.BENCH_DROPDOWN_SCALE ?? "1");
    const sql = ctx.pg(1);
    ctx.log(`dropdown: installing the demo domain at scale ${scale} (seed + 3 dropdowns)…`);
    await installDropdownDemo(sql, scale);
    await sql`select pgfirst.refresh_materialized_views()`;
    await sql`vacuum analyze pgfirst_mv.mv_people_dropdown`; // visibility map: index-only first pages
    // an untriggered twin of demo.person for the write-overhead comparison
    await sql`drop table if exists demo.person_twin`;
    await sql`create table demo.person_twin (like demo.person including all)`;
    await sql`insert into demo.person_twin select * from demo.person`;
    await sql`alter table demo.person_twin add foreign key (tenant) references demo.tenant (id)`; // same FK triggers as demo.person
    // the same again with the trigger function of migration 000012 (before issue 16)
    await sql.unsafe(previousTriggerSql());
    await sql`drop table if exists demo.person_prev`;
    await sql`create table demo.person_prev (like demo.person including all)`;
    await sql`insert into demo.person_prev select * from demo.person`;
    await sql`alter table demo.person_prev add foreign key (tenant) references demo.tenant (id)`;
    const [people] = await sql<{ id: number }[]>`select id from pgfirst_private.dropdown where name = 'people'`;
    await sql.unsafe(
      `create trigger pgfirst_dropdown_people after insert or update or delete or truncate on demo.person_prev
         for each statement execute function pgfirst_private.dropdown_source_changed_000012('${people!.id}')`,
    );
    await sql`vacuum analyze demo.person, demo.person_twin, demo.person_prev`;

    const cursorAt = async (tenant: string, offset: number) => {
      const [r] = await sql<{ c: string }[]>`
        select translate(encode(convert_to(jsonb_build_array(m.sort_key, m.id)::text, 'UTF8'), 'base64'), E'+/=\n', '-_') as c
          from pgfirst_mv.mv_people_dropdown m where m.tenant = ${tenant} order by m.sort_key, m.id offset ${offset} limit 1`;
      return r!.c;
    };
    const page2 = await cursorAt("acme", 29);
    const row20k = await cursorAt("acme", 19_999);
    const [anchor2] = await sql<{ last_name: string; first_name: string; id: string }[]>`
      select last_name, first_name, id::text from demo.person where tenant = 'acme' and active
       order by last_name, first_name, id offset 29 limit 1`;
    const [ids] = await sql<
      { lo: string; hi: string }[]
    >`select min(id)::text as lo, max(id)::text as hi from demo.person where tenant = 'acme'`;
    const lo = Number(ids!.lo),
      span = Number(ids!.hi) - lo + 1;
    const pick = (seq: number, worker: number) => lo + ((seq * 7919 + worker * 104729) % span);

    const search = (tenant: string, t: string, after: string | null = null) =>
      sql`select pgfirst.dropdown_search(name => 'people'::text, tenant => ${tenant}::text, term => ${t}::text, page_size => 30, after => ${after}::text) as p`;
    // the same question asked of the base tables: keyset on the (tenant, last_name, first_name, id) index
    const baseFirst = (tenant: string) => sql`
      select json_agg(x) from (select p.id::text as id, p.last_name || ', ' || p.first_name || ' (' || p.employee_code || ')' as text
        from demo.person p where p.tenant = ${tenant} and p.active
       order by p.last_name, p.first_name, p.id limit 31) x`;
    const baseAfter = (a: { last_name: string; first_name: string; id: string }) => sql`
      select json_agg(x) from (select p.id::text as id, p.last_name || ', ' || p.first_name || ' (' || p.employee_code || ')' as text
        from demo.person p where p.tenant = 'acme' and p.active
         and (p.last_name, p.first_name, p.id) > (${a.last_name}, ${a.first_name}, ${a.id}::bigint)
       order by p.last_name, p.first_name, p.id limit 31) x`;
    const baseSearch = (tenant: string, t: string) => sql`
      select json_agg(x) from (select p.id::text as id, p.last_name || ', ' || p.first_name || ' (' || p.employee_code || ')' as text
        from demo.person p where p.tenant = ${tenant} and p.active
         and (p.first_name || ' ' || p.last_name || ' ' || p.employee_code || ' ' || p.department) ilike ${"%" + t + "%"}
       order by p.last_name, p.first_name, p.id limit 31) x`;
    // the seed app's pattern: OFFSET paging with a total count
    const offsetCount = (tenant: string, offset: number, t: string | null) => sql`
      select json_agg(x) from (
        select p.id::text as id, p.last_name || ', ' || p.first_name || ' (' || p.employee_code || ')' as text, count(*) over () as total
          from demo.person p where p.tenant = ${tenant} and p.active
           and (${t}::text is null or (p.first_name || ' ' || p.last_name || ' ' || p.employee_code || ' ' || p.department) ilike '%' || ${t}::text || '%')
         order by p.last_name, p.first_name, p.id offset ${offset} limit 30) x`;

    const staleness = async (): Promise<OnceOutcome> => {
      const workerSql = ctx.pg(4);
      const writer = ctx.pgAt(ctx.databaseUrl, 1);
      const worker = new Worker({
        sql: workerSql,
        tasks: {},
        concurrency: 2,
        pollIntervalMs: 100,
        reapIntervalMs: 0,
        logger: silentLogger,
      });
      await worker.start();
      const latencies: number[] = [];
      let stop = false;
      // steady background load: ~100 single-row updates per second on the 100k tenant
      const load = (async () => {
        let i = 0;
        while (!stop) {
          await writer`update demo.person set department = department where id = ${pick(i++, 3)}`;
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      const until = Date.now() + Math.max(20_000, ctx.durationMs * 5);
      let n = 0;
      while (Date.now() < until) {
        const id = pick(n + 1_000_000, 1);
        const label = `Probe${n++}`;
        const t0 = performance.now();
        await writer`update demo.person set first_name = ${label} where id = ${id}`;
        for (;;) {
          const [r] = await sql<
            { text: string }[]
          >`select l.text from pgfirst.dropdown_lookup(name => 'people', tenant => 'acme', ids => array[${String(id)}]) l`;
          if (r?.text.includes(label)) break;
          await new Promise((res) => setTimeout(res, 20));
        }
        latencies.push((performance.now() - t0) * 1000);
        await new Promise((res) => setTimeout(res, 150));
      }
      stop = true;
      await load;
      await worker.stop();
      return {
        items: latencies.length,
        latenciesUs: latencies,
        note: "write → visible via dropdown_lookup; debounce 1 s; ~100 background updates/s; Worker concurrency 2, poll 100 ms",
      };
    };

    return {
      contenders: [
        { name: "SELECT 1", kind: "ceiling", op: () => sql`select 1` },
        { name: "first page: dropdown_search", kind: "pgfirst", op: () => search("acme", "") },
        { name: "first page: base tables", kind: "peer", op: () => baseFirst("acme") },
        { name: "first page: OFFSET+COUNT", kind: "peer", op: () => offsetCount("acme", 0, null) },
        { name: "page 2: dropdown_search cursor", kind: "pgfirst", op: () => search("acme", "", page2) },
        { name: "page 2: base tables keyset", kind: "peer", op: () => baseAfter(anchor2!) },
        { name: "page 2: OFFSET+COUNT", kind: "peer", op: () => offsetCount("acme", 30, null) },
        { name: "row 20k: dropdown_search cursor", kind: "pgfirst", op: () => search("acme", "", row20k) },
        { name: "row 20k: OFFSET+COUNT", kind: "peer", op: () => offsetCount("acme", 20_000, null) },
        { name: "search 10k: dropdown_search", kind: "pgfirst", op: ({ seq }) => search("globex", term(seq)) },
        { name: "search 10k: base ILIKE", kind: "peer", op: ({ seq }) => baseSearch("globex", term(seq)) },
        { name: "search 10k: OFFSET+COUNT", kind: "peer", op: ({ seq }) => offsetCount("globex", 0, term(seq)) },
        { name: "search 100k: dropdown_search", kind: "pgfirst", op: ({ seq }) => search("acme", term(seq)) },
        { name: "search 100k: base ILIKE", kind: "peer", op: ({ seq }) => baseSearch("acme", term(seq)) },
        { name: "search 100k: OFFSET+COUNT", kind: "peer", op: ({ seq }) => offsetCount("acme", 0, term(seq)) },
        { name: "words 100k: dropdown_search", kind: "pgfirst", op: ({ seq }) => search("acme", wordTerm(seq)) },
        { name: "words 10k: dropdown_search", kind: "pgfirst", op: ({ seq }) => search("globex", wordTerm(seq)) },
        {
          name: "update person (trigger)",
          kind: "pgfirst",
          op: ({ seq, worker }) => sql`update demo.person set department = department where id = ${pick(seq, worker)}`,
        },
        {
          name: "update prev (000012 trigger)",
          kind: "pgfirst",
          op: ({ seq, worker }) => sql`update demo.person_prev set department = department where id = ${pick(seq, worker)}`,
        },
        {
          name: "update twin (no trigger)",
          kind: "peer",
          op: ({ seq, worker }) => sql`update demo.person_twin set department = department where id = ${pick(seq, worker)}`,
        },
      ],
      once: [{ name: "staleness write → visible", kind: "pgfirst", unit: "samples", run: staleness }],
      baselines: [
        { contender: "SELECT 1", metric: "p50", label: "c1 p50 ÷ SELECT 1" },
        { contender: "update twin (no trigger)", metric: "ops@1", label: "c1 ÷ no-trigger update" },
      ],
      targets: [
        { contender: "first page: dropdown_search", metric: "p50", max: 100, label: "first page p50 ≤ 0.1 ms" },
        { contender: "first page: dropdown_search", metric: "p50", baseline: "SELECT 1", max: 3, label: "first page p50 ≤ 3× SELECT 1" },
        { contender: "search 10k: dropdown_search", metric: "p50", max: 1000, label: "search 10k p50 ≤ 1 ms" },
        { contender: "search 100k: dropdown_search", metric: "p95", max: 2000, label: "search 100k p95 ≤ 2 ms" },
        { contender: "staleness write → visible", metric: "p95", max: 5_000_000, label: "staleness p95 ≤ 5 s" },
        {
          contender: "update person (trigger)",
          metric: "ops@1",
          baseline: "update twin (no trigger)",
          min: 0.95,
          label: "trigger write overhead ≤ 5%",
        },
      ],
      notes: [
        `demo data at scale ${scale}: people acme ${Math.round(100_000 * scale)}, globex ${Math.round(10_000 * scale)}; search terms rotate over ${TERMS.join(", ")} (each ≈ 2.5% of a tenant)`,
        "one postgres.js connection per contender, pipelined at c8; base-table search uses ILIKE without accent folding (dropdown_search folds accents)",
        `word search terms rotate over ${WORD_TERMS.map((t) => JSON.stringify(t)).join(", ")}`,
        "update contenders: single-row UPDATE by primary key, autocommit; the twin table has the same rows, indexes and foreign key, and no dropdown trigger; the prev table has the trigger function of migration 000012 (marking the same dropdown); no worker runs during them, so the trigger takes its usual path (a refresh is already queued)",
      ],
      cleanup: async () => {
        await sql`drop table if exists demo.person_twin`;
        await sql`drop table if exists demo.person_prev`;
        await sql`drop function if exists pgfirst_private.dropdown_source_changed_000012()`;
      },
    };
  },
};

export default dropdown;
