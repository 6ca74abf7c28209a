-- STABLE, not IMMUTABLE: the answer depends on the server's time zone database, which an
-- OS or PostgreSQL upgrade can change (an IMMUTABLE result could be frozen into an index).
create or replace function pgfirst.cron_next(
  cron text,
  after timestamptz,
  timezone text default 'UTC'
)
returns timestamptz
language plpgsql
stable
parallel safe
security definer -- calls the pgfirst_private cron helpers
set search_path = pg_catalog, pg_temp
as $$
declare
  v_spec pgfirst_private.cron_spec := pgfirst_private.cron_parse(cron);
begin
  perform pgfirst_private.timezone_check(cron_next.timezone);
  if after is null then
    return null;
  end if;
  perform pgfirst_private.arg_time(after, 'after');
  return pgfirst_private.cron_next_spec(v_spec, after, cron_next.timezone);
end;
$$;

comment on function pgfirst.cron_next(text, timestamptz, text) is
  'The first instant strictly after "after" at which the cron expression fires, evaluated in the wall-clock time of "timezone" (DST: a time shown twice fires once, at its first occurrence; a time skipped by a spring-forward jump fires shifted forward by the jump). Null when after is null or nothing fires within 30 years. PF501 malformed, PF502 @reboot, PF503 unknown zone.';
revoke all on function pgfirst.cron_next(text, timestamptz, text) from public;
grant execute on function pgfirst.cron_next(text, timestamptz, text) to pgfirst_app;
