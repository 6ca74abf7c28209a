create or replace function pgfirst.cleanup_select2_cache()
returns bigint
language sql
volatile
security definer -- deletes from pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
  select pgfirst_private.cache_sweep(null, pg_catalog.now(), 'select2')
$$;

comment on function pgfirst.cleanup_select2_cache() is
  'Compatibility entry point for the old Select2 cache: removes every expired entry of namespace select2 (one lap of the table, no row limit) and enforces its cap; returns rows removed.';
revoke all on function pgfirst.cleanup_select2_cache() from public;
grant execute on function pgfirst.cleanup_select2_cache() to pgfirst_worker, pgfirst_admin;
