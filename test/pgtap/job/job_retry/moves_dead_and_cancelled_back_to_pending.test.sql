begin;
select plan(6);

create temp table j as select pgfirst.job_enqueue('t', max_attempts => 1, job_key => 'k', now => '2030-01-01 00:00+00') as id;
select count(*) from pgfirst.job_claim('w1', now => '2030-01-01 00:00+00');
select is(pgfirst.job_fail((select id from j), 'w1', 'boom'), 'dead', 'the job is dead');
select ok(not pgfirst.job_retry(-1), 'an unknown id returns false');
select ok(pgfirst.job_retry((select id from j), run_at => '2030-01-02 00:00+00'), 'a dead job is retried');
select is((select state || '/' || attempt || '/' || run_at::text || '/' || job_key from pgfirst_private.job where id = (select id from j)),
  'pending/0/2030-01-02 00:00:00+00/k', 'same id, pending, attempts reset, at run_at, key kept');
select ok(not pgfirst.job_retry((select id from j)), 'a live job cannot be retried');
select ok(pgfirst.job_cancel((select id from j)) and pgfirst.job_retry((select id from j)), 'a cancelled job is retried');

select * from finish();
rollback;
