-- schedule.missed_grace is 2 minutes by default; a tick older than that is missed.
begin;
select plan(4);

select pgfirst.schedule_set(name => 'sk', task => 'skip_task', cron => '*/10 * * * *', missed => 'skip',
  now => '2024-01-01 00:00Z');
select is(pgfirst.schedule_tick(now => '2024-01-01 01:01Z'), 1,
  'after an hour of downtime only the on-time 01:00 tick runs');
select is((select payload->'_schedule'->>'tick' from pgfirst_private.job where task = 'skip_task'),
  '2024-01-01T01:00:00+00:00', 'the job carries the 01:00 tick');
select is((select ticks_skipped::int from pgfirst.schedules where name = 'sk'), 1, 'the skip is counted');
select is(pgfirst.schedule_tick(now => '2024-01-01 01:25Z'), 0,
  'a tick 5 minutes late (01:20) is past the grace period and skipped');

select * from finish();
rollback;
