begin;
select plan(7);

select pgfirst.schedule_set(name => 'five', task => 'tick_task', cron => '*/5 * * * *',
  payload => '{"k": 1}', queue => 'cron', tenant => 't1', now => '2024-01-01 00:00Z');

select is(pgfirst.schedule_tick(now => '2024-01-01 00:04:59Z'), 0, 'nothing is due before the first tick');
select is(pgfirst.schedule_tick(now => '2024-01-01 00:05:00Z'), 1, 'the tick is enqueued at its instant');
select is(pgfirst.schedule_tick(now => '2024-01-01 00:05:30Z'), 0, 'calling again does not enqueue it twice');
select is((select count(*)::int from pgfirst_private.job where task = 'tick_task'), 1, 'one job exists');
select is((select payload from pgfirst_private.job where task = 'tick_task'),
  '{"k": 1, "_schedule": {"name": "five", "tick": "2024-01-01T00:05:00+00:00", "catch_up": false}}'::jsonb,
  'the payload keeps its keys and carries the schedule name and tick time');
select is((select queue || '/' || tenant from pgfirst_private.job where task = 'tick_task'), 'cron/t1',
  'the job goes to the schedule''s queue and tenant');
select is((select last_run::text || ' ' || (last_job_id = (select id from pgfirst_private.job where task = 'tick_task'))::text
             || ' ' || next_run::text from pgfirst.schedules where name = 'five'),
  (timestamptz '2024-01-01 00:05Z')::text || ' true ' || (timestamptz '2024-01-01 00:10Z')::text,
  'the view shows last run, last job id and the next run');

select * from finish();
rollback;
