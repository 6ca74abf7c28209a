-- Creates the materialized view of one registered dropdown (WITH NO DATA) with its indexes,
-- and hands it to pgfirst_dropdown. Used by dropdown_define and by migrations that change
-- the view's shape (they drop the old view and call this, then refresh). Which optional
-- columns the query yields (sort_key, search, group_label) is read from a temporary view of
-- the stored query: parse analysis only, nothing is planned or run (see dropdown_define).
create or replace function pgfirst_private.dropdown_view_create(dropdown_id integer)
returns void
language plpgsql
volatile
strict
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_d pgfirst_private.dropdown;
  v_columns text[];
  v_trgm text := pgfirst_private.dropdown_ext_schema('pg_trgm');
  v_search text;
begin
  select * into strict v_d from pgfirst_private.dropdown d where d.id = dropdown_view_create.dropdown_id;
  if pg_catalog.to_regclass('pg_temp.pgfirst_dropdown_probe') is not null then
    drop view pg_temp.pgfirst_dropdown_probe;
  end if;
  execute pg_catalog.format(E'create temporary view pgfirst_dropdown_probe as %s\n', v_d.query);
  select pg_catalog.array_agg(a.attname::text order by a.attnum) into v_columns
    from pg_catalog.pg_attribute a
   where a.attrelid = 'pg_temp.pgfirst_dropdown_probe'::regclass and a.attnum > 0 and not a.attisdropped;
  drop view pg_temp.pgfirst_dropdown_probe;
  v_search := case when 'search' = any (v_columns) then 'coalesce(q.search::text, q.text::text)' else 'q.text::text' end;

  -- Rows without tenant or id cannot be paged or looked up: they are left out.
  -- label_key: the folded label (exact / prefix rank); haystack: the folded label and search
  -- text between single spaces, so ' word' marks the start of a word (see dropdown_search).
  execute pg_catalog.format($f$
    create materialized view %1$I.%2$I as
    select q.tenant::text collate "C" as tenant,
           q.id::text collate "C" as id,
           coalesce(q.text::text, q.id::text) as text,
           coalesce(%3$s, '') collate "C" as sort_key,
           pg_catalog.left(coalesce(pgfirst_private.dropdown_normalize(%4$s), ''), 1000) collate "C" as search,
           %5$s as group_label,
           pg_catalog.left(coalesce(pgfirst_private.dropdown_fold(coalesce(q.text::text, q.id::text)), ''), 1000) collate "C" as label_key,
           (' ' || pg_catalog.left(pgfirst_private.dropdown_fold(coalesce(q.text::text, q.id::text) || ' ' || %7$s), 2000) || ' ') collate "C" as haystack
      from (%6$s
           ) q
     where q.tenant is not null and q.id is not null
     -- stored in page order: rows a search finds often sit together (a surname when sorting
     -- by surname), so a page touches few heap blocks; refreshes keep most rows in place
     order by 1, 4, 2
    with no data
  $f$, v_d.view_schema, v_d.view_name,
    case when 'sort_key' = any (v_columns) then 'q.sort_key::text'
         else 'pgfirst_private.dropdown_normalize(q.text::text)' end,
    v_search,
    case when 'group_label' = any (v_columns) then 'q.group_label::text' else 'null::text' end,
    v_d.query,
    case when 'search' = any (v_columns) then 'coalesce(q.search::text, '''')' else '''''' end);
  -- unique: required by REFRESH CONCURRENTLY, and the lookup path
  execute pg_catalog.format('create unique index %I on %I.%I (tenant, id)', v_d.view_name || '_key', v_d.view_schema, v_d.view_name);
  -- first page and keyset paging, covering (index-only once the visibility map is set)
  execute pg_catalog.format('create index %I on %I.%I (tenant, sort_key, id) include (text, group_label)',
    v_d.view_name || '_page', v_d.view_schema, v_d.view_name);
  -- search, ranks 0-1 (the label starts with the term): a range in (label_key, id) order
  execute pg_catalog.format('create index %I on %I.%I (tenant, label_key, id) include (text, group_label)',
    v_d.view_name || '_label', v_d.view_schema, v_d.view_name);
  -- search, the other matches: trigram GIN over the haystack, tenant inside the same index through btree_gin;
  -- serves '%word%' (3+ characters) and '% wo%' (a word starting with 1-2 characters)
  execute pg_catalog.format('create index %I on %I.%I using gin (tenant, haystack %I.gin_trgm_ops)',
    v_d.view_name || '_words', v_d.view_schema, v_d.view_name, v_trgm);
  execute pg_catalog.format('comment on materialized view %I.%I is %L', v_d.view_schema, v_d.view_name,
    pg_catalog.format('pgfirst dropdown %s: read it through pgfirst.dropdown_search (tenant isolation lives there); refreshed by pgfirst.dropdown_refresh.', v_d.name));
  execute pg_catalog.format('revoke all on %I.%I from public', v_d.view_schema, v_d.view_name);
  -- Owned by pgfirst_dropdown: REFRESH runs the query as the view's owner (in a
  -- security-restricted operation), so the query's code never has more rights than that role.
  perform pgfirst_private.dropdown_view_own(v_d.view_name, v_d.view_schema);
end;
$$;

comment on function pgfirst_private.dropdown_view_create(integer) is
  'Internal: creates (WITH NO DATA) the materialized view of a registered dropdown with its key, page, label and word-search indexes, owned by pgfirst_dropdown.';
revoke all on function pgfirst_private.dropdown_view_create(integer) from public;
