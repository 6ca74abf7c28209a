begin;
select plan(4);

select pgfirst.schedule_set(name => 'on', task => 'once_task', cron => '*/10 * * * *', missed => 'once',
  now => '2024-01-01 00:00Z');
select is(pgfirst.schedule_tick(now => '2024-01-01 01:05Z'), 1,
  'six missed ticks (00:10-01:00) give one catch-up run');
select is((select payload->'_schedule' from pgfirst_private.job where task = 'once_task'),
  '{"name": "on", "tick": "2024-01-01T00:10:00+00:00", "catch_up": true}'::jsonb,
  'the catch-up run carries the first missed tick and catch_up = true');
select is(pgfirst.schedule_next('on'), '2024-01-01 01:10Z'::timestamptz, 'the schedule resumes at the next future tick');
select is(pgfirst.schedule_tick(now => '2024-01-01 01:10Z'), 1, 'and runs on time again');

select * from finish();
rollback;
