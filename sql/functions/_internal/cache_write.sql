-- The single-key write shared by cache_set (always) and cache_add (only over a dead row:
-- missing, expired or a lease placeholder). Under concurrency the row lock serializes
-- writers and each re-checks the row as the previous one left it, so among concurrent
-- cache_add calls on one key exactly one stores. Any write ends a pending lease.
create or replace function pgfirst_private.cache_write(
  namespace text,
  key text,
  value jsonb,
  ttl interval,
  tenant text,
  now timestamptz,
  only_if_dead boolean
)
returns boolean
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(cache_write.now) then coalesce(cache_write.now, pg_catalog.now())
                          else pgfirst_private.arg_time(cache_write.now, 'now') end;
  v_ok boolean;
  v_max bigint;
  v_default_ttl interval;
  v_stored boolean;
begin
  -- Every write comes through here: the rules are tested inline, and the helpers that
  -- raise the precise PF error only run when a rule is broken.
  if not pgfirst_private.cache_address_ok(cache_write.namespace, cache_write.tenant, cache_write.key) then
    v_ok := pgfirst_private.cache_check(cache_write.namespace, cache_write.tenant, array[cache_write.key]);
  end if;
  -- One statement for the value limit and the namespace's default TTL.
  select (coalesce(s.value, s.default_value) #>> '{}')::bigint, p.default_ttl
    into v_max, v_default_ttl
    from pgfirst_private.setting s
    left join pgfirst_private.cache_namespace p on p.namespace = cache_write.namespace
   where s.name = 'cache.max_value_bytes';
  if cache_write.value is null or pg_column_size(cache_write.value) > v_max then
    v_ok := pgfirst_private.cache_check_value(cache_write.value);
  end if;
  if cache_write.ttl <= interval '0' or cache_write.ttl > (pgfirst_private.arg_limits()).interval_max then -- cache_expiry raises PF103
    v_ok := pgfirst_private.cache_expiry(cache_write.namespace, cache_write.ttl, v_now) is null;
  end if;
  insert into pgfirst_private.cache_entry as e (tenant, namespace, key, value, expires_at, lease_until, updated_at)
  values (cache_write.tenant, cache_write.namespace, cache_write.key, cache_write.value,
          v_now + coalesce(cache_write.ttl, v_default_ttl), null, v_now)
  on conflict on constraint cache_entry_pkey do update
     set value = excluded.value,
         expires_at = excluded.expires_at,
         lease_until = null,
         updated_at = excluded.updated_at
   where not cache_write.only_if_dead or e.expires_at <= v_now
  returning true into v_stored;
  return coalesce(v_stored, false);
end;
$$;

comment on function pgfirst_private.cache_write(text, text, jsonb, interval, text, timestamptz, boolean) is
  'Internal: validates and upserts one cache entry (only over a dead row when only_if_dead); true when it stored.';
revoke all on function pgfirst_private.cache_write(text, text, jsonb, interval, text, timestamptz, boolean) from public;
