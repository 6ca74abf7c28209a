begin;
select plan(6);

select count(*) from pgfirst.job_enqueue_many('[{"task":"a","now":"2030-01-01T00:00:00Z"},{"task":"last","max_attempts":1,"now":"2030-01-01T00:00:00Z"},{"task":"fresh","now":"2030-01-01T00:00:00Z"}]');
select count(*) from pgfirst.job_claim('w1', max_jobs => 2, lease => '30 seconds', now => '2030-01-01 00:00+00');
select count(*) from pgfirst.job_claim('w2', max_jobs => 1, lease => '5 minutes', now => '2030-01-01 00:00+00');
select is(pgfirst.job_reap(now => '2030-01-01 00:00:30+00'), 0, 'a lease is not reaped before it expires');
select is(pgfirst.job_reap(now => '2030-01-01 00:00:31+00'), 2, 'expired leases are reaped');
select is((select state || '/' || attempt || '/' || run_at::text || '/' || last_error from pgfirst_private.job where task = 'a'),
  'failed/1/2030-01-01 00:00:31+00/lease expired', 'a job with attempts left is ready again at once, the attempt counted');
select is((select state from pgfirst_private.job_dead where task = 'last'), 'dead', 'a job on its last attempt is dead');
select is((select state from pgfirst_private.job where task = 'fresh'), 'running', 'a live lease is untouched');
select is((select task from pgfirst.job_claim('w3', now => '2030-01-01 00:00:31+00')), 'a', 'the reaped job can be claimed again');

select * from finish();
rollback;
