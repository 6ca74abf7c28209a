create or replace function pgfirst.session_list(user_id text, tenant text default null, now timestamptz default null)
returns table(session_id text, created_at timestamptz, last_seen_at timestamptz, expires_at timestamptz, data jsonb)
language sql
stable
security definer -- reads pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
  -- first statement: refuse an infinite or out-of-range now (PF006) even when no row is read
  select pgfirst_private.arg_time(session_list.now, 'now');
  select s.session_id::text, s.created_at, s.last_seen_at,
         least(s.last_seen_at + s.idle_timeout, s.absolute_expires_at), s.data
    from pgfirst_private.session s
   where s.user_id = session_list.user_id
     and (session_list.tenant is null or s.tenant = session_list.tenant)
     and s.revoked_at is null
     and s.absolute_expires_at > coalesce(session_list.now, pg_catalog.now())
     and s.last_seen_at + s.idle_timeout > coalesce(session_list.now, pg_catalog.now())
   order by s.last_seen_at desc, s.session_id
$$;

comment on function pgfirst.session_list(text, text, timestamptz) is
  'The user''s live sessions, most recently used first ("your devices"). session_id is a public id that never reveals or derives the token. Read-only.';
revoke all on function pgfirst.session_list(text, text, timestamptz) from public;
grant execute on function pgfirst.session_list(text, text, timestamptz) to pgfirst_app;
