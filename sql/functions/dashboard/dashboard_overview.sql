-- Everything the dashboard header shows, in one round trip. Cost: queue_stats scans the
-- live job table, cache_stats the cache entries and session_count the sessions (each one
-- aggregate pass); poll it every few seconds, not in a tight loop.
create or replace function pgfirst.dashboard_overview()
returns jsonb
language plpgsql
stable
called on null input
parallel unsafe
security definer -- reads pgfirst_private through the module report functions
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  -- the caller, not the owner this function runs as: SET ROLE value, else the login role
  v_caller name := coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)::name;
  v_now timestamptz := pg_catalog.now();
begin
  return pg_catalog.jsonb_build_object(
    'server_time', v_now,
    'capabilities', pg_catalog.jsonb_build_object(
      'admin', pg_catalog.pg_has_role(v_caller, 'pgfirst_admin', 'member'),
      'worker', pg_catalog.pg_has_role(v_caller, 'pgfirst_worker', 'member')),
    'queues', (
      select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'queue', s.queue, 'pending', s.pending, 'scheduled', s.scheduled, 'running', s.running,
               'dead', s.dead,
               'oldest_pending_age_s', pg_catalog.date_part('epoch', s.oldest_pending_age),
               'paused', coalesce(q.paused, false), 'concurrency', q.concurrency,
               'keep_finished', q.keep_finished) order by s.queue), '[]'::jsonb)
        from pgfirst.queue_stats() s
        left join pgfirst_private.job_queue q on q.queue = s.queue),
    'cache', (
      select pg_catalog.jsonb_build_object(
               'entries', coalesce(pg_catalog.sum(c.entries), 0), 'expired', coalesce(pg_catalog.sum(c.expired), 0),
               'bytes', coalesce(pg_catalog.sum(c.bytes), 0), 'hits', coalesce(pg_catalog.sum(c.hits), 0),
               'misses', coalesce(pg_catalog.sum(c.misses), 0),
               'namespaces', coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(c) order by c.namespace, c.tenant), '[]'::jsonb))
        from pgfirst.cache_stats() c),
    'sessions', (
      select pg_catalog.jsonb_build_object(
               'live', coalesce(pg_catalog.sum(s.live), 0), 'expired', coalesce(pg_catalog.sum(s.expired), 0),
               'destroyed', coalesce(pg_catalog.sum(s.destroyed), 0))
        from pgfirst.session_count() s),
    'lockouts', (
      select pg_catalog.jsonb_build_object('active', count(*))
        from pgfirst_private.login_throttle t
       where t.locked_until > v_now),
    'dropdowns', (
      select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'name', d.name, 'rows', d.rows, 'last_refresh_at', d.last_refresh_at,
               'last_duration_ms', pg_catalog.date_part('epoch', d.last_duration) * 1000,
               'stale_since', d.stale_since, 'pending_changes', d.pending_changes,
               'staleness_breached', d.staleness_breached,
               'max_staleness_s', pg_catalog.date_part('epoch', d.max_staleness)) order by d.name), '[]'::jsonb)
        from pgfirst.dropdown_status d),
    'schedules', (
      select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'name', s.name, 'task', s.task, 'spec', s.spec, 'timezone', s.timezone, 'queue', s.queue,
               'enabled', s.enabled, 'next_run', s.next_run, 'last_run', s.last_run,
               'last_job_id', s.last_job_id::text) order by s.name), '[]'::jsonb)
        from pgfirst.schedules s));
end;
$$;

comment on function pgfirst.dashboard_overview() is
  'The dashboard header in one jsonb: server_time, capabilities {admin, worker} of the caller, queues (queue_stats + paused, concurrency, keep_finished), cache totals and namespaces, session totals, active lockout count, dropdown freshness, schedules. One aggregate pass over the live jobs, cache entries and sessions.';
revoke all on function pgfirst.dashboard_overview() from public;
grant execute on function pgfirst.dashboard_overview() to pgfirst_worker, pgfirst_admin;
