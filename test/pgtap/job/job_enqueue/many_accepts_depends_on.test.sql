begin;
select plan(4);

create temp table p as select pgfirst.job_enqueue('p') as id;
create temp table ids as
select array_agg(x order by x) as ids from pgfirst.job_enqueue_many(pg_catalog.format(
  '[{"task": "c1", "depends_on": [%s]}, {"task": "c2", "depends_on": ["%s"], "on_dependency_failure": "cancel"}, {"task": "c3"}]',
  (select id from p), (select id from p))::jsonb) x;
select is((select array_agg(state order by id) from pgfirst_private.job where id = any ((select t.ids from ids t)::bigint[])),
  array['waiting', 'waiting', 'pending'], 'depends_on (numbers or strings) makes batch jobs wait');
select is((select on_dependency_failure from pgfirst_private.job where id = (select ids[2] from ids)), 'cancel', 'the policy is kept');
select throws_ok($$select pgfirst.job_enqueue_many('[{"task": "x", "depends_on": 5}]')$$, 'PF405', null, 'depends_on must be an array');
select throws_ok($$select pgfirst.job_enqueue_many('[{"task": "x", "depends_on": [{"id": 1}]}]')$$, 'PF405', null, 'of ids');

select * from finish();
rollback;
