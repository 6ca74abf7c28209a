-- Statement-level trigger function attached by dropdown_define to every source table of a
-- dropdown (tg_argv[0] = dropdown id). It never refreshes: it makes sure that one refresh
-- job which will see this change is queued, and usually does nothing at all.
--
-- Protocol (READ COMMITTED writers). A dropdown has a generation g = refreshes completed.
-- The refresh of generation g, before taking its snapshot, locks every lane of parity g % 2
-- in pgfirst_private.dropdown_gate and so waits for every writer holding one of them.
-- A writer first tries, without waiting, to lock a lane of BOTH parities, then reads g
-- (a snapshot taken after the locks):
--   * it holds the parity of g: refresh g has not passed its lock and will wait for this
--     transaction, so its snapshot will contain this change -> aim at g;
--   * it holds only the other parity: refresh g holds (or waits for) the lock of g, i.e. it
--     may already have its snapshot; refresh g+1 will wait for us -> aim at g+1.
-- (A refresh committing between the locks and the read is harmless: the read then shows
-- g+1, whose parity is the one the writer holds.) If a committed marker for the target
-- exists (recent enough, see max_staleness), its writer already queued that refresh:
-- nothing to do. Otherwise append a marker and enqueue the job keyed by (dropdown, target
-- generation) in mode 'keep', which neither duplicates nor postpones it. Writers only
-- append rows and lock gate lanes (only refreshes update them): no registry row is updated,
-- so writers never queue behind one another on it. The usual path (no refresh running, a
-- fresh marker exists) is one statement: the lock of this backend's lane of both parities,
-- which also reads the generation the last refresh wrote into them and the marker an earlier
-- transaction on this lane found, without the registry; each marker stores fresh_until = changed_at +
-- max_staleness, and the writer copies the target and that bound into its own lane rows
-- (which it holds), so that the next statements of its backend need only the lane lock.
-- Other isolation levels read g from an older snapshot, so they enqueue a refresh of their
-- own (keyed by their transaction; the job only becomes visible when they commit, so it sees
-- the change) and a marker with generation -1 that any later refresh clears: correct,
-- but not deduplicated across transactions.
create or replace function pgfirst_private.dropdown_source_changed()
returns trigger
language plpgsql
volatile
security definer -- writes pgfirst_private.dropdown_change and enqueues a job on behalf of any writer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_id integer := tg_argv[0]::integer;
  v_even boolean;
  v_odd boolean;
  v_queued boolean;
  v_own boolean;
  v_d record;
  v_key text;
begin
  if pg_catalog.current_setting('transaction_isolation') <> 'read committed' then
    select d.name, d.debounce, d.max_staleness into v_d from pgfirst_private.dropdown d where d.id = v_id;
    if not found then
      return null; -- dropped meanwhile
    end if;
    v_key := pg_catalog.format('pgfirst.dropdown_refresh:%s:tx%s', v_d.name, pg_catalog.txid_current());
    -- generation -1: any refresh (all of which start after this commits) clears it
    insert into pgfirst_private.dropdown_change (dropdown_id, generation, changed_at, fresh_until)
    values (v_id, -1, pg_catalog.statement_timestamp(), pg_catalog.statement_timestamp() + v_d.max_staleness);
  else
    -- Usual path, ONE statement (issue 16; before: a lock statement, then a probe of the
    -- marker index with a snapshot taken after it): lock this backend's own lane of both
    -- parities (lane = pid % 64; rows of a private table, so no role without pgfirst grants
    -- can hold them). A locking read returns the latest committed version of each lane row:
    -- its `generation` is the one the refresh that last locked that parity wrote when it
    -- committed, so max(generation) is the generation g as of the lock; `queued_generation`
    -- and `queued_until` are what an earlier transaction of a backend on this lane found or
    -- made: a marker (so a refresh job) for that generation, fresh until then. Holding BOTH
    -- parities means no refresh has passed its lock (one that committed before shows in g;
    -- one that comes later waits for us), so if the queued generation is still >= g, that
    -- refresh has not taken its snapshot and will see this change.
    -- (a join of the two lane rows rather than an aggregate: executor start-up of an Agg
    -- node cost as much as the rest of the statement)
    select greatest(g0.generation, g1.generation) <= least(g0.queued_generation, g1.queued_generation)
           and least(g0.queued_until, g1.queued_until) > pg_catalog.statement_timestamp()
      into v_queued
      from pgfirst_private.dropdown_gate g0
      join pgfirst_private.dropdown_gate g1 on g1.dropdown_id = g0.dropdown_id and g1.parity = 1 and g1.lane = g0.lane
     where g0.dropdown_id = v_id and g0.parity = 0 and g0.lane = pg_catalog.pg_backend_pid() & 63
       for no key update of g0, g1 skip locked;
    v_own := found;
    if v_own and v_queued then
      return null;
    end if;
    -- not both of the own lane (a lock skipped may still be held: taking it again succeeds)
    v_even := v_own;
    v_odd := v_own;
    -- otherwise a free lane for each parity not held (the own one, or another when a
    -- concurrent writer holds it)
    if not v_even then
      perform from pgfirst_private.dropdown_gate g where g.dropdown_id = v_id and g.parity = 0
        order by g.lane = pg_catalog.pg_backend_pid() & 63 desc
        limit 1 for no key update skip locked;
      v_even := found;
    end if;
    if not v_odd then
      perform from pgfirst_private.dropdown_gate g where g.dropdown_id = v_id and g.parity = 1
        order by g.lane = pg_catalog.pg_backend_pid() & 63 desc
        limit 1 for no key update skip locked;
      v_odd := found;
    end if;
    -- (a new snapshot from here on: it contains every refresh that committed before the locks)
    select d.name, d.debounce, d.max_staleness, t.target,
           (select pg_catalog.max(c.fresh_until) from pgfirst_private.dropdown_change c
             where c.dropdown_id = d.id and c.generation = t.target) as fresh_until
      into v_d
      from pgfirst_private.dropdown d
      cross join lateral (
        select case when (d.generation % 2 = 0 and v_even) or (d.generation % 2 = 1 and v_odd) then d.generation
                    when v_even or v_odd then d.generation + 1 end as target) t
     where d.id = v_id;
    if not found then
      return null; -- dropped meanwhile
    end if;
    if v_d.fresh_until > pg_catalog.statement_timestamp() then
      -- a refresh that will see this change is already queued: note it in this backend's own
      -- lane (held, both parities, so target = g) for the usual path of its next statements
      if v_own then
        update pgfirst_private.dropdown_gate g set queued_generation = v_d.target, queued_until = v_d.fresh_until
         where g.dropdown_id = v_id and g.lane = pg_catalog.pg_backend_pid() & 63;
      end if;
      return null;
    end if;
    if v_d.target is null then
      -- both parities taken (not expected: one refresh at a time): a refresh of our own is safe
      v_key := pg_catalog.format('pgfirst.dropdown_refresh:%s:tx%s', v_d.name, pg_catalog.txid_current());
      insert into pgfirst_private.dropdown_change (dropdown_id, generation, changed_at, fresh_until)
      values (v_id, -1, pg_catalog.statement_timestamp(), pg_catalog.statement_timestamp() + v_d.max_staleness);
    else
      insert into pgfirst_private.dropdown_change (dropdown_id, generation, changed_at, fresh_until)
      values (v_id, v_d.target, pg_catalog.statement_timestamp(), pg_catalog.statement_timestamp() + v_d.max_staleness);
      v_key := pg_catalog.format('pgfirst.dropdown_refresh:%s:%s', v_d.name, v_d.target);
      if v_own then
        update pgfirst_private.dropdown_gate g
           set queued_generation = v_d.target, queued_until = pg_catalog.statement_timestamp() + v_d.max_staleness
         where g.dropdown_id = v_id and g.lane = pg_catalog.pg_backend_pid() & 63;
      end if;
    end if;
  end if;
  perform pgfirst.job_enqueue(
    task => 'pgfirst.dropdown_refresh',
    payload => pg_catalog.jsonb_build_object('name', v_d.name),
    queue => pgfirst_private.setting_value('dropdown.queue') #>> '{}',
    run_at => pg_catalog.statement_timestamp() + v_d.debounce,
    priority => pgfirst_private.setting_int('dropdown.refresh_priority')::integer,
    job_key => v_key,
    job_key_mode => 'keep');
  return null;
end;
$$;

comment on function pgfirst_private.dropdown_source_changed() is
  'Internal trigger (statement level) on dropdown sources: records that a refresh is needed and enqueues at most one debounced refresh job per generation; never refreshes in the writer''s transaction.';
revoke all on function pgfirst_private.dropdown_source_changed() from public;
