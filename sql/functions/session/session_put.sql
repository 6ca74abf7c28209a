-- For session stores that mint their own ids (express-session's uid-safe sid): creates the
-- session if the token was never seen, else replaces the data of the live session. A
-- destroyed session keeps a tombstone until its absolute expiry, and the conflict branch
-- only updates live rows, so a late write from a request still in flight cannot revive it.
create or replace function pgfirst.session_put(
  token text,
  user_id text,
  data jsonb,
  tenant text default '',
  idle_timeout interval default null,
  absolute_timeout interval default null,
  now timestamptz default null
)
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_idle interval := coalesce(idle_timeout, pgfirst_private.setting_interval('session.idle_timeout'));
  v_absolute interval := coalesce(absolute_timeout, pgfirst_private.setting_interval('session.absolute_timeout'));
  v_hash bytea := pgfirst_private.session_token_hash(token);
begin
  if pg_catalog.length(token) < 32 then
    raise exception 'a caller-supplied session token must be at least 32 characters long'
      using errcode = 'PF207',
            detail = pg_catalog.format('Got %s characters.', pg_catalog.length(token)),
            hint = 'Generate at least 128 random bits with a CSPRNG (express-session''s default sid is 32 characters), or let session_create mint the token.';
  end if;
  perform pgfirst_private.session_check_new(user_id, tenant, v_idle, v_absolute);
  perform pgfirst_private.session_check_data(data);

  insert into pgfirst_private.session as s
         (token_hash, tenant, user_id, data, created_at, last_seen_at, idle_timeout, absolute_expires_at)
  values (v_hash, session_put.tenant, session_put.user_id, session_put.data, v_now, v_now, v_idle, v_now + v_absolute)
  on conflict on constraint session_pkey do update
     set data = excluded.data,
         user_id = excluded.user_id,
         -- an explicit idle timeout follows the caller (express-session's cookie maxAge may
         -- change, e.g. "remember me"); the absolute expiry is never pushed back by a write
         idle_timeout = coalesce(session_put.idle_timeout, s.idle_timeout),
         last_seen_at = greatest(s.last_seen_at, v_now)
   where s.revoked_at is null
     and s.tenant = excluded.tenant
     and s.absolute_expires_at > v_now
     and s.last_seen_at + s.idle_timeout > v_now;
  return found;
end;
$$;

comment on function pgfirst.session_put(text, text, jsonb, text, interval, interval, timestamptz) is
  'Upsert for stores that mint their own tokens (>= 32 chars, PF207): creates the session if the token is new, else replaces the data (and, when given, the idle timeout; never the absolute expiry) of the live session; false (no change) for a destroyed or expired one, which therefore never comes back. One statement.';
revoke all on function pgfirst.session_put(text, text, jsonb, text, interval, interval, timestamptz) from public;
grant execute on function pgfirst.session_put(text, text, jsonb, text, interval, interval, timestamptz) to pgfirst_app;
