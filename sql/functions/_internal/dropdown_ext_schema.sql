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
