create or replace function pgfirst.cache_incr(
  namespace text,
  key text,
  delta bigint default 1,
  ttl interval default null,
  tenant text default '',
  now timestamptz default null
)
returns bigint
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(cache_incr.now) then coalesce(cache_incr.now, pg_catalog.now())
                          else pgfirst_private.arg_time(cache_incr.now, 'now') end;
  v_ok boolean := pgfirst_private.cache_check(cache_incr.namespace, cache_incr.tenant, array[cache_incr.key]);
  v_value jsonb;
begin
  if cache_incr.delta is null then
    raise exception 'cache_incr needs a delta'
      using errcode = 'PF106', hint = 'Omit delta for +1.';
  end if;
  -- A missing or dead key starts at 0 with a fresh expiry; a live key keeps its expiry
  -- (Redis INCRBY does not touch the TTL). The row lock makes concurrent increments exact.
  insert into pgfirst_private.cache_entry as e (tenant, namespace, key, value, expires_at, lease_until, updated_at)
  values (cache_incr.tenant, cache_incr.namespace, cache_incr.key, to_jsonb(cache_incr.delta),
          pgfirst_private.cache_expiry(cache_incr.namespace, cache_incr.ttl, v_now), null, v_now)
  on conflict on constraint cache_entry_pkey do update
     set value = case when e.expires_at is null or e.expires_at > v_now
                      then pgfirst_private.cache_incr_value(e.value, cache_incr.delta)
                      else excluded.value end,
         expires_at = case when e.expires_at is null or e.expires_at > v_now
                           then e.expires_at else excluded.expires_at end,
         lease_until = null,
         updated_at = excluded.updated_at
  returning e.value into v_value;
  return (v_value #>> '{}')::bigint;
end;
$$;

comment on function pgfirst.cache_incr(text, text, bigint, interval, text, timestamptz) is
  'Adds delta to an integer value atomically and returns the result (Redis INCRBY); a missing or expired key starts at 0 with expiry ttl (null = namespace default), a live key keeps its expiry. PF106 when the value is not an integer. One statement.';
revoke all on function pgfirst.cache_incr(text, text, bigint, interval, text, timestamptz) from public;
grant execute on function pgfirst.cache_incr(text, text, bigint, interval, text, timestamptz) to pgfirst_app;
