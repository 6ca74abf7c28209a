create or replace function pgfirst.dropdown_drop(name text)
returns boolean
language plpgsql
volatile
security definer -- removes a view, triggers and registry rows owned by pgfirst
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_d pgfirst_private.dropdown;
  v_source regclass;
begin
  select * into v_d from pgfirst_private.dropdown d where d.name = dropdown_drop.name for update;
  if not found then
    return false;
  end if;
  for v_source in select distinct s from pg_catalog.unnest(v_d.sources) s loop
    -- a source dropped since (regclass of a dropped table no longer resolves) has no trigger
    if exists (select from pg_catalog.pg_class c where c.oid = v_source) then
      execute pg_catalog.format('drop trigger if exists %I on %s', 'pgfirst_dropdown_' || v_d.name, v_source);
    end if;
  end loop;
  execute pg_catalog.format('drop materialized view if exists %I.%I', v_d.view_schema, v_d.view_name);
  delete from pgfirst_private.dropdown d where d.id = v_d.id;
  delete from pgfirst_private.dropdown_change c where c.dropdown_id = v_d.id;
  perform pgfirst_private.dropdown_dispatch_rebuild();
  if v_d.function_name <> '' then
    execute pg_catalog.format('drop function if exists pgfirst_private.%I(text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[])',
      v_d.function_name);
  end if;
  -- refresh jobs still queued for it find no dropdown and finish without work
  return true;
end;
$$;

comment on function pgfirst.dropdown_drop(text) is
  'Removes dropdown <name>: its change triggers, materialized view, generated search function and registry row. Returns false when no such dropdown exists.';
revoke all on function pgfirst.dropdown_drop(text) from public;
grant execute on function pgfirst.dropdown_drop(text) to pgfirst_admin;
