begin;
select plan(4);

create temp table ids as select pgfirst.job_enqueue('a') as a, pgfirst.job_enqueue('b') as b;
alter table ids add column c bigint;
update ids set c = pgfirst.job_enqueue('c', depends_on => array[a, b]);
select pgfirst.job_complete(array[(select id from pgfirst.job_claim('w') where task = 'a')], 'w', results => array['"ra"'::jsonb]);
select is(pgfirst_private.job_result_purge(now => pg_catalog.now() + interval '10 days'), 0,
  'a record a waiting job depends on is kept past job.result_retention');
select pgfirst.job_complete(array[(select id from pgfirst.job_claim('w') where task = 'b')], 'w');
select is((select payload from pgfirst_private.job where id = (select c from ids)), '{"parent_results": ["ra", null]}'::jsonb,
  'the old result still reaches the dependent');
select is(pgfirst_private.job_result_purge(now => pg_catalog.now() + interval '10 days'), 2, 'then both records go');
select ok((pgfirst.maintenance(now => pg_catalog.now() + interval '10 days')) ? 'results_purged', 'maintenance reports results_purged');

select * from finish();
rollback;
