-- The body is pgfirst_private.login_lockout_rows (sql/functions/_internal/login_lockout_rows.sql): plpgsql cannot
-- name an argument like a result column, this language sql wrapper can.
create or replace function pgfirst.login_lockouts(tenant text default null, page_size integer default 100)
returns table(tenant text, scope text, subject_hex text, subject_short text, user_subject_hex text,
              failures integer, lockouts integer, locked_until timestamptz, updated_at timestamptz)
language sql
stable
called on null input
parallel unsafe
security definer -- reads pgfirst_private (login_throttle)
set search_path = pg_catalog, pg_temp
as $$
  select * from pgfirst_private.login_lockout_rows(login_lockouts.tenant, login_lockouts.page_size)
$$;

comment on function pgfirst.login_lockouts(text, integer) is
  'Login counters locked right now (of one tenant or all), latest lock end first, at most page_size (1-1000, PF309): scope (user, ip, user_ip), the keyed hash of the subject in hex (full, for login_unlock_subject, and a 12-character prefix for display), failures, lockouts so far, locked_until, last failure. Usernames and addresses are not stored in clear.';
revoke all on function pgfirst.login_lockouts(text, integer) from public;
grant execute on function pgfirst.login_lockouts(text, integer) to pgfirst_admin;
