begin;
select plan(9);

create temp table ids as
select pgfirst.job_enqueue('a') as a, pgfirst.job_enqueue('b') as b;
alter table ids add column c bigint;
update ids set c = pgfirst.job_enqueue('c', '{"k": 1}', depends_on => array[b, a]);

select is((select state from pgfirst_private.job where id = (select c from ids)), 'waiting', 'a job with live dependencies waits');
select is((select array_agg(j.task order by j.task) from pgfirst.job_claim('w', max_jobs => 10) j), array['a', 'b'],
  'job_claim takes the dependencies, never the waiting job');
select is(pgfirst.job_complete(array[(select a from ids)], 'w', results => array['{"ra": 1}'::jsonb]), 1, 'a completes with a result');
select is((select state from pgfirst_private.job where id = (select c from ids)), 'waiting', 'still waiting: b is running');
select is((select count(*)::int from pgfirst.job_claim('w2', max_jobs => 10)), 0, 'nothing claimable while b runs');
select is(pgfirst.job_complete(array[(select b from ids)], 'w', results => array['"rb"'::jsonb]), 1, 'b completes');
select is((select state from pgfirst_private.job where id = (select c from ids)), 'pending', 'the last dependency promotes the job');
select is((select payload from pgfirst_private.job where id = (select c from ids)),
  '{"k": 1, "parent_results": ["rb", {"ra": 1}]}'::jsonb, 'results arrive in payload.parent_results, in depends_on order');
select is((select count(*)::int from pgfirst_private.job_dependency), 0, 'edges are gone once the job is promoted');

select * from finish();
rollback;
