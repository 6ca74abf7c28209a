begin;
select plan(5);

select pgfirst.setting_set('schedule.catchup_limit', '20');
select pgfirst.setting_set('schedule.catchup_window', '"3 hours"');
select pgfirst.schedule_set(name => 'al', task => 'all_task', cron => '*/5 * * * *', missed => 'all',
  now => '2024-01-01 00:00Z');

select is(pgfirst.schedule_tick(now => '2024-01-01 05:00Z'), 20,
  'one call enqueues at most schedule.catchup_limit ticks');
select is((select min(payload->'_schedule'->>'tick') from pgfirst_private.job where task = 'all_task'),
  '2024-01-01T02:00:00+00:00', 'ticks older than schedule.catchup_window (before 02:00) are dropped');
select is(pgfirst.schedule_tick(now => '2024-01-01 05:00Z') + pgfirst.schedule_tick(now => '2024-01-01 05:00Z'), 17,
  'the next calls enqueue the rest: 37 ticks from 02:00 to 05:00 in all');
select is((select count(distinct payload->'_schedule'->>'tick')::int from pgfirst_private.job where task = 'all_task'), 37,
  'every tick in the window exactly once');
select is(pgfirst.schedule_tick(now => '2024-01-01 05:00Z'), 0, 'nothing more is due');

select * from finish();
rollback;
