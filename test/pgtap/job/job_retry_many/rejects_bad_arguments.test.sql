begin;
select plan(5);

select throws_ok($$ select pgfirst.job_retry_many(state => 'pending') $$, 'PF417', null, 'only dead or cancelled jobs are retried');
select throws_ok($$ select pgfirst.job_retry_many(state => null) $$, 'PF417', null, 'state null');
select throws_ok($$ select pgfirst.job_retry_many(max_jobs => 0) $$, 'PF418', null, 'max_jobs 0');
select throws_ok($$ select pgfirst.job_retry_many(max_jobs => 10001) $$, 'PF418', null, 'max_jobs over 10000');
select throws_ok($$ select pgfirst.job_cancel_many(state => 'dead') $$, 'PF417', null, 'job_cancel_many cancels live jobs only');

select * from finish();
rollback;
