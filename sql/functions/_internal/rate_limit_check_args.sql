-- Validates rate_limit_hit/peek arguments and returns the GCRA emission interval (the time
-- one unit of cost buys) in whole microseconds: floor(per / max_hits), with a '1 day' of
-- 86400 s and a '1 month' of 30 days (the same arithmetic on every call). Callers measure
-- the burst as max_hits emission intervals, never as `per` itself: with a rounded-down
-- interval, `per` could hold one hit more than max_hits (1500 per second: 1501 x 666 us).
-- A rate above one hit per microsecond cannot be represented and is rejected (PF303)
-- rather than rounded to a zero interval, which would let every hit through.
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
  if tenant is null or pg_catalog.octet_length(tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes then
    raise exception 'tenant must be a text of at most % bytes', (pgfirst_private.arg_limits()).tenant_max_bytes
      using errcode = 'PF301', detail = pg_catalog.format('Got %s bytes.', pg_catalog.octet_length(tenant)),
            hint = 'Use '''' when tenants are not used.';
  end if;
  if max_hits is null or max_hits < 1 then
    raise exception 'max_hits must be at least 1'
      using errcode = 'PF302', detail = pg_catalog.format('Got %s.', max_hits);
  end if;
  v_per_us := extract(epoch from per) * 1000000;
  if per is null or v_per_us <= 0 or per > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'per must be a positive interval of at most %', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF303', detail = pg_catalog.format('Got %s.', per);
  end if;
  if v_per_us < max_hits then
    raise exception 'per must be at least max_hits microseconds (at most one hit per microsecond)'
      using errcode = 'PF303', detail = pg_catalog.format('max_hits %s per %s.', max_hits, per),
            hint = 'Use a longer period with a proportionally larger max_hits.';
  end if;
  if cost is null or cost < 1 then
    raise exception 'cost must be at least 1'
      using errcode = 'PF304', detail = pg_catalog.format('Got %s.', cost);
  end if;
  if cost > max_hits then
    raise exception 'cost must not exceed max_hits: such a hit could never be allowed'
      using errcode = 'PF305', detail = pg_catalog.format('cost %s, max_hits %s.', cost, max_hits);
  end if;
  return pg_catalog.floor(v_per_us / max_hits)::bigint;
end;
$$;

comment on function pgfirst_private.rate_limit_check_args(text, integer, interval, integer, text) is
  'Internal: validates rate-limit arguments (PF301 key/tenant, PF302 max_hits, PF303 per (positive, at most 100 years), PF304 cost, PF305 cost > max_hits) and returns the emission interval floor(per / max_hits) in microseconds (>= 1).';
revoke all on function pgfirst_private.rate_limit_check_args(text, integer, interval, integer, text) from public;
