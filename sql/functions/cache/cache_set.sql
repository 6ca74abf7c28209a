create or replace function pgfirst.cache_set(
  namespace text,
  key text,
  value jsonb,
  ttl interval default null,
  tenant text default '',
  now timestamptz default null
)
returns void
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_stored boolean;
begin
  -- An assignment, not PERFORM: a simple expression skips the SPI query machinery.
  v_stored := pgfirst_private.cache_write(cache_set.namespace, cache_set.key, cache_set.value, cache_set.ttl,
                                          cache_set.tenant, cache_set.now, only_if_dead => false);
end;
$$;

comment on function pgfirst.cache_set(text, text, jsonb, interval, text, timestamptz) is
  'Stores value under (tenant, namespace, key), replacing any previous value (Redis SET [EX]); ttl null = the namespace default_ttl, else no expiry. Ends a pending cache_lease on the key. One statement.';
revoke all on function pgfirst.cache_set(text, text, jsonb, interval, text, timestamptz) from public;
grant execute on function pgfirst.cache_set(text, text, jsonb, interval, text, timestamptz) to pgfirst_app;
