create or replace function pgfirst.dropdown_define(
  name text,
  query text,
  sources regclass[],
  debounce interval default '1 second',
  max_staleness interval default '30 seconds',
  view_schema text default 'pgfirst_mv'
)
returns void
language plpgsql
volatile
security definer -- writes the registry, creates the view (then owned by pgfirst_dropdown) and triggers on the sources, runs the first refresh
set search_path = pg_catalog, pg_temp
-- the lexical check in dropdown_query_check reads strings as the parser will
set standard_conforming_strings = on
as $$
#variable_conflict use_column
declare
  v_query text;
  v_columns text[];
  v_missing text[];
  v_view text := 'mv_' || name || '_dropdown';
  v_id integer;
  v_source regclass;
  v_kind "char";
begin
  if name is null or name !~ '^[a-z][a-z0-9_]{0,29}$' then
    raise exception 'a dropdown name is 1 to 30 characters of a-z, 0-9 and _, starting with a letter'
      using errcode = 'PF602', detail = pg_catalog.format('name = %L', name),
            hint = 'The view is named <view_schema>.mv_<name>_dropdown.';
  end if;
  if sources is null or pg_catalog.cardinality(sources) = 0 or pg_catalog.array_position(sources, null) is not null then
    raise exception 'a dropdown needs at least one source table' using errcode = 'PF607',
      detail = pg_catalog.format('sources = %L', sources),
      hint = 'List the tables whose changes must refresh the view, e.g. array[''demo.person'']::regclass[].';
  end if;
  foreach v_source in array sources loop
    select c.relkind into v_kind from pg_catalog.pg_class c where c.oid = v_source;
    if v_kind not in ('r', 'p') then
      raise exception 'dropdown sources must be tables' using errcode = 'PF607',
        detail = pg_catalog.format('%s is not a table (relkind %s)', v_source, v_kind),
        hint = 'Name the base tables behind a view; triggers cannot watch views or materialized views.';
    end if;
  end loop;
  if debounce is null or debounce < interval '0' or max_staleness is null or max_staleness <= debounce then
    raise exception 'debounce must be zero or more and max_staleness longer than debounce' using errcode = 'PF609',
      detail = pg_catalog.format('debounce = %s, max_staleness = %s', debounce, max_staleness);
  end if;
  if view_schema is null or not exists (select from pg_catalog.pg_namespace n where n.nspname = view_schema) then
    raise exception 'the view schema does not exist' using errcode = 'PF611',
      detail = pg_catalog.format('view_schema = %L', view_schema);
  end if;
  -- dropdown_search reads the view with the rights of the pgfirst owner: whoever could drop
  -- it and put a view of their own under its name would run code with those rights. So the
  -- schema must belong to the pgfirst owner and nobody else may create in it.
  if view_schema <> 'pgfirst_mv' and not exists (
       select from pg_catalog.pg_namespace n
        where n.nspname = dropdown_define.view_schema
          and n.nspowner = (select r.oid from pg_catalog.pg_roles r where r.rolname = current_user)
          and not exists (select from pg_catalog.aclexplode(n.nspacl) a
                           where a.privilege_type = 'CREATE' and a.grantee <> n.nspowner)) then
    raise exception 'a dropdown view schema must be owned by the pgfirst owner with CREATE granted to nobody else'
      using errcode = 'PF611',
      detail = pg_catalog.format('view_schema = %L', view_schema),
      hint = 'Use the default, pgfirst_mv.';
  end if;
  if query is null or pg_catalog.btrim(query, E' \t\r\n\f;') = '' then
    raise exception 'a dropdown query is required' using errcode = 'PF603',
      hint = 'A SELECT yielding tenant, id and text (optionally sort_key, search, group_label).';
  end if;
  -- exactly one SELECT, before any of the text reaches the parser (PF614)
  v_query := pgfirst_private.dropdown_query_check(query);

  -- Which columns does the query yield? A temporary view answers by parse analysis alone:
  -- CREATE VIEW neither plans nor runs the query (EXPLAIN or a cursor would plan it, and
  -- planning evaluates immutable functions on constants with the rights of the caller).
  if pg_catalog.to_regclass('pg_temp.pgfirst_dropdown_probe') is not null then
    drop view pg_temp.pgfirst_dropdown_probe;
  end if;
  begin
    execute pg_catalog.format(E'create temporary view pgfirst_dropdown_probe as %s\n', v_query);
  exception when feature_not_supported or syntax_error or invalid_object_definition then
    -- data-modifying WITH, SELECT INTO, or not parsable as a query
    raise exception 'a dropdown query must be exactly one SELECT (or WITH … SELECT) statement' using errcode = 'PF614',
      detail = pg_catalog.format('%s (%s); nothing was run.', sqlerrm, sqlstate),
      hint = 'Data-modifying WITH, SELECT INTO and utility statements are refused.';
  end;
  select pg_catalog.array_agg(a.attname::text order by a.attnum) into v_columns
    from pg_catalog.pg_attribute a
   where a.attrelid = 'pg_temp.pgfirst_dropdown_probe'::regclass and a.attnum > 0 and not a.attisdropped;
  select pg_catalog.array_agg(r) into v_missing
    from pg_catalog.unnest(array['tenant', 'id', 'text']) r
   where r <> all (v_columns);
  if v_missing is not null then
    raise exception 'a dropdown query must yield the columns tenant, id and text' using errcode = 'PF603',
      detail = pg_catalog.format('missing: %s; the query yields: %s', pg_catalog.array_to_string(v_missing, ', '),
                                 pg_catalog.array_to_string(v_columns, ', ')),
      hint = 'Alias them, e.g. select ''''::text as tenant, p.id::text as id, p.name as text from ...';
  end if;
  -- The refresh runs the query as pgfirst_dropdown: name every grant it lacks (PF615).
  perform pgfirst_private.dropdown_grants_check('pg_temp.pgfirst_dropdown_probe'::regclass);
  drop view pg_temp.pgfirst_dropdown_probe;

  -- Replace: remove the previous definition (view, triggers, generated function) first.
  if exists (select from pgfirst_private.dropdown d where d.name = dropdown_define.name) then
    perform pgfirst.dropdown_drop(name);
  end if;
  if pg_catalog.to_regclass(pg_catalog.format('%I.%I', view_schema, v_view)) is not null then
    raise exception 'a relation with the dropdown''s view name already exists' using errcode = 'PF611',
      detail = pg_catalog.format('%I.%I is not a pgfirst dropdown view', view_schema, v_view),
      hint = 'Choose another dropdown name or view_schema, or drop that relation.';
  end if;

  insert into pgfirst_private.dropdown (name, query, sources, debounce, max_staleness, view_schema, view_name, function_name, grouped)
  values (name, v_query, sources, debounce, max_staleness, view_schema, v_view, '', 'group_label' = any (v_columns))
  returning id into v_id;
  update pgfirst_private.dropdown d set function_name = 'dropdown_rows_' || v_id where d.id = v_id;
  -- the refresh gate's lanes (see dropdown_source_changed): only ever row-locked
  insert into pgfirst_private.dropdown_gate (dropdown_id, parity, lane)
  select v_id, p, l from pg_catalog.generate_series(0, 1) p, pg_catalog.generate_series(0, 63) l;

  -- the view (WITH NO DATA), its indexes, owned by pgfirst_dropdown
  perform pgfirst_private.dropdown_view_create(v_id);

  for v_source in select distinct s from pg_catalog.unnest(sources) s loop
    execute pg_catalog.format(
      'create trigger %I after insert or update or delete or truncate on %s for each statement execute function pgfirst_private.dropdown_source_changed(%L)',
      'pgfirst_dropdown_' || name, v_source, v_id);
  end loop;

  perform pgfirst_private.dropdown_generate(v_id);
  perform pgfirst_private.dropdown_dispatch_rebuild();
  perform pgfirst.dropdown_refresh(name);
end;
$$;

comment on function pgfirst.dropdown_define(text, text, regclass[], interval, interval, text) is
  'Creates or replaces dropdown <name>: materialized view <view_schema>.mv_<name>_dropdown from query (tenant, id, text; optional sort_key, search, group_label) with its unique, first-page and word-search (trigram) indexes, statement-level change triggers on sources, and a first (plain) refresh. The query must be exactly one SELECT (PF614); the view is owned by pgfirst_dropdown, so the query runs only with that role''s grants (PF615 names any it lacks). Takes strong locks on the sources while adding triggers.';
revoke all on function pgfirst.dropdown_define(text, text, regclass[], interval, interval, text) from public;
grant execute on function pgfirst.dropdown_define(text, text, regclass[], interval, interval, text) to pgfirst_admin;
