create or replace function pgfirst.dropdown_refresh(name text)
returns void
language plpgsql
volatile
security definer -- refreshes a view owned by pgfirst and records figures in pgfirst_private
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_d pgfirst_private.dropdown;
  v_generation bigint;
  v_populated boolean;
  v_started timestamptz;
  v_writes bigint;
  v_rows bigint;
begin
  select * into v_d from pgfirst_private.dropdown d where d.name = dropdown_refresh.name;
  if not found then
    raise exception 'dropdown "%" is not defined', name using errcode = 'PF601',
      hint = 'Define it with pgfirst.dropdown_define; the defined ones are listed in pgfirst.dropdown_status.';
  end if;
  -- single flight: one refresh of a dropdown at a time (a second caller waits, then refreshes
  -- again, which is what it asked for: a view at least as new as its call)
  -- (the registry row, locked until commit: unreachable to roles without pgfirst grants)
  perform from pgfirst_private.dropdown d where d.id = v_d.id for no key update;
  if not found then
    return; -- dropped meanwhile
  end if;
  select d.generation into v_generation from pgfirst_private.dropdown d where d.id = v_d.id;
  -- wait for the writers that aimed their change at this generation (each holds a lane of
  -- its parity until it commits): the snapshot taken below then contains their changes.
  -- Lanes are taken in order; each one held is closed to new writers, so this ends.
  perform from pgfirst_private.dropdown_gate g
   where g.dropdown_id = v_d.id and g.parity = (v_generation % 2)::smallint
   order by g.lane
     for update;

  v_started := pg_catalog.clock_timestamp();
  v_writes := pgfirst_private.dropdown_source_writes(v_d.sources);
  select c.relispopulated into v_populated from pg_catalog.pg_class c
   where c.oid = pg_catalog.format('%I.%I', v_d.view_schema, v_d.view_name)::regclass;
  if v_populated then
    -- readers keep reading the previous contents meanwhile (ExclusiveLock allows SELECT)
    execute pg_catalog.format('refresh materialized view concurrently %I.%I', v_d.view_schema, v_d.view_name);
  else
    execute pg_catalog.format('refresh materialized view %I.%I', v_d.view_schema, v_d.view_name);
  end if;
  execute pg_catalog.format('select pg_catalog.count(*) from %I.%I', v_d.view_schema, v_d.view_name) into v_rows;
  -- a refreshed view has no planner statistics until autovacuum gets to it: gather them on
  -- the first refresh and whenever the row count moved by more than 10%
  if not v_populated or v_d.last_refresh_rows is null
     or pg_catalog.abs(v_rows - v_d.last_refresh_rows) > v_d.last_refresh_rows / 10 then
    execute pg_catalog.format('analyze %I.%I', v_d.view_schema, v_d.view_name);
  end if;

  update pgfirst_private.dropdown d
     set generation = v_generation + 1,
         populated = true,
         last_refresh_started_at = v_started,
         last_refresh_at = pg_catalog.clock_timestamp(),
         last_refresh_duration = pg_catalog.clock_timestamp() - v_started,
         last_refresh_rows = v_rows,
         refresh_count = d.refresh_count + 1,
         source_writes_at_refresh = v_writes
   where d.id = v_d.id;
  -- the lanes of this parity carry the new generation: a writer's locking read of its lane
  -- returns this version, so its usual path learns g without reading the registry
  update pgfirst_private.dropdown_gate g set generation = v_generation + 1
   where g.dropdown_id = v_d.id and g.parity = (v_generation % 2)::smallint;
  -- markers aimed at this generation (or older, or -1) are now reflected in the view
  delete from pgfirst_private.dropdown_change c
   where c.dropdown_id = v_d.id and c.generation <= v_generation;
end;
$$;

comment on function pgfirst.dropdown_refresh(text) is
  'Refreshes dropdown <name>: REFRESH MATERIALIZED VIEW CONCURRENTLY (plain the first time), never blocking readers; single flight per dropdown; records duration, row count and refresh time. Raises PF601 for an unknown name.';
revoke all on function pgfirst.dropdown_refresh(text) from public;
grant execute on function pgfirst.dropdown_refresh(text) to pgfirst_worker, pgfirst_admin;
