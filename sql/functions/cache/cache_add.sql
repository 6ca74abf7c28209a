create or replace function pgfirst.cache_add(
  namespace text,
  key text,
  value jsonb,
  ttl interval default null,
  tenant text default '',
  now timestamptz default null
)
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
declare
  v_now timestamptz := coalesce(cache_add.now, pg_catalog.now());
  v_ok boolean := pgfirst_private.cache_check(cache_add.namespace, cache_add.tenant, array[cache_add.key]);
  v_stored boolean;
begin
  v_ok := pgfirst_private.cache_check_value(cache_add.value);
  -- The conflict update only fires on a dead row (expired or a lease placeholder). Under
  -- concurrency the row lock serializes callers and the losers re-check the new live row,
  -- so exactly one caller stores.
  insert into pgfirst_private.cache_entry as e (tenant, namespace, key, value, expires_at, lease_until, updated_at)
  values (cache_add.tenant, cache_add.namespace, cache_add.key, cache_add.value,
          pgfirst_private.cache_expiry(cache_add.namespace, cache_add.ttl, v_now), null, v_now)
  on conflict on constraint cache_entry_pkey do update
     set value = excluded.value,
         expires_at = excluded.expires_at,
         lease_until = null,
         updated_at = excluded.updated_at
   where e.expires_at <= v_now
  returning true into v_stored;
  return coalesce(v_stored, false);
end;
$$;

comment on function pgfirst.cache_add(text, text, jsonb, interval, text, timestamptz) is
  'Stores value only when the key is missing or expired (Redis SET NX); true when it stored. Exactly one of several concurrent callers on one key gets true. One statement.';
revoke all on function pgfirst.cache_add(text, text, jsonb, interval, text, timestamptz) from public;
grant execute on function pgfirst.cache_add(text, text, jsonb, interval, text, timestamptz) to pgfirst_app;
