begin;
select plan(5);

create temp table j as select pgfirst.job_enqueue('t', now => '2030-01-01 00:00+00') as id;
select is(pgfirst.job_fail((select id from j), 'w1', 'x'), null, 'failing a job that is not running returns null');
select is((select count(*)::int from pgfirst.job_claim('w1', now => '2030-01-01 00:00+00')), 1, 'w1 claims it');
select is(pgfirst.job_fail((select id from j), 'w2', 'x'), null, 'another worker cannot fail it');
select is(pgfirst.job_fail((select id from j), 'w1', 'x', attempt => 2), null, 'a stale attempt cannot fail it');
select throws_ok($$select pgfirst.job_fail(1, 'w1', 'x', retry_delay => '-1 s')$$, 'PF410', null, 'rejects a negative retry_delay');

select * from finish();
rollback;
