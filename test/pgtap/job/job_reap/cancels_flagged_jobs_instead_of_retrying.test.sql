begin;
select plan(4);

-- A running job flagged by job_cancel whose worker died: the reaper must not hand it back
-- (the next claim would clear the flag and run the cancelled job again).
select count(*) from pgfirst.job_enqueue_many('[{"task":"flagged","now":"2030-01-01T00:00:00Z"},{"task":"plain","now":"2030-01-01T00:00:00Z"}]');
select count(*) from pgfirst.job_claim('w1', max_jobs => 2, lease => '30 seconds', now => '2030-01-01 00:00+00');
select ok(pgfirst.job_cancel((select id from pgfirst_private.job where task = 'flagged')), 'the running job is flagged');
select is(pgfirst.job_reap(now => '2030-01-01 00:00:31+00'), 2, 'both expired leases are reaped');
select is((select state || '/' || last_error from pgfirst_private.job_dead where task = 'flagged'), 'cancelled/lease expired',
  'the flagged job is cancelled (a dead letter), not retried');
select is((select string_agg(task, ',') from pgfirst.job_claim('w2', max_jobs => 5, now => '2030-01-01 00:00:31+00')), 'plain',
  'only the unflagged job can be claimed again');

select * from finish();
rollback;
