--! Previous: sha1:122f2a98b231f82edb3c12efedb1576efdd39c06
--! Hash: sha1:c80ec23fc98b7dba8d6a6ae982a89254a40882e5
--! Message: dropdowns from materialized views

-- ==== dropdown module ====
-- Contrib extensions for search: pg_trgm (trigram GIN for %term%), btree_gin (tenant in the
-- same GIN index), unaccent (accent-insensitive normalisation at refresh time). Installed
-- into schema pgfirst_ext when missing; when a database already has them elsewhere (often
-- `public`) that schema is used: every reference is resolved from pg_extension at run time.
create schema if not exists pgfirst_ext;
comment on schema pgfirst_ext is 'Contrib extensions pgfirst installs when missing (pg_trgm, btree_gin, unaccent).';
revoke all on schema pgfirst_ext from public;
create extension if not exists pg_trgm with schema pgfirst_ext;
create extension if not exists btree_gin with schema pgfirst_ext;
create extension if not exists unaccent with schema pgfirst_ext;

-- Registry: one row per dropdown. Written by define/drop and once per refresh (never by
-- application writers), so it is not a contention point.
create table if not exists pgfirst_private.dropdown (
  id integer generated always as identity,
  name text not null,
  query text not null,
  sources regclass[] not null,
  debounce interval not null,
  max_staleness interval not null,
  view_schema text not null,
  view_name text not null,
  function_name text not null,
  -- the query yields group_label: results come as Select2 groups
  grouped boolean not null default false,
  -- number of completed refreshes; writers aim their change marker at a generation (see
  -- pgfirst_private.dropdown_source_changed for the protocol)
  generation bigint not null default 0,
  populated boolean not null default false,
  last_refresh_at timestamptz,
  last_refresh_started_at timestamptz,
  last_refresh_duration interval,
  last_refresh_rows bigint,
  refresh_count bigint not null default 0,
  -- n_tup_ins + n_tup_upd + n_tup_del of the sources when the last refresh started
  source_writes_at_refresh bigint,
  created_at timestamptz not null default pg_catalog.now(),
  updated_at timestamptz not null default pg_catalog.now(),
  constraint dropdown_pkey primary key (name),
  constraint dropdown_id_key unique (id),
  constraint dropdown_view_key unique (view_schema, view_name)
);
comment on table pgfirst_private.dropdown is 'Dropdown registry: definition, generated view and search function, refresh figures.';

-- Change markers: appended (never updated) by the first writing statement per refresh window
-- and by statements that run while a refresh is in progress. No row is ever contended;
-- a refresh of generation g deletes the markers aimed at generations <= g.
create table if not exists pgfirst_private.dropdown_change (
  dropdown_id integer not null,
  generation bigint not null,
  changed_at timestamptz not null
  -- no foreign key: writers insert here and must not take a key-share lock on the registry;
  -- dropdown_drop deletes a dropdown's markers itself
);
drop index if exists pgfirst_private.dropdown_change_dropdown_idx;
create index if not exists dropdown_change_lookup_idx
  on pgfirst_private.dropdown_change (dropdown_id, generation, changed_at);
comment on table pgfirst_private.dropdown_change is 'Append-only change markers: which dropdown generation must pick up a change, and since when the view is stale.';

select pgfirst_private.setting_register('dropdown.queue', 'text', '"default"',
  'Job queue that dropdown refresh jobs are enqueued on.');
select pgfirst_private.setting_register('dropdown.refresh_priority', 'integer', '0',
  'Priority of dropdown refresh jobs (higher runs first).');

--! Included functions/_internal/dropdown_ext_schema.sql
-- Schema an extension lives in (pgfirst_ext when pgfirst installed it, else wherever the
-- database already had it), so generated SQL can qualify its functions and operator classes.
create or replace function pgfirst_private.dropdown_ext_schema(extension text)
returns text
language sql
stable
strict
parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select n.nspname::text
    from pg_catalog.pg_extension e
    join pg_catalog.pg_namespace n on n.oid = e.extnamespace
   where e.extname = dropdown_ext_schema.extension
$$;

comment on function pgfirst_private.dropdown_ext_schema(text) is
  'Internal: the schema holding an installed extension (pg_trgm, btree_gin, unaccent); null when not installed.';
revoke all on function pgfirst_private.dropdown_ext_schema(text) from public;
--! EndIncluded functions/_internal/dropdown_ext_schema.sql
--! Included functions/_internal/dropdown_normalize.sql
-- Search normalisation: lower case without accents. unaccent() is only STABLE (it reads a
-- dictionary), so it is never used in an index expression: the materialized view stores the
-- normalised `search` column at refresh time, and dropdown_search normalises the term with
-- this same function. Created through EXECUTE because unaccent's schema is only known at
-- install time (pgfirst_ext, or wherever the database already had the extension).
do $do$
declare
  v_schema text := pgfirst_private.dropdown_ext_schema('unaccent');
begin
  if v_schema is null then
    raise exception 'extension unaccent is not installed' using errcode = 'PF610',
      hint = 'Install the PostgreSQL contrib package and run the pgfirst migrations again.';
  end if;
  execute pg_catalog.format($f$
    create or replace function pgfirst_private.dropdown_normalize(value text)
    returns text
    language sql
    stable
    strict
    parallel safe
    set search_path = pg_catalog, pg_temp
    as $b$ select pg_catalog.lower(%1$I.unaccent(%2$L::pg_catalog.regdictionary, value)) $b$
  $f$, v_schema, pg_catalog.quote_ident(v_schema) || '.unaccent');
end
$do$;

comment on function pgfirst_private.dropdown_normalize(text) is
  'Internal: lower-cased, accent-free form of a label or search term (unaccent + lower); stable, so only used on stored columns and terms, never in index expressions.';
revoke all on function pgfirst_private.dropdown_normalize(text) from public;
--! EndIncluded functions/_internal/dropdown_normalize.sql
--! Included functions/_internal/dropdown_source_writes.sql
-- Rows inserted, updated and deleted in the source tables according to the cumulative
-- statistics (approximate: flushed at transaction end / every second, include rolled-back
-- work, reset by pg_stat_reset). Used only for dropdown_status.pending_changes, so writers
-- pay nothing for that figure.
create or replace function pgfirst_private.dropdown_source_writes(sources regclass[])
returns bigint
language sql
stable
strict
parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(pg_catalog.sum(s.n_tup_ins + s.n_tup_upd + s.n_tup_del), 0)::bigint
    from pg_catalog.pg_stat_all_tables s
   where s.relid = any (dropdown_source_writes.sources::oid[])
$$;

comment on function pgfirst_private.dropdown_source_writes(regclass[]) is
  'Internal: approximate rows written to the given tables since statistics were last reset (n_tup_ins + n_tup_upd + n_tup_del).';
revoke all on function pgfirst_private.dropdown_source_writes(regclass[]) from public;
--! EndIncluded functions/_internal/dropdown_source_writes.sql
--! Included functions/_internal/dropdown_generate.sql
-- Writes the search function of one dropdown: static SQL against its materialized view, so
-- plans are prepared once per session and reused (no dynamic SQL per search). Called by
-- dropdown_define and, for every dropdown, by each migration that changes this template.
-- mode: 0 = every row, 1 = prefix of `search` (range scan), 2 = `search LIKE pattern`
-- (trigram GIN), 3 = lookup by ids. With after_id set, rows strictly after the keyset cursor.
create or replace function pgfirst_private.dropdown_generate(dropdown_id integer)
returns void
language plpgsql
volatile
strict
set search_path = pg_catalog, pg_temp
as $$
declare
  v_d pgfirst_private.dropdown;
  v_mv text;
  v_cols text := 'm.id, m.text, m.sort_key, m.group_label';
  v_order text := 'order by m.sort_key, m.id';
  v_after text := 'and (m.sort_key, m.id) > ($6 collate "C", $7 collate "C")';
begin
  select * into strict v_d from pgfirst_private.dropdown d where d.id = dropdown_generate.dropdown_id;
  v_mv := pg_catalog.format('%I.%I', v_d.view_schema, v_d.view_name);
  execute pg_catalog.format($f$
    create or replace function pgfirst_private.%2$I(text, text, integer, integer, integer, text, text, text[])
    returns table(r_id text, r_text text, r_sort_key text, r_group text)
    language plpgsql
    stable
    parallel safe
    -- Generic plans, made once per session: the plan shapes are fixed by construction (page
    -- index walk, prefix range, trigram bitmap + top-N sort). With custom plans the LIMIT
    -- and OFFSET parameters make every call re-plan, which costs more than the query.
    set plan_cache_mode = force_generic_plan
    set search_path = pg_catalog, pg_temp
    as $b$
    -- generated by pgfirst_private.dropdown_generate for dropdown %3$L: do not edit
    -- $1 tenant, $2 term or pattern, $3 mode, $4 limit, $5 offset, $6/$7 cursor, $8 ids
    begin
      if $3 = 3 then
        return query select %4$s from %1$s m where m.tenant = $1 and m.id = any ($8);
      elsif $3 = 0 then
        if $7 is null then
          return query select %4$s from %1$s m where m.tenant = $1 %5$s limit $4 offset $5;
        else
          return query select %4$s from %1$s m where m.tenant = $1 %6$s %5$s limit $4;
        end if;
      elsif $3 = 1 then
        -- prefix: in (search, id) order, the cursor holds search instead of sort_key
        if $7 is null then
          return query select m.id, m.text, m.search, m.group_label from %1$s m where m.tenant = $1
             and m.search >= $2 collate "C" and m.search < ($2 || pg_catalog.chr(1114111)) collate "C"
             order by m.search, m.id limit $4 offset $5;
        else
          return query select m.id, m.text, m.search, m.group_label from %1$s m where m.tenant = $1
             and m.search >= $2 collate "C" and m.search < ($2 || pg_catalog.chr(1114111)) collate "C"
             and (m.search, m.id) > ($6 collate "C", $7 collate "C")
             order by m.search, m.id limit $4;
        end if;
      else
        -- substring: always through the trigram index, then a top-N sort of the matches.
        -- Walking the page index and filtering looks cheaper to the planner but is not when
        -- the matches cluster in sort order (a surname when sorting by surname), so the
        -- order key is an expression the page index cannot provide.
        if $7 is null then
          return query select %4$s from %1$s m where m.tenant = $1 and m.search like $2
             order by m.sort_key || '', m.id limit $4 offset $5;
        else
          return query select %4$s from %1$s m where m.tenant = $1 and m.search like $2
             %6$s order by m.sort_key || '', m.id limit $4;
        end if;
      end if;
    end
    $b$
  $f$, v_mv, v_d.function_name, v_d.name, v_cols, v_order, v_after);
  execute pg_catalog.format('comment on function pgfirst_private.%I(text, text, integer, integer, integer, text, text, text[]) is %L',
    v_d.function_name, pg_catalog.format('Internal, generated: search and lookup rows of dropdown %s (%s).', v_d.name, v_mv));
  execute pg_catalog.format('revoke all on function pgfirst_private.%I(text, text, integer, integer, integer, text, text, text[]) from public',
    v_d.function_name);
end;
$$;

comment on function pgfirst_private.dropdown_generate(integer) is
  'Internal: (re)creates the generated static-SQL search function of one dropdown.';
revoke all on function pgfirst_private.dropdown_generate(integer) from public;
--! EndIncluded functions/_internal/dropdown_generate.sql
--! Included functions/_internal/dropdown_dispatch_rebuild.sql
-- Rewrites pgfirst_private.dropdown_dispatch, a static IF chain from dropdown id to its
-- generated function, so dropdown_search needs no dynamic SQL. With regenerate = true the
-- generated functions are rewritten from the current template first.
create or replace function pgfirst_private.dropdown_dispatch_rebuild(regenerate boolean default false)
returns void
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_body text;
  v_id integer;
begin
  if regenerate then
    for v_id in select d.id from pgfirst_private.dropdown d order by d.id loop
      perform pgfirst_private.dropdown_generate(v_id);
    end loop;
  end if;
  select pg_catalog.string_agg(
           pg_catalog.format('%s $1 = %s then return query select * from pgfirst_private.%I($2, $3, $4, $5, $6, $7, $8, $9);',
                  case when d.rn = 1 then 'if' else 'elsif' end, d.id, d.function_name),
           E'\n      ' order by d.id)
         || E'\n      end if;'
    into v_body
    from (select x.id, x.function_name, pg_catalog.row_number() over (order by x.id) as rn
            from pgfirst_private.dropdown x) d;
  execute pg_catalog.format($f$
    create or replace function pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[])
    returns table(r_id text, r_text text, r_sort_key text, r_group text)
    language plpgsql
    stable
    parallel safe
    set search_path = pg_catalog, pg_temp
    as $b$
    -- generated by pgfirst_private.dropdown_dispatch_rebuild: do not edit
    -- $1 dropdown id, then the arguments of the generated function
    begin
      %s
      return;
    end
    $b$
  $f$, coalesce(v_body, ''));
  comment on function pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[]) is
    'Internal, generated: routes a dropdown id to its generated search function (rows for dropdown_search and dropdown_lookup).';
  revoke all on function pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[]) from public;
end;
$$;

comment on function pgfirst_private.dropdown_dispatch_rebuild(boolean) is
  'Internal: rewrites the dispatcher from the registry (and, with regenerate, every generated search function).';
revoke all on function pgfirst_private.dropdown_dispatch_rebuild(boolean) from public;
--! EndIncluded functions/_internal/dropdown_dispatch_rebuild.sql
--! Included functions/_internal/dropdown_cursor_decode.sql
-- Inverse of the cursor dropdown_search emits in "next": base64url of the JSON array
-- [sort_key, id] of the last row of the page. Anything else is PF606.
create or replace function pgfirst_private.dropdown_cursor_decode(cursor text, out sort_key text, out id text)
language plpgsql
immutable
strict
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_json jsonb;
  v_b64 text := pg_catalog.translate(cursor, '-_', '+/');
begin
  begin
    v_b64 := v_b64 || pg_catalog.repeat('=', (4 - pg_catalog.length(v_b64) % 4) % 4);
    v_json := pg_catalog.convert_from(pg_catalog.decode(v_b64, 'base64'), 'UTF8')::jsonb;
  exception
    when invalid_parameter_value or character_not_in_repertoire or invalid_text_representation
         or untranslatable_character then
      v_json := null;
  end;
  if v_json is null or pg_catalog.jsonb_typeof(v_json) <> 'array' or pg_catalog.jsonb_array_length(v_json) <> 2
     or pg_catalog.jsonb_typeof(v_json -> 0) <> 'string' or pg_catalog.jsonb_typeof(v_json -> 1) <> 'string' then
    raise exception 'the paging cursor is not one that dropdown_search returned' using errcode = 'PF606',
      detail = pg_catalog.format('after = %s', pg_catalog.left(cursor, 80)),
      hint = 'Pass the "next" value of the previous page unchanged, or null for the first page.';
  end if;
  sort_key := v_json ->> 0;
  id := v_json ->> 1;
end;
$$;

comment on function pgfirst_private.dropdown_cursor_decode(text) is
  'Internal: decodes a dropdown_search keyset cursor into (sort_key, id); raises PF606 for anything else.';
revoke all on function pgfirst_private.dropdown_cursor_decode(text) from public;
--! EndIncluded functions/_internal/dropdown_cursor_decode.sql
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
-- never queue behind one another on it. The usual path is one query.
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
    select d.name, d.debounce into v_d from pgfirst_private.dropdown d where d.id = v_id;
    if not found then
      return null; -- dropped meanwhile
    end if;
    v_key := pg_catalog.format('pgfirst.dropdown_refresh:%s:tx%s', v_d.name, pg_catalog.txid_current());
    -- generation -1: any refresh (all of which start after this commits) clears it
    insert into pgfirst_private.dropdown_change (dropdown_id, generation, changed_at)
    values (v_id, -1, pg_catalog.statement_timestamp());
  else
    v_even := pg_catalog.pg_try_advisory_xact_lock_shared(1346766336, v_id);
    v_odd := pg_catalog.pg_try_advisory_xact_lock_shared(1346766337, v_id);
    select d.name, d.debounce, t.target,
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
      insert into pgfirst_private.dropdown_change (dropdown_id, generation, changed_at)
      values (v_id, -1, pg_catalog.statement_timestamp());
    else
      insert into pgfirst_private.dropdown_change (dropdown_id, generation, changed_at)
      values (v_id, v_d.target, pg_catalog.statement_timestamp());
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
--! Included functions/dropdown/dropdown_define.sql
create or replace function pgfirst.dropdown_define(
  name text,
  query text,
  sources regclass[],
  debounce interval default '1 second',
  max_staleness interval default '30 seconds',
  view_schema text default 'public'
)
returns void
language plpgsql
volatile
security definer -- writes the registry, creates the view and triggers on the sources, runs the first refresh
set search_path = pg_catalog, pg_temp
as $$
declare
  v_query text;
  v_columns text[];
  v_missing text[];
  v_view text := 'mv_' || name || '_dropdown';
  v_id integer;
  v_source regclass;
  v_kind "char";
  v_trgm text := pgfirst_private.dropdown_ext_schema('pg_trgm');
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
  v_query := pg_catalog.regexp_replace(coalesce(query, ''), '[[:space:];]+$', '');
  if pg_catalog.btrim(v_query) = '' then
    raise exception 'a dropdown query is required' using errcode = 'PF603',
      hint = 'A SELECT yielding tenant, id and text (optionally sort_key, search, group_label).';
  end if;

  -- Which columns does the query yield? A temporary view answers without running it.
  if pg_catalog.to_regclass('pg_temp.pgfirst_dropdown_probe') is not null then
    drop view pg_temp.pgfirst_dropdown_probe;
  end if;
  execute pg_catalog.format('create temporary view pgfirst_dropdown_probe as %s', v_query);
  select pg_catalog.array_agg(a.attname::text order by a.attnum) into v_columns
    from pg_catalog.pg_attribute a
   where a.attrelid = 'pg_temp.pgfirst_dropdown_probe'::regclass and a.attnum > 0 and not a.attisdropped;
  drop view pg_temp.pgfirst_dropdown_probe;
  select pg_catalog.array_agg(r) into v_missing
    from pg_catalog.unnest(array['tenant', 'id', 'text']) r
   where r <> all (v_columns);
  if v_missing is not null then
    raise exception 'a dropdown query must yield the columns tenant, id and text' using errcode = 'PF603',
      detail = pg_catalog.format('missing: %s; the query yields: %s', pg_catalog.array_to_string(v_missing, ', '),
                                 pg_catalog.array_to_string(v_columns, ', ')),
      hint = 'Alias them, e.g. select ''''::text as tenant, p.id::text as id, p.name as text from ...';
  end if;

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

  -- Rows without tenant or id cannot be paged or looked up: they are left out.
  execute pg_catalog.format($f$
    create materialized view %1$I.%2$I as
    select q.tenant::text collate "C" as tenant,
           q.id::text collate "C" as id,
           coalesce(q.text::text, q.id::text) as text,
           coalesce(%3$s, '') collate "C" as sort_key,
           pg_catalog.left(coalesce(pgfirst_private.dropdown_normalize(%4$s), ''), 1000) collate "C" as search,
           %5$s as group_label
      from (%6$s) q
     where q.tenant is not null and q.id is not null
     -- stored in page order: rows a search finds often sit together (a surname when sorting
     -- by surname), so a page touches few heap blocks; refreshes keep most rows in place
     order by 1, 4, 2
    with no data
  $f$, view_schema, v_view,
    case when 'sort_key' = any (v_columns) then 'q.sort_key::text'
         else 'pgfirst_private.dropdown_normalize(q.text::text)' end,
    case when 'search' = any (v_columns) then 'coalesce(q.search::text, q.text::text)' else 'q.text::text' end,
    case when 'group_label' = any (v_columns) then 'q.group_label::text' else 'null::text' end,
    v_query);
  -- unique: required by REFRESH CONCURRENTLY, and the lookup path
  execute pg_catalog.format('create unique index %I on %I.%I (tenant, id)', v_view || '_key', view_schema, v_view);
  -- first page and keyset paging, covering (index-only once the visibility map is set)
  execute pg_catalog.format('create index %I on %I.%I (tenant, sort_key, id) include (text, group_label)',
    v_view || '_page', view_schema, v_view);
  -- 1-2 character prefix search: a range scan on the C-collated normalised text, already in
  -- (search, id) order, so a page costs the same however many rows match
  execute pg_catalog.format('create index %I on %I.%I (tenant, search, id)', v_view || '_prefix', view_schema, v_view);
  -- 3+ character %term% search: trigram GIN, tenant inside the same index through btree_gin
  execute pg_catalog.format('create index %I on %I.%I using gin (tenant, search %I.gin_trgm_ops)',
    v_view || '_trgm', view_schema, v_view, v_trgm);
  execute pg_catalog.format('comment on materialized view %I.%I is %L', view_schema, v_view,
    pg_catalog.format('pgfirst dropdown %s: read it through pgfirst.dropdown_search (tenant isolation lives there); refreshed by pgfirst.dropdown_refresh.', name));
  execute pg_catalog.format('revoke all on %I.%I from public', view_schema, v_view);

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
  'Creates or replaces dropdown <name>: materialized view <view_schema>.mv_<name>_dropdown from query (tenant, id, text; optional sort_key, search, group_label) with its unique, first-page, prefix and trigram indexes, statement-level change triggers on sources, and a first (plain) refresh. The query runs with the privileges of the pgfirst owner. Takes strong locks on the sources while adding triggers.';
revoke all on function pgfirst.dropdown_define(text, text, regclass[], interval, interval, text) from public;
grant execute on function pgfirst.dropdown_define(text, text, regclass[], interval, interval, text) to pgfirst_admin;
--! EndIncluded functions/dropdown/dropdown_define.sql
--! Included functions/dropdown/dropdown_search.sql
create or replace function pgfirst.dropdown_search(
  name text,
  tenant text,
  term text default '',
  page integer default 1,
  page_size integer default 30,
  after text default null
)
returns jsonb
language plpgsql
stable
security definer -- reads the dropdown views, which application roles cannot read: the tenant filter is enforced here
set search_path = pg_catalog, pg_temp
as $$
declare
  v_id integer;
  v_as_of timestamptz;
  v_term text;
  v_mode integer;
  v_sort text;
  v_after_id text;
  v_result jsonb;
  v_grouped boolean;
begin
  if page_size is null or page_size < 1 or page_size > 100 then
    raise exception 'page_size must be between 1 and 100' using errcode = 'PF604',
      detail = pg_catalog.format('page_size = %s', page_size);
  end if;
  if page is null or page < 1 then
    raise exception 'page must be 1 or more' using errcode = 'PF605',
      detail = pg_catalog.format('page = %s', page);
  end if;
  if tenant is null then
    raise exception 'tenant is required (use '''' when the dropdown has no tenants)' using errcode = 'PF608';
  end if;
  select d.id, d.last_refresh_at, d.grouped into v_id, v_as_of, v_grouped
    from pgfirst_private.dropdown d where d.name = dropdown_search.name;
  if not found then
    raise exception 'dropdown "%" is not defined', name using errcode = 'PF601',
      hint = 'Define it with pgfirst.dropdown_define; the defined ones are listed in pgfirst.dropdown_status.';
  end if;
  if after is not null then
    select c.sort_key, c.id into v_sort, v_after_id from pgfirst_private.dropdown_cursor_decode(after) c;
  end if;

  -- 1-2 characters: prefix of the normalised search text (a trigram needs 3);
  -- longer: substring through the trigram index, LIKE wildcards in the term escaped
  v_term := pg_catalog.btrim(coalesce(term, ''));
  if v_term <> '' then
    v_term := pgfirst_private.dropdown_normalize(v_term);
  end if;
  if v_term = '' then
    v_mode := 0;
  elsif pg_catalog.length(v_term) <= 2 then
    v_mode := 1;
  else
    v_mode := 2;
    v_term := '%' || pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(v_term, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  end if;

  -- one more row than the page tells whether there is a next page (no COUNT)
  if not v_grouped then
    -- built as json (text, no per-object key sorting), cast to jsonb once
    select pg_catalog.json_build_object(
             'results', coalesce(pg_catalog.json_agg(pg_catalog.json_build_object('id', x.r_id, 'text', x.r_text)
                                   order by x.n) filter (where x.n <= page_size), '[]'::json),
             'pagination', pg_catalog.json_build_object('more', pg_catalog.count(*) > page_size),
             'as_of', v_as_of,
             'next', case when pg_catalog.count(*) > page_size then
                       pg_catalog.translate(pg_catalog.encode(pg_catalog.convert_to(
                         (pg_catalog.array_agg(pg_catalog.jsonb_build_array(x.r_sort_key, x.r_id)) filter (where x.n = page_size))[1]::text,
                         'UTF8'), 'base64'), E'+/=\n', '-_')
                     end)::jsonb
      into v_result
      from pgfirst_private.dropdown_dispatch(v_id, tenant, v_term, v_mode, page_size + 1,
             case when after is null then (page - 1) * page_size else 0 end, v_sort, v_after_id, null)
           with ordinality as x(r_id, r_text, r_sort_key, r_group, n);
    return v_result;
  end if;

  -- grouped: consecutive rows with the same group_label form one Select2 group
  with r as (
    select x.r_id as id, x.r_text as text, x.r_sort_key as sort_key, x.r_group as grp, x.n
      from pgfirst_private.dropdown_dispatch(v_id, tenant, v_term, v_mode, page_size + 1,
             case when after is null then (page - 1) * page_size else 0 end, v_sort, v_after_id, null)
           with ordinality as x(r_id, r_text, r_sort_key, r_group, n)
  ),
  pg as (
    select r.*, case when r.grp is null then r.n
                     else r.n - pg_catalog.row_number() over (partition by r.grp order by r.n) end as island
      from r where r.n <= page_size
  ),
  items as (
    select pg_catalog.min(pg.n) as first_n, pg.grp,
           pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', pg.id, 'text', pg.text) order by pg.n) as children
      from pg group by pg.grp, pg.island
  )
  select pg_catalog.jsonb_build_object(
           'results', coalesce((select pg_catalog.jsonb_agg(
                                   case when i.grp is null then i.children -> 0
                                        else pg_catalog.jsonb_build_object('text', i.grp, 'children', i.children) end
                                   order by i.first_n) from items i), '[]'::jsonb),
           'pagination', pg_catalog.jsonb_build_object('more', exists (select from r where r.n > page_size)),
           'as_of', v_as_of,
           'next', (select pg_catalog.translate(pg_catalog.encode(pg_catalog.convert_to(
                             pg_catalog.jsonb_build_array(l.sort_key, l.id)::text, 'UTF8'), 'base64'), E'+/=\n', '-_')
                      from r l where l.n = page_size and exists (select from r where r.n > page_size)))
    into v_result;
  return v_result;
end;
$$;

comment on function pgfirst.dropdown_search(text, text, text, integer, integer, text) is
  'Select2 AJAX page of dropdown <name> for one tenant: {"results":[{"id","text"}] (or groups with "children"), "pagination":{"more"}, "as_of": refresh time, "next": keyset cursor for after}. Accent- and case-insensitive; prefix match for 1-2 characters, substring (trigram) for longer terms; no COUNT. One statement, static plans.';
revoke all on function pgfirst.dropdown_search(text, text, text, integer, integer, text) from public;
grant execute on function pgfirst.dropdown_search(text, text, text, integer, integer, text) to pgfirst_app;
--! EndIncluded functions/dropdown/dropdown_search.sql
--! Included functions/dropdown/dropdown_lookup.sql
create or replace function pgfirst.dropdown_lookup(name text, tenant text, ids text[])
returns table(id text, text text)
language plpgsql
stable
security definer -- reads the dropdown views, which application roles cannot read: the tenant filter is enforced here
set search_path = pg_catalog, pg_temp
as $$
declare
  v_id integer;
begin
  if tenant is null then
    raise exception 'tenant is required (use '''' when the dropdown has no tenants)' using errcode = 'PF608';
  end if;
  select d.id into v_id from pgfirst_private.dropdown d where d.name = dropdown_lookup.name;
  if not found then
    raise exception 'dropdown "%" is not defined', name using errcode = 'PF601',
      hint = 'Define it with pgfirst.dropdown_define; the defined ones are listed in pgfirst.dropdown_status.';
  end if;
  if ids is null or pg_catalog.cardinality(ids) = 0 then
    return;
  end if;
  -- in the order asked for; unknown ids (or other tenants' ids) are simply absent
  return query
    select x.r_id, x.r_text
      from pgfirst_private.dropdown_dispatch(v_id, dropdown_lookup.tenant, null, 3, null, null, null, null, ids) x
      join lateral (select pg_catalog.min(o.n) as n
                      from pg_catalog.unnest(ids) with ordinality as o(v, n) where o.v = x.r_id) o on true
     order by o.n;
end;
$$;

comment on function pgfirst.dropdown_lookup(text, text, text[]) is
  'Labels of preselected values: (id, text) for the given ids of one tenant, in the order given; ids that do not exist for that tenant are absent.';
revoke all on function pgfirst.dropdown_lookup(text, text, text[]) from public;
grant execute on function pgfirst.dropdown_lookup(text, text, text[]) to pgfirst_app;
--! EndIncluded functions/dropdown/dropdown_lookup.sql
--! Included functions/dropdown/dropdown_refresh.sql
create or replace function pgfirst.dropdown_refresh(name text)
returns void
language plpgsql
volatile
security definer -- refreshes a view owned by pgfirst and records figures in pgfirst_private
set search_path = pg_catalog, pg_temp
as $$
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
  perform pg_catalog.pg_advisory_xact_lock(1346766338, v_d.id);
  select d.generation into v_generation from pgfirst_private.dropdown d where d.id = v_d.id;
  -- wait for the writers that aimed their change at this generation (they hold this lock in
  -- shared mode until they commit): the snapshot taken below then contains their changes
  perform pg_catalog.pg_advisory_xact_lock(1346766336 + (v_generation % 2)::integer, v_d.id);

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
  -- markers aimed at this generation (or older, or -1) are now reflected in the view
  delete from pgfirst_private.dropdown_change c
   where c.dropdown_id = v_d.id and c.generation <= v_generation;
end;
$$;

comment on function pgfirst.dropdown_refresh(text) is
  'Refreshes dropdown <name>: REFRESH MATERIALIZED VIEW CONCURRENTLY (plain the first time), never blocking readers; single flight per dropdown; records duration, row count and refresh time. Raises PF601 for an unknown name.';
revoke all on function pgfirst.dropdown_refresh(text) from public;
grant execute on function pgfirst.dropdown_refresh(text) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/dropdown/dropdown_refresh.sql
--! Included functions/dropdown/refresh_all_dropdown_mvs.sql
create or replace function pgfirst.refresh_all_dropdown_mvs()
returns integer
language plpgsql
volatile
security definer -- refreshes views owned by pgfirst, reads the registry
set search_path = pg_catalog, pg_temp
as $$
declare
  v_name text;
  v_count integer := 0;
begin
  for v_name in select d.name from pgfirst_private.dropdown d order by d.name loop
    perform pgfirst.dropdown_refresh(v_name);
    v_count := v_count + 1;
  end loop;
  return v_count;
end;
$$;

comment on function pgfirst.refresh_all_dropdown_mvs() is
  'Compatible entry point: refreshes every defined dropdown (concurrently where populated) in one transaction; returns how many.';
revoke all on function pgfirst.refresh_all_dropdown_mvs() from public;
grant execute on function pgfirst.refresh_all_dropdown_mvs() to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/dropdown/refresh_all_dropdown_mvs.sql
--! Included functions/dropdown/refresh_materialized_views.sql
create or replace function pgfirst.refresh_materialized_views()
returns integer
language plpgsql
volatile
security definer -- refreshes views owned by pgfirst, reads the registry and the catalog
set search_path = pg_catalog, pg_temp
as $$
declare
  v_name text;
  v_count integer := 0;
begin
  -- A registered view may read another (through views in between): refresh the ones a view
  -- depends on first. depth = longest chain of registered views below it.
  for v_name in
    with recursive
    registered as (
      select d.name, pg_catalog.format('%I.%I', d.view_schema, d.view_name)::regclass::oid as relid
        from pgfirst_private.dropdown d
    ),
    edge as ( -- relation r reads relation ref (views and materialized views, through pg_rewrite)
      select distinct rw.ev_class as r, dep.refobjid as ref
        from pg_catalog.pg_rewrite rw
        join pg_catalog.pg_depend dep on dep.classid = 'pg_catalog.pg_rewrite'::regclass and dep.objid = rw.oid
       where dep.refclassid = 'pg_catalog.pg_class'::regclass and dep.refobjid <> rw.ev_class
    ),
    reach (root, relid, depth) as ( -- everything a registered view reads, at any distance
      select g.relid, e.ref, 1 from registered g join edge e on e.r = g.relid
      union
      select r.root, e.ref, r.depth + 1 from reach r join edge e on e.r = r.relid where r.depth < 32
    )
    select g.name
      from registered g
      left join lateral (
        select pg_catalog.max(r.depth) as depth
          from reach r join registered below on below.relid = r.relid
         where r.root = g.relid
      ) x on true
     order by coalesce(x.depth, 0), g.name
  loop
    perform pgfirst.dropdown_refresh(v_name);
    v_count := v_count + 1;
  end loop;
  return v_count;
end;
$$;

comment on function pgfirst.refresh_materialized_views() is
  'Compatible entry point: refreshes every registered (dropdown) materialized view, views that others read first (dependency order), in one transaction; returns how many.';
revoke all on function pgfirst.refresh_materialized_views() from public;
grant execute on function pgfirst.refresh_materialized_views() to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/dropdown/refresh_materialized_views.sql
--! Included functions/dropdown/dropdown_drop.sql
create or replace function pgfirst.dropdown_drop(name text)
returns boolean
language plpgsql
volatile
security definer -- removes a view, triggers and registry rows owned by pgfirst
set search_path = pg_catalog, pg_temp
as $$
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
    execute pg_catalog.format('drop function if exists pgfirst_private.%I(text, text, integer, integer, integer, text, text, text[])',
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
--! EndIncluded functions/dropdown/dropdown_drop.sql
--! Included views/dropdown_status.sql
create or replace view pgfirst.dropdown_status as
select d.name,
       pg_catalog.format('%I.%I', d.view_schema, d.view_name) as view,
       d.last_refresh_rows as rows,
       d.last_refresh_at,
       d.last_refresh_duration as last_duration,
       d.refresh_count,
       c.stale_since,
       -- approximate (cumulative statistics): rows written to the sources since the last
       -- refresh started; 0 does not prove freshness, stale_since does
       case when d.source_writes_at_refresh is not null
            then greatest(pgfirst_private.dropdown_source_writes(d.sources) - d.source_writes_at_refresh, 0)
       end as pending_changes,
       c.stale_since is not null and c.stale_since < pg_catalog.now() - d.max_staleness as staleness_breached,
       d.debounce,
       d.max_staleness,
       d.sources
  from pgfirst_private.dropdown d
  left join lateral (
    select pg_catalog.min(x.changed_at) as stale_since
      from pgfirst_private.dropdown_change x where x.dropdown_id = d.id
  ) c on true;

comment on view pgfirst.dropdown_status is
  'One row per dropdown: view, rows and duration of the last refresh, stale_since (oldest change not yet in the view), approximate pending_changes, and whether max_staleness is breached.';
revoke all on pgfirst.dropdown_status from public;
grant select on pgfirst.dropdown_status to pgfirst_admin;
--! EndIncluded views/dropdown_status.sql
-- Regenerate every dropdown's search function and the dispatcher from the current templates.
select pgfirst_private.dropdown_dispatch_rebuild(true);
