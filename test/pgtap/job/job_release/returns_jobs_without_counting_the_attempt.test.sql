begin;
select plan(4);

create temp table j as select pgfirst.job_enqueue('t', now => '2030-01-01 00:00+00') as id;
select count(*) from pgfirst.job_claim('w1', now => '2030-01-01 00:00+00');
select is(pgfirst.job_release(array[(select id from j)], 'w2'), 0, 'another worker cannot release it');
select is(pgfirst.job_release(array[(select id from j)], 'w1', now => '2030-01-01 00:00:05+00'), 1, 'the holder releases it');
select is((select state || '/' || attempt || '/' || run_at::text from pgfirst_private.job),
  'pending/0/2030-01-01 00:00:05+00', 'pending again, attempt not counted, ready at once');
select throws_ok($$select pgfirst.job_release(array[1], '')$$, 'PF408', null, 'rejects an empty worker_id');

select * from finish();
rollback;
