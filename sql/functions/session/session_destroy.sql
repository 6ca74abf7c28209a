-- Destroy leaves a tombstone (data emptied, revoked_at set) until the session's absolute
-- expiry: every write path updates live rows only, and session_put's conflict branch finds
-- the tombstone, so no late write can bring the session back.
create or replace function pgfirst.session_destroy(token text)
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_hash bytea := pgfirst_private.session_token_hash(token);
begin
  update pgfirst_private.session s
     set revoked_at = pg_catalog.now(),
         data = '{}'::jsonb
   where s.token_hash = v_hash
     and s.revoked_at is null;
  return found;
end;
$$;

comment on function pgfirst.session_destroy(text) is
  'Ends a session for good (true when it had not been destroyed yet). Final: session_set/patch/rotate/put never revive it. Idempotent, one UPDATE.';
revoke all on function pgfirst.session_destroy(text) from public;
grant execute on function pgfirst.session_destroy(text) to pgfirst_app;
