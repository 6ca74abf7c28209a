-- One snapshot for dashboards and the Prometheus exporter. Table figures come from the
-- statistics collector and the catalog (estimates, no scans of big tables); job counts from
-- queue_stats (the live table is small by design).
create or replace function pgfirst.stats()
returns jsonb
language sql
stable
security definer -- reads pgfirst_private tables and their statistics
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object(
    'at', now(),
    'version', pgfirst.version(),
    'queues', coalesce((select jsonb_agg(jsonb_build_object(
                 'queue', q.queue, 'pending', q.pending, 'scheduled', q.scheduled, 'running', q.running,
                 'dead', q.dead, 'oldest_pending_seconds', round(coalesce(extract(epoch from q.oldest_pending_age), 0)::numeric, 3))
                 order by q.queue) from pgfirst.queue_stats() q), '[]'),
    'archive', (select jsonb_build_object(
                 'partitions', count(*) filter (where c.relname ~ '^job_archive_p'),
                 'rows_estimate', coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint,
                 'bytes', coalesce(sum(pg_total_relation_size(c.oid)), 0))
                  from pg_inherits i join pg_class c on c.oid = i.inhrelid
                 where i.inhparent = 'pgfirst_private.job_archive'::regclass),
    'schedules', (select jsonb_build_object(
                 'total', count(*),
                 'enabled', count(*) filter (where s.enabled),
                 'overdue', count(*) filter (where s.enabled and s.next_run < now() - pgfirst_private.setting_interval('schedule.missed_grace')),
                 'ticks_enqueued', coalesce(sum(s.ticks_enqueued), 0),
                 'ticks_skipped', coalesce(sum(s.ticks_skipped), 0),
                 'next_run', min(s.next_run) filter (where s.enabled))
                  from pgfirst_private.schedule s),
    'maintenance', (select jsonb_build_object('last_run', max(m.at), 'runs_last_hour', count(*) filter (where m.at > now() - interval '1 hour'))
                      from pgfirst_private.maintenance_run m),
    -- every pgfirst table (cache, sessions, rate limits, jobs, ...): whatever modules are installed
    'tables', coalesce((select jsonb_object_agg(s.relname, jsonb_build_object(
                 'rows', s.n_live_tup, 'dead_rows', s.n_dead_tup,
                 'bytes', pg_total_relation_size(s.relid),
                 'last_autovacuum', s.last_autovacuum))
                  from pg_stat_user_tables s
                 where s.schemaname = 'pgfirst_private' and s.relname !~ '^job_archive_p'), '{}')
  )
$$;

comment on function pgfirst.stats() is
  'One jsonb snapshot for dashboards: per-queue job counts, archive size, schedule counters, maintenance freshness and per-table rows/dead rows/bytes of every installed pgfirst table (statistics estimates, no big scans).';
revoke all on function pgfirst.stats() from public;
grant execute on function pgfirst.stats() to pgfirst_worker, pgfirst_admin;
