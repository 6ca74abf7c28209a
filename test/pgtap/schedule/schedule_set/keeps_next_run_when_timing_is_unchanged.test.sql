begin;
select plan(5);

select pgfirst.schedule_set(name => 'report', task => 'make_report', cron => '0 6 * * *',
  timezone => 'Europe/London', now => '2024-07-01 12:00Z');
select is(pgfirst.schedule_next('report'), '2024-07-02 05:00Z'::timestamptz,
  'first run: 06:00 London summer time the next morning');

select pgfirst.schedule_set(name => 'report', task => 'make_report_v2', cron => '0 6 * * *',
  timezone => 'Europe/London', payload => '{"format": "pdf"}', now => '2024-07-01 18:00Z');
select is(pgfirst.schedule_next('report'), '2024-07-02 05:00Z'::timestamptz,
  'same timing set again: next_run is kept');
select is((select task || ' ' || (payload->>'format') from pgfirst.schedules where name = 'report'),
  'make_report_v2 pdf', 'task and payload were updated');

select pgfirst.schedule_set(name => 'report', task => 'make_report_v2', cron => '0 7 * * *',
  timezone => 'Europe/London', now => '2024-07-01 18:00Z');
select is(pgfirst.schedule_next('report'), '2024-07-02 06:00Z'::timestamptz,
  'a new cron recomputes next_run from now');

select pgfirst.schedule_set(name => 'report', task => 'make_report_v2', every => '45 minutes',
  now => '2024-07-01 18:00Z');
select is(pgfirst.schedule_next('report'), '2024-07-01 18:45Z'::timestamptz,
  'switching to an interval: first run one interval after now');

select * from finish();
rollback;
