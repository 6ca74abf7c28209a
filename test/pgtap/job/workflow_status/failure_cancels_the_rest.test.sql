begin;
select plan(3);

create temp table w as
select * from pgfirst.workflow_enqueue('{"chain": [{"task": "a", "max_attempts": 1}, {"task": "b"}, {"task": "c", "on_dependency_failure": "cancel"}]}');
select pgfirst.job_fail((select id from pgfirst.job_claim('w')), 'w', 'boom');
select is((select array_agg(state order by step) from pgfirst.workflow_status((select distinct workflow_id from w))),
  array['dead', 'dead', 'cancelled'], 'a dead step fails or cancels the rest transitively');
select is((select workflow_state from pgfirst.workflow_status((select distinct workflow_id from w)) limit 1), 'dead', 'the workflow is dead');
select is((select count(*)::int from pgfirst_private.job), 0, 'nothing is left waiting forever');

select * from finish();
rollback;
