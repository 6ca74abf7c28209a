create or replace function pgfirst.refresh_materialized_views()
returns integer
language plpgsql
volatile
security definer -- refreshes views owned by pgfirst, reads the registry and the catalog
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
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
