begin;
select plan(5);

create temp table j as select pgfirst.job_enqueue('t', now => '2030-01-01 00:00+00') as id;
select count(*) from pgfirst.job_claim('old', lease => '30 seconds', now => '2030-01-01 00:00+00');
select is(pgfirst.job_reap(now => '2030-01-01 00:01+00'), 1, 'the lease of the old worker is reaped');
select is(pgfirst.job_complete(array[(select id from j)], 'old'), 0, 'the old worker cannot complete the reaped job');
select is((select count(*)::int from pgfirst.job_heartbeat('old')), 0, 'its heartbeat no longer returns the job');
select is((select count(*)::int from pgfirst.job_claim('old', now => '2030-01-01 00:01+00')), 1,
  'even when the same worker id claims it again ...');
select is(pgfirst.job_complete(array[(select id from j)], 'old', attempts => array[1]), 0,
  '... the first attempt cannot complete the second one');

select * from finish();
rollback;
