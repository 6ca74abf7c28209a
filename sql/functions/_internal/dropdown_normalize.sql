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
