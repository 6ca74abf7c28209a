-- Expiry for a write: now + ttl, else now + the namespace's default_ttl, else null (never).
create or replace function pgfirst_private.cache_expiry(namespace text, ttl interval, now timestamptz)
returns timestamptz
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_ttl interval := ttl;
begin
  if v_ttl is null then
    select p.default_ttl into v_ttl
      from pgfirst_private.cache_namespace p
     where p.namespace = cache_expiry.namespace;
  elsif v_ttl <= interval '0' or v_ttl > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'a cache ttl must be positive and at most %', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF103',
            detail = format('ttl: %s', v_ttl),
            hint = 'Pass ttl => null for the namespace default (or no expiry), or use cache_delete to remove a key.';
  end if;
  return now + v_ttl;
end;
$$;

comment on function pgfirst_private.cache_expiry(text, interval, timestamptz) is
  'Internal: expiry for a cache write (now + ttl, else the namespace default, else null = never); raises PF103 for a ttl <= 0 or over 100 years.';
revoke all on function pgfirst_private.cache_expiry(text, interval, timestamptz) from public;
