begin;
select plan(9);

create temp table w as
select * from pgfirst.workflow_enqueue(
  '{"chain": [{"task": "s1", "payload": {"n": 1}},
              {"chord": [{"task": "g1"}, {"chain": [{"task": "g2a"}, {"task": "g2b"}]}],
               "callback": {"task": "cb", "name": "callback"}}]}', name => 'wf', tenant => 't1');

select is((select array_agg(task order by step) from w), array['s1', 'g1', 'g2a', 'g2b', 'cb'], 'one row per step, document order');
select is((select count(distinct workflow_id)::int from w), 1, 'one workflow id');
select is((select count(*)::int from pgfirst_private.job j join w on w.job_id = j.id where j.workflow_id = w.workflow_id and j.tenant = 't1'), 5,
  'every job carries the workflow id and tenant');
select is((select array_agg(j.state order by w.step) from w join pgfirst_private.job j on j.id = w.job_id),
  array['pending', 'waiting', 'waiting', 'waiting', 'waiting'], 'only the first step is ready');
select is((select array_agg(p.task order by e.position)
             from pgfirst_private.job_dependency e join w c on c.job_id = e.job_id join w p on p.job_id = e.depends_on
            where c.task = 'cb'), array['g1', 'g2b'], 'the chord callback depends on every member''s tail, in order');
select is((select array_agg(p.task) from pgfirst_private.job_dependency e join w c on c.job_id = e.job_id join w p on p.job_id = e.depends_on
            where c.task = 'g2a'), array['s1'], 'a chain inside a group starts after the group''s predecessor');

select throws_ok($$select pgfirst.workflow_enqueue('{"group": []}')$$, 'PF434', null, 'an empty group is refused');
select throws_ok($$select pgfirst.workflow_enqueue('{"chain": [{"task": "a"}, {"bogus": 1}]}')$$, 'PF434', null, 'an unknown node is refused');
select is((select count(*)::int from pgfirst_private.job where task = 'a'), 0, 'all or nothing: the failed spec enqueued nothing');

select * from finish();
rollback;
