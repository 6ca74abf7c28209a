-- The built-in maintenance schedule enqueues on queue 'pgfirst' (not the application's
-- 'default') and never piles up: while one of its jobs is outstanding, new ticks coalesce.
begin;
select plan(8);

select is((select queue from pgfirst.schedules where name = 'pgfirst.maintenance'), 'pgfirst',
  'the built-in maintenance schedule uses queue pgfirst');

update pgfirst_private.schedule set next_run = '2030-01-01 00:00Z' where name = 'pgfirst.maintenance';
select pgfirst.schedule_set(name => 'user_every_minute', task => 'user_task', cron => '* * * * *',
  missed => 'skip', now => '2029-12-31 23:59:30Z');

select is(pgfirst.schedule_tick(now => '2030-01-01 00:00:30Z'), 2, 'first tick: one maintenance job, one user job');
select is((select queue || ' ' || job_key from pgfirst_private.job where task = 'pgfirst.maintenance'),
  'pgfirst pgfirst.schedule:pgfirst.maintenance', 'the maintenance job is on queue pgfirst with the built-in job_key');

select pgfirst.schedule_tick(now => '2030-01-01 00:01:30Z');
select pgfirst.schedule_tick(now => '2030-01-01 00:02:30Z');
select is((select count(*)::int from pgfirst_private.job where task = 'pgfirst.maintenance'), 1,
  'with no worker running, three minutes of ticks leave one maintenance job');
select is((select count(*)::int from pgfirst_private.job where task = 'user_task'), 3,
  'an ordinary schedule still gets one job per tick');
select is((select next_run from pgfirst_private.schedule where name = 'pgfirst.maintenance'), '2030-01-01 00:03Z'::timestamptz,
  'coalesced ticks still advance next_run');

-- a worker started without a queue list claims every queue, pgfirst included
create temp table claimed on commit drop as
  select c.id, c.task, c.queue from pgfirst.job_claim(worker_id => 'w1', max_jobs => 10, now => '2030-01-01 00:02:40Z') c;
select is((select count(*)::int from claimed where task = 'pgfirst.maintenance' and queue = 'pgfirst'), 1,
  'a worker with no queue list claims the maintenance job');
select pgfirst.job_complete(ids => array(select id from claimed), worker_id => 'w1', now => '2030-01-01 00:02:50Z');
select pgfirst.schedule_tick(now => '2030-01-01 00:03:30Z');
select is((select count(*)::int from pgfirst_private.job where task = 'pgfirst.maintenance' and state = 'pending'), 1,
  'after the job finished, the next tick enqueues a new one');

select * from finish();
rollback;
