-- plpgsql (it was one SQL statement) so that max_rows and now are checked before the scan.
create or replace function pgfirst.session_all(tenant text default '', max_rows integer default 1000, now timestamptz default null)
returns table(session_id text, user_id text, data jsonb, created_at timestamptz, last_seen_at timestamptz, expires_at timestamptz)
language plpgsql
stable
security definer -- reads pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(pgfirst_private.arg_time(session_all.now, 'now'), pg_catalog.now());
begin
  if session_all.max_rows is null or session_all.max_rows < 1 or session_all.max_rows > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'max_rows must be between 1 and %', (pgfirst_private.arg_limits()).batch_max
      using errcode = 'PF208', detail = pg_catalog.format('Got %s.', session_all.max_rows);
  end if;
  return query
    select s.session_id::text, s.user_id, s.data, s.created_at, s.last_seen_at,
           least(s.last_seen_at + s.idle_timeout, s.absolute_expires_at)
      from pgfirst_private.session s
     where s.tenant = session_all.tenant
       and s.revoked_at is null
       and s.absolute_expires_at > v_now
       and s.last_seen_at + s.idle_timeout > v_now
     order by s.created_at, s.session_id
     limit session_all.max_rows;
end;
$$;

comment on function pgfirst.session_all(text, integer, timestamptz) is
  'Up to max_rows (1..10000, PF208) live sessions of a tenant with their data, keyed by public session_id (tokens are not stored, so they cannot be listed). Admin only: it reads every user''s session data.';
revoke all on function pgfirst.session_all(text, integer, timestamptz) from public;
grant execute on function pgfirst.session_all(text, integer, timestamptz) to pgfirst_admin;
