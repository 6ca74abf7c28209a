-- Search folding (issue 16): what a user types and what a user sees become the same words.
-- Lower case, accents removed (as dropdown_normalize), then every run of spaces and
-- punctuation (ASCII, Latin-1 and general/CJK/fullwidth punctuation) becomes one space,
-- trimmed. So "Zimmermann, Brigitte", "zimmermann brigitte" and "ZIMMERMANN (Brigitte)" fold
-- alike. Read with the C collation so that the result does not depend on the database's
-- locale. The folded text contains no LIKE wildcard (% _ \ are punctuation): patterns built
-- from its words need no escaping. Stable (unaccent reads a dictionary): used at refresh time
-- for the stored columns and once per search for the term, never in an index expression.
-- The body names unaccent directly (not dropdown_normalize): refreshes run it as
-- pgfirst_dropdown, which has USAGE on unaccent's schema but not on pgfirst_private.
do $do$
declare
  v_schema text := pgfirst_private.dropdown_ext_schema('unaccent');
begin
  if v_schema is null then
    raise exception 'extension unaccent is not installed' using errcode = 'PF610',
      hint = 'Install the PostgreSQL contrib package and run the pgfirst migrations again.';
  end if;
  execute pg_catalog.format($f$
    create or replace function pgfirst_private.dropdown_fold(value text)
    returns text
    language sql
    stable
    strict
    parallel safe
    set search_path = pg_catalog, pg_temp
    as $b$
      select pg_catalog.btrim(pg_catalog.regexp_replace(
               pg_catalog.lower(%1$I.unaccent(%2$L::pg_catalog.regdictionary, value)) collate "C",
               '[[:space:][:punct:]\u00a0-\u00a9\u00ab-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf\u00d7\u00f7\u2000-\u206f\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+',
               ' ', 'g'))
    $b$
  $f$, v_schema, pg_catalog.quote_ident(v_schema) || '.unaccent');
end
$do$;

comment on function pgfirst_private.dropdown_fold(text) is
  'Internal: the words of a label, search text or term, lower-cased, accent-free, separated by single spaces (punctuation and spaces folded); stable, so only used on stored columns and terms.';
revoke all on function pgfirst_private.dropdown_fold(text) from public;
