--! Previous: sha1:2c4a1d755d1af7228efadc2768bd3a05cf26746a
--! Hash: sha1:a1f9ec6c466d3edcb5a29aecbc28e69d01a4f560
--! Message: dropdowns: refresh_all_dropdown_mvs delegates to refresh_materialized_views

-- ==== dropdown compat ====
-- refresh_all_dropdown_mvs delegates to refresh_materialized_views (same set, dependency order)
--! Included functions/dropdown/refresh_all_dropdown_mvs.sql
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
--! EndIncluded functions/dropdown/refresh_all_dropdown_mvs.sql
