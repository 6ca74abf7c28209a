begin;
select plan(7);

create temp table j as select pgfirst.job_enqueue('t', max_attempts => 2, now => '2030-01-01 00:00+00') as id;
select is((select count(*)::int from pgfirst.job_claim('w1', now => '2030-01-01 00:00+00')), 1, 'attempt 1 claimed');
select is(pgfirst.job_fail((select id from j), 'w1', 'first', retry_delay => '5 minutes', now => '2030-01-01 00:00+00'),
  'failed', 'attempt 1 of 2 fails into failed');
select is((select run_at from pgfirst_private.job), '2030-01-01 00:05+00'::timestamptz, 'an explicit retry_delay is used as is');
select is((select count(*)::int from pgfirst.job_claim('w1', now => '2030-01-01 00:05+00')), 1, 'attempt 2 claimed');
select is(pgfirst.job_fail((select id from j), 'w1', 'second', now => '2030-01-01 00:05+00'), 'dead', 'the last attempt fails into dead');
select is((select count(*)::int from pgfirst_private.job), 0, 'the dead job left the hot table');
select is((select state || '/' || attempt || '/' || last_error || '/' || jsonb_array_length(errors) from pgfirst_private.job_dead),
  'dead/2/second/2', 'it is a dead letter with its last error and both errors');

select * from finish();
rollback;
