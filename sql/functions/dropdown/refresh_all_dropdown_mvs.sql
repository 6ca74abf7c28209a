-- Every view pgfirst refreshes is a dropdown, so this is refresh_materialized_views under its
-- old name: one loop, and the dependency order (a dropdown reading another's view after it).
create or replace function pgfirst.refresh_all_dropdown_mvs()
returns integer
language sql
volatile
security definer -- refreshes views owned by pgfirst, reads the registry
set search_path = pg_catalog, pg_temp
as $$
  select pgfirst.refresh_materialized_views()
$$;

comment on function pgfirst.refresh_all_dropdown_mvs() is
  'Compatible entry point: refreshes every defined dropdown (concurrently where populated) in dependency order, in one transaction; returns how many.';
revoke all on function pgfirst.refresh_all_dropdown_mvs() from public;
grant execute on function pgfirst.refresh_all_dropdown_mvs() to pgfirst_worker, pgfirst_admin;
