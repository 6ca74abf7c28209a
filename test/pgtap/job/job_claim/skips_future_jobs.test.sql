begin;
select plan(3);

select pgfirst.job_enqueue('later', run_at => '2030-01-01 02:00+00', now => '2030-01-01 00:00+00') is not null;
select is((select count(*)::int from pgfirst.job_claim('w1', now => '2030-01-01 01:59+00')), 0, 'a job is not claimed before run_at');
select is((select task from pgfirst.job_claim('w1', now => '2030-01-01 02:00+00')), 'later', 'it is claimed at run_at');
select is((select attempt from pgfirst_private.job), 1, 'the claim counts attempt 1');

select * from finish();
rollback;
