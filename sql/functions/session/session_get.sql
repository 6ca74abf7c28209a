-- One statement: read the live row and, only when the last touch is older than
-- session.touch_interval, slide the idle expiry (a HOT update: last_seen_at has no index).
-- The UPDATE re-checks the touch condition on the row it locks, so concurrent readers of a
-- due session write it once, not once each. This is the per-request hot path, so the token
-- hash and the setting are computed inline (no nested function calls, each of which would
-- pay for its own search_path switch).
create or replace function pgfirst.session_get(token text, now timestamptz default null)
returns table(user_id text, tenant text, data jsonb, created_at timestamptz, last_seen_at timestamptz, expires_at timestamptz)
language plpgsql
volatile
security definer -- reads and touches pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
begin
  if token is null or token = '' then
    raise exception 'a session token must be a non-empty string'
      using errcode = 'PF201',
            hint = 'Pass the token returned by session_create or session_rotate.';
  end if;
  return query
  with s as (
    select x.token_hash, x.user_id, x.tenant, x.data, x.created_at, x.last_seen_at,
           x.idle_timeout, x.absolute_expires_at
      from pgfirst_private.session x
     where x.token_hash = pg_catalog.sha256(pg_catalog.convert_to(token, 'UTF8'))
       and x.revoked_at is null
       and x.absolute_expires_at > v_now
       and x.last_seen_at + x.idle_timeout > v_now
  ), due as (
    -- same value as pgfirst_private.setting_interval('session.touch_interval'), inlined
    select v_now - (coalesce(st.value, st.default_value) #>> '{}')::interval as before
      from pgfirst_private.setting st
     where st.name = 'session.touch_interval'
  ), touched as (
    update pgfirst_private.session u
       set last_seen_at = v_now
      from s, due
     where s.last_seen_at <= due.before
       and u.token_hash = s.token_hash
       and u.last_seen_at <= due.before
       and u.revoked_at is null
    returning u.last_seen_at
  )
  select s.user_id, s.tenant, s.data, s.created_at,
         coalesce(t.last_seen_at, s.last_seen_at),
         least(coalesce(t.last_seen_at, s.last_seen_at) + s.idle_timeout, s.absolute_expires_at)
    from s left join touched t on true;
end;
$$;

comment on function pgfirst.session_get(text, timestamptz) is
  'The live session for a token (zero rows when unknown, expired or destroyed). Slides the idle expiry but writes at most once per session.touch_interval, so most reads write nothing. One statement, one index probe.';
revoke all on function pgfirst.session_get(text, timestamptz) from public;
grant execute on function pgfirst.session_get(text, timestamptz) to pgfirst_app;
