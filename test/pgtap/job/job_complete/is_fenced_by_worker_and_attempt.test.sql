begin;
select plan(6);

create temp table j as select pgfirst.job_enqueue('t', now => '2030-01-01 00:00+00') as id;
select is((select count(*)::int from pgfirst.job_claim('w1', now => '2030-01-01 00:00+00')), 1, 'w1 claims the job');
select is(pgfirst.job_complete(array[(select id from j)], 'w2'), 0, 'another worker cannot complete it');
select is(pgfirst.job_complete(array[(select id from j)], 'w1', attempts => array[7]), 0, 'the right worker with a stale attempt cannot');
select is((select state from pgfirst_private.job), 'running', 'the job is still running');
select throws_ok($$select pgfirst.job_complete(array[1, 2], 'w1', attempts => array[1])$$, 'PF413', null, 'attempts must match ids');
select is(pgfirst.job_complete(array[(select id from j)], 'w1', attempts => array[1]), 1, 'the holder completes it');

select * from finish();
rollback;
