-- Before a dropdown view is created: does pgfirst_dropdown, the role its query runs as at
-- every refresh, hold the grants the query needs? probe is a view of the query (parse
-- analysis only); its rule's dependencies name every relation, function and operator the
-- query references. Raises PF615 with the exact GRANT statements the DBA would run, so a
-- missing grant is a clear error at define time rather than a failed refresh job later.
-- Schema USAGE is asked for the schemas of referenced relations and functions (functions
-- whose bodies are parsed at run time look names up as pgfirst_dropdown), except
-- pg_catalog (public) and pgfirst_mv (other dropdowns' views, owned by pgfirst_dropdown).
create or replace function pgfirst_private.dropdown_grants_check(probe regclass)
returns void
language plpgsql
stable
strict
set search_path = pg_catalog, pg_temp
as $$
declare
  v_missing text[];
begin
  -- pg_depend names user objects; built-in ones are pinned and never recorded there, so
  -- the rule's stored tree is read too (relation, function, aggregate, window function
  -- and operator ids; constants are stored as bytes, so no text of the query can fake one)
  with tree as (
    select rw.ev_action::text as t from pg_catalog.pg_rewrite rw where rw.ev_class = dropdown_grants_check.probe
  ),
  dep as (
    select distinct d.refclassid, d.refobjid
      from pg_catalog.pg_rewrite rw
      join pg_catalog.pg_depend d on d.classid = 'pg_catalog.pg_rewrite'::regclass and d.objid = rw.oid
     where rw.ev_class = dropdown_grants_check.probe
    union
    select 'pg_catalog.pg_class'::regclass, m[1]::oid
      from tree, pg_catalog.regexp_matches(tree.t, ':relid (\d+)', 'g') m
    union
    select 'pg_catalog.pg_proc'::regclass, m[1]::oid
      from tree, pg_catalog.regexp_matches(tree.t, ':(?:funcid|aggfnoid|winfnoid) (\d+)', 'g') m
    union
    select 'pg_catalog.pg_operator'::regclass, m[1]::oid
      from tree, pg_catalog.regexp_matches(tree.t, ':opno (\d+)', 'g') m
  ),
  rel as (
    select c.oid, c.relnamespace as nsp
      from dep join pg_catalog.pg_class c on dep.refclassid = 'pg_catalog.pg_class'::regclass and c.oid = dep.refobjid
     where c.oid <> dropdown_grants_check.probe
  ),
  fn as (
    select p.oid, p.pronamespace as nsp
      from dep join pg_catalog.pg_proc p on dep.refclassid = 'pg_catalog.pg_proc'::regclass and p.oid = dep.refobjid
    union
    select p.oid, p.pronamespace
      from dep
      join pg_catalog.pg_operator o on dep.refclassid = 'pg_catalog.pg_operator'::regclass and o.oid = dep.refobjid
      join pg_catalog.pg_proc p on p.oid = o.oprcode::oid
  ),
  nsp as (
    select n.oid, n.nspname from (select nsp from rel union select nsp from fn) x
      join pg_catalog.pg_namespace n on n.oid = x.nsp
     where n.nspname not in ('pg_catalog', 'pgfirst_mv')
  ),
  missing as (
    select 1 as ord, n.nspname::text as obj,
           pg_catalog.format('grant usage on schema %I to pgfirst_dropdown;', n.nspname) as stmt
      from nsp n where not pg_catalog.has_schema_privilege('pgfirst_dropdown', n.oid, 'USAGE')
    union all
    select 2, r.oid::regclass::text,
           pg_catalog.format('grant select on %s to pgfirst_dropdown;', r.oid::regclass)
      from rel r
     where not pg_catalog.has_table_privilege('pgfirst_dropdown', r.oid, 'SELECT')
       and not pg_catalog.has_any_column_privilege('pgfirst_dropdown', r.oid, 'SELECT')
    union all
    select 3, f.oid::regprocedure::text,
           pg_catalog.format('grant execute on function %s to pgfirst_dropdown;', f.oid::regprocedure)
      from fn f where not pg_catalog.has_function_privilege('pgfirst_dropdown', f.oid, 'EXECUTE')
  )
  select pg_catalog.array_agg(m.stmt order by m.ord, m.obj) into v_missing from missing m;
  if v_missing is not null then
    raise exception 'the dropdown query reads objects that pgfirst_dropdown may not use' using errcode = 'PF615',
      detail = E'A DBA would run:\n' || pg_catalog.array_to_string(v_missing, E'\n'),
      hint = 'The query runs as the role pgfirst_dropdown (it owns the dropdown views), which holds only the grants a DBA gave it. Grant exactly what the dropdown must read, then define it again.';
  end if;
end;
$$;

comment on function pgfirst_private.dropdown_grants_check(regclass) is
  'Internal: raises PF615, listing the GRANT statements needed, when pgfirst_dropdown lacks USAGE, SELECT or EXECUTE on anything the (probe view of a) dropdown query references.';
revoke all on function pgfirst_private.dropdown_grants_check(regclass) from public;
