begin;
select plan(7);

create temp table w as
select * from pgfirst.workflow_enqueue('{"chord": [{"task": "g1"}, {"task": "g2"}, {"task": "g3"}], "callback": {"task": "cb"}}');
create temp table wid as select distinct workflow_id as id from w;

select is((select workflow_state from pgfirst.workflow_status((select id from wid)) limit 1), 'running', 'running while steps are live');
select pgfirst.job_complete((select array_agg(id order by id) from pgfirst.job_claim('w', max_jobs => 2)), 'w',
  results => array['1'::jsonb, '2']);
select is((select array[group_done, group_total] from pgfirst.workflow_status((select id from wid)) where step = 1), array[2, 3],
  'group progress: 2 of 3 done');
select is((select array_agg(state order by step) from pgfirst.workflow_status((select id from wid))),
  array['done', 'done', 'pending', 'waiting'], 'each step''s state');
select pgfirst.job_complete((select array_agg(id) from pgfirst.job_claim('w')), 'w', results => array['3'::jsonb]);
select is((select payload from pgfirst_private.job where task = 'cb'), '{"parent_results": [1, 2, 3]}'::jsonb,
  'the callback receives every result in group order');
select pgfirst.job_complete((select array_agg(id) from pgfirst.job_claim('w')), 'w', results => array['"all"'::jsonb]);
select is((select workflow_state from pgfirst.workflow_status((select id from wid)) limit 1), 'done', 'done when every step is done');
select is((select result from pgfirst.workflow_status((select id from wid)) where step = 4), '"all"'::jsonb, 'results per step');
select is((select count(*)::int from pgfirst.workflow_status(-1)), 0, 'an unknown workflow: no rows');

select * from finish();
rollback;
