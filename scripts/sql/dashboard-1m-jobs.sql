-- Fills a pgfirst database (migrated: committed migrations + current.sql) with ~1M live
-- jobs, ~220k dead letters and ~1M archived jobs, then times job_list's plans.
--   createdb dash1m && DATABASE_URL=postgres://postgres@127.0.0.1:5432/dash1m npx tsx scripts/gm.ts migrate
--   DATABASE_URL=postgres://postgres@127.0.0.1:5432/dash1m npx tsx scripts/gm.ts watch --once
--   psql -h 127.0.0.1 -U postgres -d dash1m -f scripts/sql/dashboard-1m-jobs.sql
-- DESTRUCTIVE: truncates the job tables. Not for a database you care about.
\set ON_ERROR_STOP 1
truncate pgfirst_private.job, pgfirst_private.job_dead, pgfirst_private.job_archive;
select pgfirst.maintenance() is not null as archive_partitions_created;
select pgfirst.queue_configure('q' || i, keep_finished => '7 days') from pg_catalog.generate_series(0, 9) i;
create temp table src as
select g as id, g % 10 as qn,
       case when r < 0.45 then 'live' when r < 0.55 then 'dead' else 'arch' end as place, r2
  from (select g, random() as r, random() as r2 from pg_catalog.generate_series(1, 2200000) g) x;
-- live: 90% pending (a tenth of them scheduled), ~10% failed (retrying), ~0.1% running
insert into pgfirst_private.job (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts,
                                 worker_id, lease_expires_at, claimed_at, errors, last_error, created_at, updated_at)
select id, 't' || (id % 50), 'q' || qn, 'task' || (id % 20), '{"x":1}', 0,
       case when r2 < 0.1 then now() + interval '1 hour' else now() - interval '1 minute' end,
       case when r2 < 0.9 then 'pending' when r2 < 0.999 then 'failed' else 'running' end,
       case when r2 < 0.9 then 0 else 1 end, 25,
       case when r2 >= 0.999 then 'w' || (id % 8) end,
       case when r2 >= 0.999 then now() + interval '30 seconds' end,
       case when r2 >= 0.999 then now() end,
       case when r2 >= 0.9 and r2 < 0.999
            then pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('at', now() - r2 * interval '50 minutes', 'attempt', 1, 'error', 'boom'))
            else '[]' end,
       case when r2 >= 0.9 and r2 < 0.999 then 'boom' end,
       now() - (2200000 - id) * interval '100 ms', now()
  from src where place = 'live';
insert into pgfirst_private.job_dead (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts,
                                      errors, last_error, created_at, updated_at, finished_at)
select id, 't' || (id % 50), 'q' || qn, 'task' || (id % 20), '{"x":1}', 0, now() - interval '1 hour',
       case when r2 < 0.8 then 'dead' else 'cancelled' end, 25, 25,
       pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('at', now() - r2 * interval '2 hours', 'attempt', 25, 'error', 'boom')), 'boom',
       now() - (2200000 - id) * interval '100 ms', now(), now() - r2 * interval '2 hours'
  from src where place = 'dead';
insert into pgfirst_private.job_archive (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts,
                                         errors, created_at, updated_at, finished_at, claimed_at)
select id, 't' || (id % 50), 'q' || qn, 'task' || (id % 20), '{"x":1}', 0, now() - interval '3 hours', 'done', 1, 25, '[]',
       now() - (2200000 - id) * interval '100 ms', now(), now() - r2 * interval '3 hours',
       now() - r2 * interval '3 hours' - interval '200 ms'
  from src where place = 'arch';
vacuum analyze pgfirst_private.job;
vacuum analyze pgfirst_private.job_dead;
vacuum analyze pgfirst_private.job_archive;
select (select count(*) from pgfirst_private.job) as live, (select count(*) from pgfirst_private.job_dead) as dead,
       (select count(*) from pgfirst_private.job_archive) as archived;

-- the plans and times of job_list's statement (auto_explain shows the statement inside the function)
load 'auto_explain';
set auto_explain.log_min_duration = 0;
set auto_explain.log_nested_statements = on;
set auto_explain.log_analyze = on;
set auto_explain.log_level = notice;
\timing on
select count(*) from pgfirst.job_list();
select count(*) from pgfirst.job_list(state => 'dead');
select count(*) from pgfirst.job_list(state => 'running');
select count(*) from pgfirst.job_list(queue => 'q3');
select count(*) from pgfirst.job_list(before_id => 1000000, page_size => 1000);
