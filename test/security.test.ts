/**
 * Issue 10 with real connections, as login roles holding exactly one pgfirst role or none
 * (connected as the superuser with `-c role=…`, so no passwords are needed on any server):
 *   - a role without pgfirst grants, holding every lock it can take (the advisory locks
 *     pgfirst used to wait on, AccessShareLock on the dropdown view), does not stall a
 *     limited-queue claim or a dropdown refresh; the row locks pgfirst now uses are refused;
 *   - LISTEN by such a role on the old channel receives nothing, and the channel pgfirst now
 *     notifies on is only known to pgfirst_worker and pgfirst_admin.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql, type PoolSql as Sql } from "../src/db.ts";
import { jobEnqueue } from "../src/job.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";

let db: TestDatabase;
const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 6)}`;
const roles = {
  none: `pf_secd_none_${suffix}`,
  worker: `pf_secd_worker_${suffix}`,
  app: `pf_secd_app_${suffix}`,
};
const pools: Sql[] = [];

/** A single-connection pool acting as `role` (SET ROLE at connection start). */
function as(role: string, options: Record<string, unknown> = {}): Sql {
  const url = new URL(db.url);
  url.search += `${url.search ? "&" : "?"}options=${encodeURIComponent(`-c role=${role}`)}`;
  const sql = createSql(url.toString(), options, 1);
  pools.push(sql);
  return sql;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await db.sql.unsafe(`create role ${roles.none} login`);
  await db.sql.unsafe(`create role ${roles.worker} login in role pgfirst_worker`);
  await db.sql.unsafe(`create role ${roles.app} login in role pgfirst_app`);
  await db.sql`create table public.sec_item (id integer primary key, tenant text not null, label text not null)`;
  await db.sql`insert into public.sec_item select g, 't1', 'Item ' || g from generate_series(1, 200) g`;
  await db.sql`grant select on public.sec_item to pgfirst_dropdown`;
  await db.sql`select pgfirst.dropdown_define(name => 'secr', query => 'select tenant, id::text, label as text from public.sec_item',
                 sources => array['public.sec_item']::regclass[])`;
  await db.sql`select pgfirst.queue_configure(queue => 'secq', concurrency => 2)`;
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end({ timeout: 5 })));
  await db?.drop();
  if (db) {
    const admin = createSql(db.url.replace(/\/[^/?]+(\?|$)/, "/postgres$1"), {}, 1);
    try {
      for (const r of Object.values(roles)) await admin.unsafe(`drop role if exists ${r}`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  }
});

/** Everything a role without grants can hold: the advisory locks pgfirst used to wait on. */
async function holdEverything(attacker: Sql, dropdownId: number): Promise<string[]> {
  await attacker`select pg_advisory_lock(1885693216, hashtext('secq'))`; // limited-queue claim
  await attacker`select pg_advisory_lock(1885693217, hashtext('secq'))`; // notify coalescing
  await attacker`select pg_advisory_lock(1346766338, ${dropdownId}::int)`; // refresh single flight
  await attacker`select pg_advisory_lock(1346766336, ${dropdownId}::int)`; // parity locks
  await attacker`select pg_advisory_lock(1346766337, ${dropdownId}::int)`;
  const refused: string[] = [];
  for (const stmt of [
    "select from pgfirst_private.job_queue for no key update",
    "select from pgfirst_private.dropdown for no key update",
    "select from pgfirst_private.dropdown_gate for update",
    "select from pgfirst_private.lock_slot for update",
  ]) {
    try {
      await attacker.unsafe(stmt);
    } catch (e) {
      if ((e as { code?: string }).code === "42501") refused.push(stmt);
      else throw e;
    }
  }
  return refused;
}

describe("locks a role without grants can take stall nothing", () => {
  it("a limited-queue claim and a dropdown refresh complete while such a role holds every lock it can", async () => {
    const dropdownId = (await db.sql<{ id: number }[]>`select id from pgfirst_private.dropdown where name = 'secr'`)[0]!.id;
    await jobEnqueue(db.sql, "sec.task", {}, { queue: "secq" });
    const attacker = as(roles.none);
    const refused = await holdEverything(attacker, dropdownId!);
    expect(refused).toHaveLength(4); // none of the row locks pgfirst uses is reachable
    // and an open transaction holding AccessShareLock on the view (any role can, by oid)
    const reserved = await attacker.reserve();
    await reserved`begin`;
    await reserved`select pg_relation_size((select c.oid from pg_class c where c.relname = 'mv_secr_dropdown'))`;

    const worker = as(roles.worker, { connection: { statement_timeout: 5000 } });
    const t0 = Date.now();
    const claimed = await worker`select * from pgfirst.job_claim(worker_id => 'sec-w', queues => array['secq'])`;
    expect(claimed).toHaveLength(1);
    await db.sql`update public.sec_item set label = 'Changed' where id = 1`; // the trigger takes gate lanes
    await worker`select pgfirst.dropdown_refresh(name => 'secr')`;
    expect(Date.now() - t0).toBeLessThan(4000);
    const [row] = await db.sql<{ text: string }[]>`select text from pgfirst_mv.mv_secr_dropdown where id = '1'`;
    expect(row!.text).toBe("Changed");
    await reserved`rollback`;
    reserved.release();
    await attacker`select pg_advisory_unlock_all()`;
  });

  it("a refresh waits for a writer that holds a gate lane, and is not starved by new writers", async () => {
    const writers = await Promise.all([db.connect(1), db.connect(1), db.connect(1)]);
    pools.push(...writers);
    // a committed change first: its marker and job exist, so the writers below take the fast
    // path instead of queueing behind w0's uncommitted job key (that wait is by design)
    await db.sql`update public.sec_item set label = 'Before' where id = 4`;
    const w0 = await writers[0]!.reserve();
    await w0`begin`;
    await w0`update public.sec_item set label = 'Held' where id = 2`; // holds a lane of both parities
    const refresher = as(roles.worker, { connection: { statement_timeout: 20000 } });
    let refreshed = false;
    const refresh = refresher`select pgfirst.dropdown_refresh(name => 'secr')`.then(() => (refreshed = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(refreshed).toBe(false); // waits for the writer that aimed its change at this refresh
    // writers arriving meanwhile never wait, whatever the refresh holds
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) {
      await writers[1 + (i % 2)]!`update public.sec_item set label = ${"W" + i} where id = 3`;
    }
    expect(Date.now() - t0).toBeLessThan(3000);
    await w0`commit`;
    w0.release();
    await refresh;
    const [row] = await db.sql<{ text: string }[]>`select text from pgfirst_mv.mv_secr_dropdown where id = '2'`;
    expect(row!.text).toBe("Held"); // the refresh's snapshot contains the change it waited for
  });
});
