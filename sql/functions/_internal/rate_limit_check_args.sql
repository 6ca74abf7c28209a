-- Validates rate_limit_hit/peek arguments and returns the window in whole microseconds
-- (a '1 day' is 86400 s, a '1 month' 30 days: the same arithmetic on every call).
create or replace function pgfirst_private.rate_limit_check_args(key text, max_hits integer, per interval, cost integer, tenant text)
returns bigint
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_per_us numeric;
begin
  if key is null or key = '' then
    raise exception 'a rate-limit key must be a non-empty string'
      using errcode = 'PF301', hint = 'Use e.g. ''api:'' || user_id or ''ip:'' || address.';
  end if;
  if pg_catalog.octet_length(key) > 1024 then
    raise exception 'a rate-limit key must not exceed 1024 bytes'
      using errcode = 'PF301', detail = pg_catalog.format('Got %s bytes.', pg_catalog.octet_length(key)),
            hint = 'Hash long keys on the client.';
  end if;
  if tenant is null then
    raise exception 'tenant must not be null'
      using errcode = 'PF301', hint = 'Use '''' when tenants are not used.';
  end if;
  if max_hits is null or max_hits < 1 then
    raise exception 'max_hits must be at least 1'
      using errcode = 'PF302', detail = pg_catalog.format('Got %s.', max_hits);
  end if;
  v_per_us := extract(epoch from per) * 1000000;
  if per is null or v_per_us <= 0 then
    raise exception 'per must be a positive interval'
      using errcode = 'PF303', detail = pg_catalog.format('Got %s.', per);
  end if;
  if cost is null or cost < 1 then
    raise exception 'cost must be at least 1'
      using errcode = 'PF304', detail = pg_catalog.format('Got %s.', cost);
  end if;
  if cost > max_hits then
    raise exception 'cost must not exceed max_hits: such a hit could never be allowed'
      using errcode = 'PF305', detail = pg_catalog.format('cost %s, max_hits %s.', cost, max_hits);
  end if;
  return pg_catalog.floor(v_per_us)::bigint;
end;
$$;

comment on function pgfirst_private.rate_limit_check_args(text, integer, interval, integer, text) is
  'Internal: validates rate-limit arguments (PF301 key/tenant, PF302 max_hits, PF303 per, PF304 cost, PF305 cost > max_hits) and returns per in microseconds.';
revoke all on function pgfirst_private.rate_limit_check_args(text, integer, interval, integer, text) from public;
