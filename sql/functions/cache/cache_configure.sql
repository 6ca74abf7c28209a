create or replace function pgfirst.cache_configure(
  namespace text,
  default_ttl interval default null,
  max_entries bigint default null,
  stale_ttl interval default null
)
returns void
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_namespace
set search_path = pg_catalog, pg_temp
as $$
declare
  v_ok boolean := pgfirst_private.cache_check(cache_configure.namespace, '', null);
begin
  if default_ttl <= interval '0' or stale_ttl <= interval '0'
     or default_ttl > (pgfirst_private.arg_limits()).interval_max or stale_ttl > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'cache policy intervals must be positive and at most % (or null for none)', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF103',
            detail = format('default_ttl: %s, stale_ttl: %s', default_ttl, stale_ttl);
  end if;
  if max_entries <= 0 then
    raise exception 'a cache max_entries must be positive (or null for no cap)'
      using errcode = 'PF111',
            detail = format('max_entries: %s', max_entries);
  end if;
  insert into pgfirst_private.cache_namespace as p (namespace, default_ttl, max_entries, stale_ttl, updated_at)
  values (cache_configure.namespace, cache_configure.default_ttl, cache_configure.max_entries,
          cache_configure.stale_ttl, pg_catalog.now())
  on conflict on constraint cache_namespace_pkey do update
     set default_ttl = excluded.default_ttl,
         max_entries = excluded.max_entries,
         stale_ttl = excluded.stale_ttl,
         updated_at = excluded.updated_at;
end;
$$;

comment on function pgfirst.cache_configure(text, interval, bigint, interval) is
  'Sets the whole policy of a namespace (null = none): default_ttl for writes without ttl, max_entries per (tenant, namespace) enforced by cache_cleanup (expired, then least recently written first), stale_ttl during which an expired value is still served by cache_lease. Applies to later writes and cleanups.';
revoke all on function pgfirst.cache_configure(text, interval, bigint, interval) from public;
grant execute on function pgfirst.cache_configure(text, interval, bigint, interval) to pgfirst_admin;
