-- Timestamps pgfirst accepts as arguments: finite and in years 1..9999, so that
-- `now + interval` (bounded by arg_limits().interval_max) and `now - stored value` stay in
-- PostgreSQL's range, and no row or loop is driven by an infinite instant
-- (maintenance(now => 'infinity') used to loop; a job at run_at '-infinity' broke health).
--
-- arg_time_ok is the rule as one boolean expression for the hot paths: `language sql`
-- without SET, so it is inlined and no call happens (listed in search_path_exempt of
-- 00-api-surface.test.sql; it names only arg_limits, schema-qualified). Callers run
-- arg_time, which raises PF006, only when it is false. Null is ok (null = the current time).
create or replace function pgfirst_private.arg_time_ok(ts timestamptz)
returns boolean
language sql
immutable
parallel safe
as $$
  select ts is null
      or (ts >= (pgfirst_private.arg_limits()).time_min and ts < (pgfirst_private.arg_limits()).time_max)
$$;

comment on function pgfirst_private.arg_time_ok(timestamptz) is
  'Internal, inlined: true when ts is null or a finite timestamp in years 1..9999 (arg_time raises PF006 otherwise).';
revoke all on function pgfirst_private.arg_time_ok(timestamptz) from public;

create or replace function pgfirst_private.arg_time(ts timestamptz, name text)
returns timestamptz
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
begin
  if not pgfirst_private.arg_time_ok(ts) then
    raise exception '% must be a finite timestamp in years 1 to 9999', name
      using errcode = 'PF006',
            detail = pg_catalog.format('%s: %s', name, ts),
            hint = 'Pass null for the current time; use a far but finite date instead of infinity.';
  end if;
  return ts;
end;
$$;

comment on function pgfirst_private.arg_time(timestamptz, text) is
  'Internal: returns ts unchanged when it is null or finite in years 1..9999; raises PF006 naming the argument otherwise.';
revoke all on function pgfirst_private.arg_time(timestamptz, text) from public;
