begin;
select plan(6);

select pgfirst.job_enqueue('slow', max_run_time => '1 minute', max_attempts => 2, now => '2030-01-01') is not null;
select is((select deadline from pgfirst.job_claim('w1', lease => '1 hour', now => '2030-01-01')),
  timestamptz '2030-01-01 00:01:00', 'the claim returns the deadline (claimed_at + max_run_time)');
select is(pgfirst.job_reap(now => '2030-01-01 00:00:59'), 0, 'not before max_run_time');
select is(pgfirst.job_reap(now => '2030-01-01 00:01:01'), 1, 'reaped after max_run_time although its lease runs an hour');
select is((select state || ' ' || last_error || ' ' || (run_at > '2030-01-01 00:01:01')::text from pgfirst_private.job),
  'failed timed out true', 'failed with ''timed out'', retried after the backoff');
update pgfirst_private.job set run_at = '2030-01-01 00:02';
select is((select count(*)::int from pgfirst.job_claim('w1', lease => '1 hour', now => '2030-01-01 00:02')), 1, 'claimed again');
select pgfirst.job_reap(now => '2030-01-01 00:05');
select is((select state || ' ' || last_error from pgfirst_private.job_dead), 'dead timed out', 'the last attempt timing out is dead');

select * from finish();
rollback;
