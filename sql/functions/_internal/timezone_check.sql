-- Raises PF503 unless PostgreSQL knows the time zone (IANA name such as Europe/London, an
-- abbreviation or a POSIX spec). Avoids pg_timezone_names, which reads the whole tz database.
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
