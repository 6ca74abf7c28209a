begin;
select plan(3);

-- Graceful shutdown aborts a job whose cancel was requested: it must not go back to the queue.
create temp table j as select pgfirst.job_enqueue('t', now => '2030-01-01 00:00+00') as id;
select count(*) from pgfirst.job_claim('w1', now => '2030-01-01 00:00+00');
select ok(pgfirst.job_cancel((select id from j)), 'the running job is flagged');
select is(pgfirst.job_release(array[(select id from j)], 'w1', now => '2030-01-01 00:00:05+00'), 1, 'the holder lets it go');
select is((select state from pgfirst.job_get((select id from j))), 'cancelled', 'it is cancelled, not pending again');

select * from finish();
rollback;
