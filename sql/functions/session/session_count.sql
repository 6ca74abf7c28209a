create or replace function pgfirst.session_count(tenant text default null, now timestamptz default null)
returns table(tenant text, live bigint, expired bigint, destroyed bigint)
language sql
stable
security definer -- reads pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
  -- first statement: refuse an infinite or out-of-range now (PF006) even when no row is read
  select pgfirst_private.arg_time(session_count.now, 'now');
  select s.tenant,
         count(*) filter (where s.revoked_at is null and s.absolute_expires_at > v.now and s.last_seen_at + s.idle_timeout > v.now),
         count(*) filter (where s.revoked_at is null and not (s.absolute_expires_at > v.now and s.last_seen_at + s.idle_timeout > v.now)),
         count(*) filter (where s.revoked_at is not null)
    from pgfirst_private.session s,
         (select coalesce(session_count.now, pg_catalog.now()) as now) v
   where session_count.tenant is null or s.tenant = session_count.tenant
   group by s.tenant
   order by s.tenant
$$;

comment on function pgfirst.session_count(text, timestamptz) is
  'Sessions per tenant: live, expired (awaiting session_cleanup) and destroyed (tombstones of destroyed sessions and rotated-away tokens). Counts only, no data; a full scan of the tenant''s rows.';
revoke all on function pgfirst.session_count(text, timestamptz) from public;
grant execute on function pgfirst.session_count(text, timestamptz) to pgfirst_app;
