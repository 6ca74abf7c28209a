-- One person, one counter: "Alice", " alice " and "ALICE" (and a decomposed "é") must
-- share the lockout, or an attacker multiplies the limit by spelling variants.
create or replace function pgfirst_private.login_username_normalize(username text)
returns text
language plpgsql
stable -- lower() follows the database collation; normalize() needs a UTF8 database
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v text := username;
begin
  -- The length first: normalize() and the regular expressions below are linear in the
  -- input, and a multi-megabyte username took seconds per call (issue 10).
  if pg_catalog.octet_length(v) > (pgfirst_private.arg_limits()).username_max_bytes then
    raise exception 'a username is at most % bytes', (pgfirst_private.arg_limits()).username_max_bytes
      using errcode = 'PF306',
            detail = pg_catalog.format('Got %s bytes.', pg_catalog.octet_length(v)),
            hint = 'Refuse over-long login form fields before calling login_attempt.';
  end if;
  if v is not null and pg_catalog.getdatabaseencoding() = 'UTF8' then
    v := pg_catalog.normalize(v, 'NFC');
  end if;
  v := pg_catalog.lower(pg_catalog.regexp_replace(pg_catalog.regexp_replace(v, '^\s+|\s+$', '', 'g'), '\s+', ' ', 'g'));
  if v is null or v = '' then
    raise exception 'a username must contain a non-space character'
      using errcode = 'PF306', hint = 'Check for an empty login form field before calling login_attempt.';
  end if;
  return v;
end;
$$;

comment on function pgfirst_private.login_username_normalize(text) is
  'Internal: the form under which a username is counted: NFC (UTF8 databases), trimmed, inner whitespace collapsed to one space, lower case; PF306 when empty or over 512 bytes (checked before any normalisation).';
revoke all on function pgfirst_private.login_username_normalize(text) from public;
