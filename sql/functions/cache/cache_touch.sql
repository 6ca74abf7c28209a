create or replace function pgfirst.cache_touch(
  namespace text,
  key text,
  ttl interval,
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
  v_now timestamptz := case when pgfirst_private.arg_time_ok(cache_touch.now) then coalesce(cache_touch.now, pg_catalog.now())
                          else pgfirst_private.arg_time(cache_touch.now, 'now') end;
  v_ok boolean := pgfirst_private.cache_check(cache_touch.namespace, cache_touch.tenant, array[cache_touch.key]);
  v_expires timestamptz := pgfirst_private.cache_expiry(cache_touch.namespace, cache_touch.ttl, v_now);
begin
  update pgfirst_private.cache_entry e
     set expires_at = v_expires
   where e.tenant = cache_touch.tenant
     and e.namespace = cache_touch.namespace
     and e.key = cache_touch.key
     and (e.expires_at is null or e.expires_at > v_now);
  return found;
end;
$$;

comment on function pgfirst.cache_touch(text, text, interval, text, timestamptz) is
  'Gives a live key a new expiry now + ttl (Redis EXPIRE; ttl null = the namespace default, else no expiry, like PERSIST); false when the key is missing or expired. HOT update of one row.';
revoke all on function pgfirst.cache_touch(text, text, interval, text, timestamptz) from public;
grant execute on function pgfirst.cache_touch(text, text, interval, text, timestamptz) to pgfirst_app;
