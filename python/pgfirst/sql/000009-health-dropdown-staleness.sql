--! Previous: sha1:5afac015e0fb5362411501120a91be5748e2ae37
--! Hash: sha1:ac2121cca688e00a367f0524711b1ee73438c34d
--! Message: health: dropdown staleness check; long transactions count client backends only

-- ==== health: dropdown staleness, client backends only ====
--! Included functions/core/health.sql
-- Core checks plus the job, schedule, maintenance, archive and table checks. Thresholds are
-- settings (health.*, schedule.missed_grace, archive.days_ahead). Ages are in seconds.
-- Every check reads catalog statistics or small indexed sets: cheap enough for a probe.
create or replace function pgfirst.health(now timestamptz default null)
returns table("check" text, status text, value numeric, detail text)
language sql
stable
security definer -- reads pgfirst_private and graphile-migrate bookkeeping
set search_path = pg_catalog, pg_temp
as $$
  select 'schema_version', case when v is null then 'crit' else 'ok' end,
         v::numeric, coalesce('pgfirst schema ' || v, 'no pgfirst migration recorded')
    from (select pgfirst.version() as v) x
  union all
  select 'roles',
         case when count(r.rolname) = 3 then 'ok' else 'crit' end,
         count(r.rolname),
         case when count(r.rolname) = 3 then 'pgfirst_app, pgfirst_worker, pgfirst_admin present'
              else 'missing: ' || string_agg(want.name, ', ') filter (where r.rolname is null) end
    from unnest(array['pgfirst_app', 'pgfirst_worker', 'pgfirst_admin']) as want(name)
    left join pg_roles r on r.rolname = want.name
  union all
  select 'settings', 'ok', count(*),
         count(*) filter (where s.value is not null) || ' overridden'
    from pgfirst_private.setting s
  union all
  -- oldest job that is ready to run but not running
  select 'oldest_pending_job',
         case when age is null or age <= pgfirst_private.setting_interval('health.oldest_pending_warn') then 'ok'
              when age <= pgfirst_private.setting_interval('health.oldest_pending_crit') then 'warn'
              else 'crit' end,
         round(coalesce(extract(epoch from age), 0)::numeric, 3),
         coalesce('oldest ready job waited ' || justify_interval(date_trunc('second', age))::text, 'no ready jobs')
    from (select coalesce(health.now, pg_catalog.now()) - min(j.run_at) as age
            from pgfirst_private.job j
           where j.state in ('pending', 'failed') and j.run_at <= coalesce(health.now, pg_catalog.now())) x
  union all
  select 'dead_jobs_last_hour',
         case when n < pgfirst_private.setting_int('health.dead_last_hour_warn') then 'ok'
              when n < pgfirst_private.setting_int('health.dead_last_hour_crit') then 'warn'
              else 'crit' end,
         n, n || ' job(s) ran out of attempts in the last hour'
    from (select count(*) as n from pgfirst_private.job_dead d
           where d.state = 'dead' and d.finished_at > coalesce(health.now, pg_catalog.now()) - interval '1 hour' and d.finished_at <= coalesce(health.now, pg_catalog.now())) x
  union all
  select 'reaped_leases_last_hour',
         case when n < pgfirst_private.setting_int('health.reaped_last_hour_warn') then 'ok'
              when n < pgfirst_private.setting_int('health.reaped_last_hour_crit') then 'warn'
              else 'crit' end,
         n, n || ' expired lease(s) reaped by maintenance in the last hour (workers dying or jobs outliving their lease)'
    from (select coalesce(sum((m.result->>'jobs_reaped')::bigint), 0) as n
            from pgfirst_private.maintenance_run m
           where m.at > coalesce(health.now, pg_catalog.now()) - interval '1 hour' and m.at <= coalesce(health.now, pg_catalog.now())) x
  union all
  select 'maintenance_last_run',
         case when last is null then 'warn'
              when coalesce(health.now, pg_catalog.now()) - last <= pgfirst_private.setting_interval('health.maintenance_stale') then 'ok'
              when coalesce(health.now, pg_catalog.now()) - last <= 3 * pgfirst_private.setting_interval('health.maintenance_stale') then 'warn'
              else 'crit' end,
         round(coalesce(extract(epoch from coalesce(health.now, pg_catalog.now()) - last), -1)::numeric, 3),
         coalesce('last run ' || last::text, 'maintenance has never run: start a worker or call pgfirst.maintenance()')
    from (select max(m.at) as last from pgfirst_private.maintenance_run m) x
  union all
  select 'schedules_overdue',
         case when n = 0 then 'ok'
              when worst <= pgfirst_private.setting_interval('health.schedule_overdue_crit') then 'warn'
              else 'crit' end,
         n,
         case when n = 0 then 'every enabled schedule ticked on time'
              else n || ' schedule(s) overdue, worst ' || first_name || ' by ' || justify_interval(date_trunc('second', worst))::text
                   || ' (is schedule_tick running?)' end
    from (select count(*) as n, max(coalesce(health.now, pg_catalog.now()) - s.next_run) as worst,
                 (array_agg(s.name order by s.next_run))[1] as first_name
            from pgfirst_private.schedule s
           where s.enabled and s.next_run < coalesce(health.now, pg_catalog.now()) - pgfirst_private.setting_interval('schedule.missed_grace')) x
  union all
  select 'table_bloat',
         case when coalesce(share, 0) <= pgfirst_private.setting_value('health.bloat_warn')::numeric then 'ok'
              when share <= pgfirst_private.setting_value('health.bloat_crit')::numeric then 'warn'
              else 'crit' end,
         round(coalesce(share, 0), 4),
         coalesce('worst: pgfirst_private.' || relname || ' ' || round(share * 100, 1) || '% dead tuples',
                  'no pgfirst table with 1000+ tuples')
    from (select s.relname, s.n_dead_tup::numeric / (s.n_live_tup + s.n_dead_tup) as share
            from pg_stat_user_tables s
           where s.schemaname = 'pgfirst_private' and s.n_live_tup + s.n_dead_tup >= 1000
             and s.relname !~ '^job_archive'
           order by 2 desc limit 1) w
    right join (select 1) one on true
  union all
  select 'archive_partitions_ahead',
         case when not used then 'ok'
              when missing_today then 'crit'
              when missing > 0 then 'warn'
              else 'ok' end,
         case when used then missing else 0 end,
         case when not used then 'no queue keeps finished jobs (queue_configure keep_finished)'
              when missing = 0 then 'daily partitions exist through ' || (today + ahead)::text
              else missing || ' of the next ' || (ahead + 1) || ' daily partitions missing (run pgfirst.maintenance())' end
    from (select exists (select 1 from pgfirst_private.job_queue q where q.keep_finished is not null) as used,
                 d.today, d.ahead,
                 count(*) filter (where to_regclass('pgfirst_private.job_archive_p' || to_char(day, 'YYYYMMDD')) is null) as missing,
                 bool_or(day = d.today and to_regclass('pgfirst_private.job_archive_p' || to_char(day, 'YYYYMMDD')) is null) as missing_today
            from (select (coalesce(health.now, pg_catalog.now()) at time zone 'UTC')::date as today,
                         pgfirst_private.setting_int('archive.days_ahead')::integer as ahead from (select 1) one) d,
                 generate_series(d.today, d.today + d.ahead, interval '1 day') day
           group by d.today, d.ahead) x
  union all
  select 'long_transaction',
         case when age is null or age <= pgfirst_private.setting_interval('health.long_transaction_warn') then 'ok'
              when age <= pgfirst_private.setting_interval('health.long_transaction_crit') then 'warn'
              else 'crit' end,
         round(coalesce(extract(epoch from age), 0)::numeric, 3),
         coalesce('pid ' || pid || ' (' || coalesce(nullif(application_name, ''), usename::text, '?') || ') open for '
                  || justify_interval(date_trunc('second', age))::text || ', pins vacuum', 'no long transaction')
    from (select a.pid, a.application_name, a.usename, pg_catalog.now() - a.xact_start as age
            from pg_stat_activity a
           where a.datname = current_database() and a.pid <> pg_backend_pid() and a.xact_start is not null
             -- an autovacuum worker is not a transaction an operator can end: client backends only
             and a.backend_type = 'client backend'
           order by a.xact_start limit 1) l
    right join (select 1) one on true
  union all
  -- dropdowns whose oldest unapplied change is older than their max_staleness (warn), or
  -- older than ten times it (crit: refreshes are not running, e.g. no worker serves their queue)
  select 'dropdown_staleness',
         case when count(*) filter (where st.age > d.max_staleness * 10) > 0 then 'crit'
              when count(*) filter (where st.age > d.max_staleness) > 0 then 'warn'
              else 'ok' end,
         count(*) filter (where st.age > d.max_staleness),
         coalesce('max_staleness breached: '
                  || string_agg(d.name || ' (' || justify_interval(date_trunc('second', st.age))::text || ')', ', ' order by d.name)
                       filter (where st.age > d.max_staleness),
                  count(*) || ' dropdown(s) within max_staleness')
    from pgfirst_private.dropdown d
    left join lateral (
      select coalesce(health.now, pg_catalog.now()) - pg_catalog.min(x.changed_at) as age
        from pgfirst_private.dropdown_change x
       where x.dropdown_id = d.id
    ) st on true
$$;

comment on function pgfirst.health(timestamptz) is
  'Health checks as rows ("check", status ok|warn|crit, value, detail): schema, roles, settings, oldest ready job, dead jobs and reaped leases in the last hour, maintenance freshness, overdue schedules, table bloat, archive partitions ahead, long transactions (client backends), dropdown staleness (warn past max_staleness, crit past ten times it). Thresholds in pgfirst.settings (health.*). Read-only, one round trip.';
revoke all on function pgfirst.health(timestamptz) from public;
grant execute on function pgfirst.health(timestamptz) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/core/health.sql
