-- Rotation rewrites the primary key in one UPDATE: from its commit on, the old token
-- finds nothing. Session id, data, creation time and absolute expiry are kept.
create or replace function pgfirst.session_rotate(token text, now timestamptz default null)
returns text
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
  v_hash bytea := pgfirst_private.session_token_hash(token);
  v_new text := pgfirst_private.session_token_new();
begin
  update pgfirst_private.session s
     set token_hash = pgfirst_private.session_token_hash(v_new),
         last_seen_at = greatest(s.last_seen_at, v_now)
   where s.token_hash = v_hash
     and s.revoked_at is null
     and s.absolute_expires_at > v_now
     and s.last_seen_at + s.idle_timeout > v_now;
  if not found then
    return null;
  end if;
  return v_new;
end;
$$;

comment on function pgfirst.session_rotate(text, timestamptz) is
  'Gives a live session a new token (returned) and invalidates the old one in the same UPDATE; null when the session is unknown, expired or destroyed. Call it on login and on privilege change (defeats session fixation).';
revoke all on function pgfirst.session_rotate(text, timestamptz) from public;
grant execute on function pgfirst.session_rotate(text, timestamptz) to pgfirst_app;
