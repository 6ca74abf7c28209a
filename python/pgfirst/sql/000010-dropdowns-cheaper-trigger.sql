--! Previous: sha1:ac2121cca688e00a367f0524711b1ee73438c34d
--! Hash: sha1:2c4a1d755d1af7228efadc2768bd3a05cf26746a
--! Message: dropdowns: cheaper change trigger (markers carry fresh_until)

-- ==== dropdown trigger overhead ====
-- markers carry the end of their freshness window, so the trigger's usual path is one probe
-- of one index (no registry read); rows written before this column existed stay null and
-- simply do not qualify for the fast path
alter table pgfirst_private.dropdown_change add column if not exists fresh_until timestamptz;
--! Included triggers/dropdown_source__mark_changed.sql
-- Statement-level trigger function attached by dropdown_define to every source table of a
-- dropdown (tg_argv[0] = dropdown id). It never refreshes: it makes sure that one refresh
-- job which will see this change is queued, and usually does nothing at all.
--
-- Protocol (READ COMMITTED writers). A dropdown has a generation g = refreshes completed.
-- The refresh of generation g, before taking its snapshot, takes the exclusive advisory
-- lock (1346766336 + g % 2, id) and so waits for every writer holding it in shared mode.
-- A writer first tries, without waiting, the shared locks of BOTH parities, then reads g
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
-- append rows and take shared advisory locks: no registry row is updated, so writers
-- never queue behind one another on it. The usual path (no refresh running, a fresh marker
-- exists) is the two lock tries and one probe of the marker index, without the registry;
-- each marker stores fresh_until = changed_at + max_staleness for that probe.
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
declare
  v_id integer := tg_argv[0]::integer;
  v_even boolean;
  v_odd boolean;
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
    v_even := pg_catalog.pg_try_advisory_xact_lock_shared(1346766336, v_id);
    v_odd := pg_catalog.pg_try_advisory_xact_lock_shared(1346766337, v_id);
    -- Fast path, one probe of one index: holding BOTH parities means no refresh has passed
    -- its lock (one that commits before our snapshot shows in it; one that comes later waits
    -- for us). Every visible marker then aims at the current generation g (or at g + 1, left
    -- by a writer during a refresh of g that rolled back): in both cases its job has not taken
    -- its snapshot yet and will see this change.
    if v_even and v_odd and exists (
         select from pgfirst_private.dropdown_change c
          where c.dropdown_id = v_id and c.generation >= 0
            and c.fresh_until > pg_catalog.statement_timestamp()) then
      return null;
    end if;
    select d.name, d.debounce, d.max_staleness, t.target,
           exists (select from pgfirst_private.dropdown_change c
                    where c.dropdown_id = d.id and c.generation = t.target
                      and c.changed_at > pg_catalog.statement_timestamp() - d.max_staleness) as queued
      into v_d
      from pgfirst_private.dropdown d
      cross join lateral (
        select case when (d.generation % 2 = 0 and v_even) or (d.generation % 2 = 1 and v_odd) then d.generation
                    when v_even or v_odd then d.generation + 1 end as target) t
     where d.id = v_id;
    if not found then
      return null; -- dropped meanwhile
    end if;
    if v_d.queued then
      return null; -- a refresh that will see this change is already queued
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
--! EndIncluded triggers/dropdown_source__mark_changed.sql
