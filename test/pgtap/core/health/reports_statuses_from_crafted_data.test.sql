begin;
select plan(10);

create temporary table h on commit drop as select * from pgfirst.health(now => '2030-01-01 12:00Z');
select is((select status from h where "check" = 'oldest_pending_job'), 'ok', 'no ready jobs: ok');
select is((select status from h where "check" = 'maintenance_last_run'), 'warn', 'maintenance never ran: warn');

select pgfirst.job_enqueue(task => 'waiting', now => '2030-01-01 11:55Z');
select pgfirst.schedule_set(name => 'late', task => 't', every => '1 minute', now => '2030-01-01 11:00Z');
select pgfirst.maintenance(now => '2030-01-01 11:59Z');
insert into pgfirst_private.job_dead (id, tenant, queue, task, payload, priority, run_at, state, attempt,
  max_attempts, errors, created_at, updated_at, finished_at)
values (nextval('pgfirst_private.job_id_seq'), '', 'q', 'x', '{}', 0, '2030-01-01 11:30Z', 'dead', 1, 1, '[]',
        '2030-01-01 11:30Z', '2030-01-01 11:30Z', '2030-01-01 11:30Z');

create temporary table h2 on commit drop as select * from pgfirst.health(now => '2030-01-01 12:00Z');
select is((select status || ' ' || value from h2 where "check" = 'oldest_pending_job'), 'warn 300.000',
  'a job ready for 5 minutes: warn (between 1 and 10 minutes), value in seconds');
select is((select status from h2 where "check" = 'dead_jobs_last_hour'), 'warn', 'one dead job in the last hour: warn');
select is((select status from h2 where "check" = 'schedules_overdue'), 'crit',
  'a schedule an hour overdue (more than health.schedule_overdue_crit): crit');
select is((select status from h2 where "check" = 'maintenance_last_run'), 'ok', 'maintenance a minute ago: ok');
select is((select status from h2 where "check" = 'archive_partitions_ahead'), 'ok', 'archive unused: ok');

select pgfirst.queue_configure(queue => 'arch', keep_finished => '1 day');
select is((select status from pgfirst.health(now => '2030-01-05 12:00Z') where "check" = 'archive_partitions_ahead'), 'crit',
  'archive used but no partition for today: crit');
select is((select status from pgfirst.health(now => '2030-01-01 12:00Z') where "check" = 'schema_version'), 'ok',
  'the core schema check is kept');

set local role pgfirst_app;
select throws_ok($$select * from pgfirst.health()$$, '42501', null, 'pgfirst_app may not read health');

select * from finish();
rollback;
