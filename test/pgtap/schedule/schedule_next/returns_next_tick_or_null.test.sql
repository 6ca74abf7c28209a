begin;
select plan(5);

select pgfirst.schedule_set(name => 'ny', task => 't', cron => '30 2 * * *', timezone => 'America/New_York',
  now => '2024-03-09 12:00Z');
select pgfirst.schedule_set(name => 'iv', task => 't', every => '90 minutes', now => '2024-01-01 00:00Z');
select is(pgfirst.schedule_next('ny'), '2024-03-10 07:30Z'::timestamptz, 'stored next run, DST-shifted to 03:30 EDT');
select is(pgfirst.schedule_next('ny', after => '2024-03-10 07:30Z'), '2024-03-11 06:30Z'::timestamptz, 'the tick after a given instant');
select is(pgfirst.schedule_next('iv', after => '2024-01-01 04:00Z'), '2024-01-01 04:30Z'::timestamptz, 'interval grid anchored at creation');
select is(pgfirst.schedule_next('nope'), null, 'unknown schedule: null');
select pgfirst.schedule_set(name => 'iv', task => 't', every => '90 minutes', enabled => false, now => '2024-01-01 00:00Z');
select is(pgfirst.schedule_next('iv'), null, 'disabled schedule: null');

select * from finish();
rollback;
