create or replace function pgfirst.cache_lease(
  namespace text,
  key text,
  lease interval default '30 seconds',
  tenant text default '',
  now timestamptz default null
)
returns table (value jsonb, hit boolean, leased boolean, stale boolean)
language plpgsql
volatile
security definer -- reads and writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(cache_lease.now) then coalesce(cache_lease.now, pg_catalog.now())
                          else pgfirst_private.arg_time(cache_lease.now, 'now') end;
  v_ok boolean;
  v_rate double precision;
  v_value jsonb;
  v_expires timestamptz;
  v_stale_ttl interval;
  v_leased boolean := false;
  v_live boolean;
begin
  if cache_lease.lease is null or cache_lease.lease <= interval '0' or cache_lease.lease > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'a cache lease must be a positive interval of at most %', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF103',
            detail = format('lease: %s', coalesce(cache_lease.lease::text, 'null')),
            hint = 'Use about the time the value takes to compute, e.g. ''30 seconds''.';
  end if;
  -- The address rules inline, as in cache_get (getOrSet calls this on every read).
  if not pgfirst_private.cache_address_ok(cache_lease.namespace, cache_lease.tenant, cache_lease.key) then
    v_ok := pgfirst_private.cache_check(cache_lease.namespace, cache_lease.tenant, array[cache_lease.key]);
  end if;
  -- Hit: one lookup, no write.
  select e.value, (coalesce(s.value, s.default_value) #>> '{}')::double precision
    into v_value, v_rate
    from pgfirst_private.setting s
    left join pgfirst_private.cache_entry e
      on e.tenant = cache_lease.tenant and e.namespace = cache_lease.namespace and e.key = cache_lease.key
     and (e.expires_at is null or e.expires_at > v_now)
   where s.name = 'cache.stats_sample_rate';
  if v_value is not null then
    if pg_catalog.random() < v_rate then
      v_ok := pgfirst_private.cache_stat_sample(cache_lease.namespace, cache_lease.tenant, 1, 0, v_rate);
    end if;
    return query select v_value, true, false, false;
    return;
  end if;
  -- Miss: claim the lease with one upsert. A missing key gets a placeholder row (no value,
  -- expires_at = -infinity); a dead row gets lease_until only when no lease is active.
  -- The row lock serializes concurrent callers, and each re-checks the row as the previous
  -- one left it, so exactly one of them gets a row back.
  insert into pgfirst_private.cache_entry as e (tenant, namespace, key, value, expires_at, lease_until, updated_at)
  values (cache_lease.tenant, cache_lease.namespace, cache_lease.key, null, '-infinity', v_now + cache_lease.lease, v_now)
  on conflict on constraint cache_entry_pkey do update
     set lease_until = excluded.lease_until
   where e.expires_at <= v_now
     and (e.lease_until is null or e.lease_until <= v_now)
  returning true into v_leased;
  v_leased := coalesce(v_leased, false);
  -- Fresh snapshot: the current row, which a concurrent writer may just have made live.
  select e.value, e.expires_at, p.stale_ttl into v_value, v_expires, v_stale_ttl
    from pgfirst_private.cache_entry e
    left join pgfirst_private.cache_namespace p on p.namespace = e.namespace
   where e.tenant = cache_lease.tenant and e.namespace = cache_lease.namespace and e.key = cache_lease.key;
  v_live := v_value is not null and (v_expires is null or v_expires > v_now);
  if pg_catalog.random() < v_rate then
    v_ok := pgfirst_private.cache_stat_sample(cache_lease.namespace, cache_lease.tenant,
                                              v_live::int, (not v_live)::int, v_rate);
  end if;
  if v_live then
    return query select v_value, true, false, false;
    return;
  end if;
  if v_value is not null and v_expires + v_stale_ttl > v_now then
    return query select v_value, false, v_leased, true;
  else
    return query select null::jsonb, false, v_leased, false;
  end if;
end;
$$;

comment on function pgfirst.cache_lease(text, text, interval, text, timestamptz) is
  'Stampede-safe read. Hit: (value, hit, not leased). Miss: exactly one concurrent caller gets leased = true until now + lease and should compute and cache_set the value; the others get leased = false. Within the namespace''s stale_ttl after expiry every caller also gets the old value with stale = true.';
revoke all on function pgfirst.cache_lease(text, text, interval, text, timestamptz) from public;
grant execute on function pgfirst.cache_lease(text, text, interval, text, timestamptz) to pgfirst_app;
