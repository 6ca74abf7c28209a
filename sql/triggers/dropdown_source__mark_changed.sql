-- Statement-level trigger function attached by dropdown_define to every source table of a
-- dropdown (tg_argv[0] = dropdown id). It never refreshes: it makes sure that one refresh
-- job which will see this change is queued, and usually does nothing at all.
--
-- Protocol (READ COMMITTED writers). A dropdown has a generation g = refreshes completed.
-- The refresh of generation g, before taking its snapshot, takes the exclusive advisory
-- lock (1346766336 + g % 2, id) and so waits for every writer holding it in shared mode.
-- A writer takes that lock in shared mode without waiting:
--   * got it for the current g: refresh g has not taken its snapshot and will see this
--     change once it is committed -> aim at g;
--   * refresh g holds it (running or about to): take the other parity, which refresh g+1
--     will wait for -> aim at g+1.
-- The writer then re-reads g (if a refresh committed meanwhile, it starts again). If a
-- committed marker for its target generation exists (recent enough, see max_staleness),
-- its writer already queued that refresh: nothing to do. Otherwise append a marker and
-- enqueue the job keyed by (dropdown, target generation) in mode 'keep', which neither
-- duplicates nor postpones it. Writers only append rows and take shared advisory locks:
-- no registry row is updated, so writers never queue behind one another on it.
-- Other isolation levels cannot re-read g, so they enqueue a refresh of their own
-- (keyed by their transaction; the job only becomes visible when they commit, so it sees
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
  v_d record;
  v_target bigint;
  v_key text;
  v_latest timestamptz;
  v_try integer;
begin
  if pg_catalog.current_setting('transaction_isolation') <> 'read committed' then
    select d.name, d.debounce into v_d from pgfirst_private.dropdown d where d.id = v_id;
    if not found then
      return null; -- dropped meanwhile
    end if;
    v_key := pg_catalog.format('pgfirst.dropdown_refresh:%s:tx%s', v_d.name, pg_catalog.txid_current());
    -- generation -1: any refresh (all of which start after this commits) clears it
    insert into pgfirst_private.dropdown_change (dropdown_id, generation, changed_at)
    values (v_id, -1, pg_catalog.statement_timestamp());
  else
    for v_try in 1 .. 5 loop
      select d.name, d.generation, d.debounce, d.max_staleness,
             pg_catalog.pg_try_advisory_xact_lock_shared(1346766336 + (d.generation % 2)::integer, d.id) as current_free
        into v_d
        from pgfirst_private.dropdown d where d.id = v_id;
      if not found then
        return null;
      end if;
      if v_d.current_free then
        v_target := v_d.generation;
      elsif pg_catalog.pg_try_advisory_xact_lock_shared(1346766336 + ((v_d.generation + 1) % 2)::integer, v_id) then
        v_target := v_d.generation + 1;
      else
        continue; -- both parities taken: the generation moved under us
      end if;
      -- confirm the generation (new snapshot) and look for a marker for the target at once
      select (select pg_catalog.max(c.changed_at) from pgfirst_private.dropdown_change c
                where c.dropdown_id = v_id and c.generation = v_target)
        into v_latest
        from pgfirst_private.dropdown d
       where d.id = v_id and d.generation = v_d.generation;
      if found then
        exit;
      end if;
      v_target := null;
    end loop;
    if v_target is null then
      -- the generation kept moving (refreshes back to back): a refresh of our own is safe
      v_key := pg_catalog.format('pgfirst.dropdown_refresh:%s:tx%s', v_d.name, pg_catalog.txid_current());
      insert into pgfirst_private.dropdown_change (dropdown_id, generation, changed_at)
      values (v_id, -1, pg_catalog.statement_timestamp());
    else
      if v_latest is not null and v_latest > pg_catalog.statement_timestamp() - v_d.max_staleness then
        return null; -- a refresh that will see this change is already queued
      end if;
      insert into pgfirst_private.dropdown_change (dropdown_id, generation, changed_at)
      values (v_id, v_target, pg_catalog.statement_timestamp());
      v_key := pg_catalog.format('pgfirst.dropdown_refresh:%s:%s', v_d.name, v_target);
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
