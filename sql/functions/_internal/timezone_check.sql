-- Raises PF503 unless the time zone is a name in pg_timezone_names (IANA names such as
-- Europe/London, plus UTC, EST5EDT and the like that ship as tz database files). PostgreSQL
-- also accepts POSIX specs ('UTC+5', 'EST5', 'FOO-3') whose sign is inverted against ISO
-- 8601 (UTC+5 is five hours WEST), and abbreviations ('CEST') that are a fixed offset
-- without daylight-saving rules: both would silently shift every run, so both are refused.
-- pg_timezone_names reads the tz database (some 40 ms): fine for schedule_set and cron_next,
-- which are not hot paths (schedule_tick does not call this).
create or replace function pgfirst_private.timezone_check(timezone text)
returns text
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
begin
  if timezone is null or pg_catalog.btrim(timezone) = '' then
    raise exception 'a time zone is required' using errcode = 'PF503',
      hint = 'Use an IANA name such as UTC, Europe/London or America/New_York.';
  end if;
  -- A bare offset ('+05:00', '-3', '5') is accepted by PostgreSQL as a POSIX zone with the
  -- sign inverted (+05:00 = five hours WEST of UTC), which would silently shift every run.
  if pg_catalog.btrim(timezone) ~ '^[+-]?[0-9]' then
    raise exception 'a time zone must be a name, not a bare UTC offset' using errcode = 'PF503',
      detail = format('time zone "%s" would be read as a POSIX offset with the sign inverted', timezone),
      hint = 'Use an IANA name such as Asia/Karachi, or Etc/GMT-5 for a fixed UTC+05:00 (IANA Etc signs are inverted too).';
  end if;
  perform pg_catalog.now() at time zone timezone_check.timezone;
  if not exists (select from pg_catalog.pg_timezone_names z
                  where pg_catalog.lower(z.name) = pg_catalog.lower(timezone_check.timezone)) then
    raise exception 'a time zone must be a tz database name, not a POSIX spec or an abbreviation' using errcode = 'PF503',
      detail = format('time zone "%s" is not in pg_timezone_names (a POSIX spec reads its offset with the sign inverted; an abbreviation has no daylight-saving rules)', timezone),
      hint = 'Use an IANA name such as Europe/Berlin, or Etc/GMT-5 for a fixed UTC+05:00 (IANA Etc signs are inverted too).';
  end if;
  return timezone;
exception when invalid_parameter_value then
  raise exception 'the time zone must be one PostgreSQL knows' using errcode = 'PF503',
    detail = format('unknown time zone "%s"', timezone),
    hint = 'Use an IANA name such as UTC, Europe/London or America/New_York (see pg_timezone_names).';
end;
$$;

comment on function pgfirst_private.timezone_check(text) is
  'Internal: returns the time zone unchanged, or raises PF503 unless it is a name in pg_timezone_names (POSIX specs such as UTC+5 and abbreviations such as CEST are refused).';
revoke all on function pgfirst_private.timezone_check(text) from public;
