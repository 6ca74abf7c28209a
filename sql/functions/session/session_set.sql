-- Update only, never upsert: a destroyed (or expired) session stays gone.
create or replace function pgfirst.session_set(token text, data jsonb, now timestamptz default null)
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_hash bytea := pgfirst_private.session_token_hash(token);
begin
  perform pgfirst_private.session_check_data(data);
  update pgfirst_private.session s
     set data = session_set.data,
         last_seen_at = greatest(s.last_seen_at, v_now)
   where s.token_hash = v_hash
     and s.revoked_at is null
     and s.absolute_expires_at > v_now
     and s.last_seen_at + s.idle_timeout > v_now;
  return found;
end;
$$;

comment on function pgfirst.session_set(text, jsonb, timestamptz) is
  'Replaces the data of a live session (true) and counts as activity; false when the token is unknown, expired or destroyed: never creates a row. PF202/PF203 for bad data.';
revoke all on function pgfirst.session_set(text, jsonb, timestamptz) from public;
grant execute on function pgfirst.session_set(text, jsonb, timestamptz) to pgfirst_app;
