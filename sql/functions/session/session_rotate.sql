-- Rotation rewrites the primary key in one UPDATE: from its commit on, the old token
-- finds nothing. Session id, data, creation time and absolute expiry are kept. The old
-- token then gets a tombstone (as session_destroy leaves one), inserted in the same
-- transaction: without it, a late session_put with the old token (a store writing back
-- the request it loaded before the rotation, or one queued on the row lock meanwhile) would
-- find no row and create a fresh session under the old, possibly fixated, token.
create or replace function pgfirst.session_rotate(token text, now timestamptz default null)
returns text
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_hash bytea := pgfirst_private.session_token_hash(token);
  v_new text := pgfirst_private.session_token_new();
  v_old record;
begin
  update pgfirst_private.session s
     set token_hash = pgfirst_private.session_token_hash(v_new),
         last_seen_at = greatest(s.last_seen_at, v_now)
   where s.token_hash = v_hash
     and s.revoked_at is null
     and s.absolute_expires_at > v_now
     and s.last_seen_at + s.idle_timeout > v_now
  returning s.tenant, s.user_id, s.created_at, s.idle_timeout, s.absolute_expires_at into v_old;
  if not found then
    return null;
  end if;
  -- the old key's index entry belongs to the row version this transaction just replaced,
  -- so the tombstone can take the key at once
  insert into pgfirst_private.session
         (token_hash, tenant, user_id, data, created_at, last_seen_at, idle_timeout, absolute_expires_at, revoked_at)
  values (v_hash, v_old.tenant, v_old.user_id, '{}'::jsonb, v_old.created_at, v_now, v_old.idle_timeout,
          v_old.absolute_expires_at, v_now);
  return v_new;
end;
$$;

comment on function pgfirst.session_rotate(text, timestamptz) is
  'Gives a live session a new token (returned) and invalidates the old one in the same transaction, leaving a tombstone so no late write can revive the old token; null when the session is unknown, expired or destroyed. Call it on login and on privilege change (defeats session fixation). Two statements, one round trip.';
revoke all on function pgfirst.session_rotate(text, timestamptz) from public;
grant execute on function pgfirst.session_rotate(text, timestamptz) to pgfirst_app;
