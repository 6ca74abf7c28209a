-- The first tick of a schedule strictly after "after": cron via cron_next_spec in the
-- schedule's zone; every-schedules on the grid anchor + k * every (elapsed time, 1 day =
-- 86,400 s, so an interval schedule ignores DST by design).
create or replace function pgfirst_private.schedule_next_tick(
  spec pgfirst_private.cron_spec,
  every interval,
  timezone text,
  anchor timestamptz,
  after timestamptz
)
returns timestamptz
language sql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select case
    when every is null then pgfirst_private.cron_next_spec(spec, after, timezone)
    else anchor + pg_catalog.make_interval(secs =>
           (pg_catalog.floor(pg_catalog.date_part('epoch', after - anchor) / pg_catalog.date_part('epoch', every)) + 1)
           * pg_catalog.date_part('epoch', every))
  end
$$;

comment on function pgfirst_private.schedule_next_tick(pgfirst_private.cron_spec, interval, text, timestamptz, timestamptz) is
  'Internal: first tick of a cron or interval schedule strictly after "after".';
revoke all on function pgfirst_private.schedule_next_tick(pgfirst_private.cron_spec, interval, text, timestamptz, timestamptz) from public;
