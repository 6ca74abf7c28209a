create or replace function pgfirst.rate_limit_peek(
  key text,
  max_hits integer,
  per interval,
  tenant text default '',
  now timestamptz default null
)
returns table(allowed boolean, remaining integer, retry_after interval, reset_after interval)
language plpgsql
stable
security definer -- reads pgfirst_private.rate_limit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  -- the same emission interval and burst as rate_limit_hit
  v_unit_us bigint := pgfirst_private.rate_limit_check_args(key, max_hits, per, 1, tenant);
  v_burst_us bigint := v_unit_us * max_hits;
  v_burst interval := v_burst_us * interval '1 microsecond';
  v_inc interval := v_unit_us * interval '1 microsecond';
  v_tat timestamptz;
begin
  select greatest(r.tat, v_now) into v_tat
    from pgfirst_private.rate_limit r
   where r.tenant = rate_limit_peek.tenant and r.key = rate_limit_peek.key;
  v_tat := coalesce(v_tat, v_now);
  return query select v_tat + v_inc <= v_now + v_burst,
    greatest(pg_catalog.floor((v_burst_us - extract(epoch from v_tat - v_now) * 1000000) / v_unit_us), 0)::integer,
    case when v_tat + v_inc > v_now + v_burst then v_tat + v_inc - v_burst - v_now end,
    v_tat - v_now;
end;
$$;

comment on function pgfirst.rate_limit_peek(text, integer, interval, text, timestamptz) is
  'What rate_limit_hit with cost 1 would answer, without consuming anything or writing. Read-only.';
revoke all on function pgfirst.rate_limit_peek(text, integer, interval, text, timestamptz) from public;
grant execute on function pgfirst.rate_limit_peek(text, integer, interval, text, timestamptz) to pgfirst_app;
