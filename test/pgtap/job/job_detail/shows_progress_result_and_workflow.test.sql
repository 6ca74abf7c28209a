-- job_detail carries what issue 15 added to a job: the progress a running job reported,
-- the result a finished job stored, and the workflow it belongs to.
begin;
select plan(5);

select pgfirst.queue_configure('dq', keep_finished => interval '1 day');
create temporary table ids as select pgfirst.job_enqueue('t', queue => 'dq') as id;
select count(*) from pgfirst.job_claim('w1', array['dq']);
select ok(pgfirst.job_progress((select id from ids), 'w1', '{"done": 3, "of": 10}'), 'progress recorded');
select is((select progress from pgfirst.job_detail((select id from ids))), '{"done": 3, "of": 10}'::jsonb,
          'a running job shows its progress');
select is(pgfirst.job_complete(array[(select id from ids)], 'w1', results => array['{"sum": 42}'::jsonb]), 1, 'completed with a result');
select is((select array[state, result::text] from pgfirst.job_detail((select id from ids))), array['done', '{"sum": 42}'],
          'an archived done job shows its result');

create temporary table wf as
select * from pgfirst.workflow_enqueue('{"chain": [{"task": "a"}, {"task": "b"}]}'::jsonb);
select is((select workflow_id from pgfirst.job_detail((select job_id from wf order by step limit 1))),
          (select workflow_id from wf limit 1), 'a workflow step shows its workflow id');

select * from finish();
rollback;
