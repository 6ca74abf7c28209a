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
declare
  v_now timestamptz := coalesce(cache_set.now, pg_catalog.now());
  v_ok boolean := pgfirst_private.cache_check(cache_set.namespace, cache_set.tenant, array[cache_set.key]);
begin
  v_ok := pgfirst_private.cache_check_value(cache_set.value);
  insert into pgfirst_private.cache_entry as e (tenant, namespace, key, value, expires_at, lease_until, updated_at)
  values (cache_set.tenant, cache_set.namespace, cache_set.key, cache_set.value,
          pgfirst_private.cache_expiry(cache_set.namespace, cache_set.ttl, v_now), null, v_now)
  on conflict on constraint cache_entry_pkey do update
     set value = excluded.value,
         expires_at = excluded.expires_at,
         lease_until = null,
         updated_at = excluded.updated_at;
end;
$$;

comment on function pgfirst.cache_set(text, text, jsonb, interval, text, timestamptz) is
  'Stores value under (tenant, namespace, key), replacing any previous value (Redis SET [EX]); ttl null = the namespace default_ttl, else no expiry. Ends a pending cache_lease on the key. One statement.';
revoke all on function pgfirst.cache_set(text, text, jsonb, interval, text, timestamptz) from public;
grant execute on function pgfirst.cache_set(text, text, jsonb, interval, text, timestamptz) to pgfirst_app;
