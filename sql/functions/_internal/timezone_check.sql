-- Raises PF503 unless PostgreSQL knows the time zone (IANA name such as Europe/London, an
-- abbreviation or a POSIX spec such as EST5EDT) or when it is a bare numeric offset. Avoids pg_timezone_names, which reads the whole tz database.
create or replace function pgfirst_private.timezone_check(timezone text)
returns text
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
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
  return timezone;
exception when invalid_parameter_value then
  raise exception 'the time zone must be one PostgreSQL knows' using errcode = 'PF503',
    detail = format('unknown time zone "%s"', timezone),
    hint = 'Use an IANA name such as UTC, Europe/London or America/New_York (see pg_timezone_names).';
end;
$$;

comment on function pgfirst_private.timezone_check(text) is
  'Internal: returns the time zone unchanged or raises PF503 when PostgreSQL does not know it.';
revoke all on function pgfirst_private.timezone_check(text) from public;
