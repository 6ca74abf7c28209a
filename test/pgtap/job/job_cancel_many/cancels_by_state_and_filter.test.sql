begin;
select plan(7);

select pgfirst.job_enqueue('t', queue => 'a') from pg_catalog.generate_series(1, 3);
select pgfirst.job_enqueue('t', queue => 'a', run_at => now() + interval '1 hour');
select pgfirst.job_enqueue('t', queue => 'b');
select pgfirst.job_enqueue('t', queue => 'r');
select count(*) from pgfirst.job_claim('w', array['r']);

select is(pgfirst.job_cancel_many(queue => 'a', max_jobs => 2), 2, 'default state pending (ready), bounded by max_jobs');
select is((select count(*) from pgfirst_private.job_dead where state = 'cancelled'), 2::bigint, 'cancelled jobs become dead letters');
select is(pgfirst.job_cancel_many(state => 'scheduled'), 1, 'scheduled jobs');
select is((select count(*) from pgfirst_private.job where queue = 'a'), 1::bigint, 'the ready job beyond max_jobs is still there');
select is(pgfirst.job_cancel_many(state => 'running'), 1, 'running jobs are flagged');
select ok((select cancel_requested from pgfirst_private.job where queue = 'r'), 'the running job is flagged, not removed');
select is(pgfirst.job_cancel_many(state => 'running'), 0, 'an already flagged job is not counted again');

select * from finish();
rollback;
