begin;
select plan(6);

select pgfirst.queue_configure('k', key_concurrency => 2) is null;
select count(*) from pgfirst.job_enqueue_many(
  (select jsonb_agg(jsonb_build_object('task', 't', 'queue', 'k', 'tenant', 'a')) from generate_series(1, 5))
  || (select jsonb_agg(jsonb_build_object('task', 't', 'queue', 'k', 'tenant', 'a', 'concurrency_key', 'x')) from generate_series(1, 5)));
select is((select count(*)::int from pgfirst.job_claim('w1', array['k'], 10)), 4,
  'two running per key: tenant a (no concurrency_key) and key x');
select is((select count(*)::int from pgfirst.job_claim('w2', array['k'], 10)), 0, 'another worker gets nothing while every key is full');
select is((select pg_catalog.array_agg(n order by n) from (select count(*)::int as n from pgfirst_private.job
            where state = 'running' group by fair_key) x), array[2, 2], 'exactly 2 running per key');
select is(pgfirst.job_complete((select array_agg(id) from (select id from pgfirst_private.job
            where state = 'running' and concurrency_key = 'x' limit 1) x), 'w1'), 1, 'one job of key x completes');
select is((select array_agg(coalesce(concurrency_key, '-')) from pgfirst.job_claim('w2', array['k'], 10) c
            join pgfirst_private.job j using (id)), array['x'], 'the freed slot goes to key x only');
select is((select count(*)::int from pgfirst.job_claim('w2', array['k'], 10)), 0, 'and then nothing');

select * from finish();
rollback;
