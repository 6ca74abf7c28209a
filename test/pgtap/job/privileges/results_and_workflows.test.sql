begin;
select plan(6);

set local role pgfirst_app;
select lives_ok($$select pgfirst.workflow_enqueue('{"chain": [{"task": "a"}, {"task": "b"}]}')$$, 'pgfirst_app enqueues workflows');
select lives_ok($$select pgfirst.workflow_status(1)$$, 'pgfirst_app reads a workflow');
select lives_ok($$select pgfirst.job_result(1)$$, 'pgfirst_app reads results');
select lives_ok($$select pgfirst.job_result_channel()$$, 'pgfirst_app learns the result channel');
select throws_ok($$select pgfirst.job_listen_channel()$$, '42501', null, '... but still not the worker channel');
select throws_ok($$select * from pgfirst_private.job_result$$, '42501', null, 'pgfirst_app cannot read the result table');
reset role;

select * from finish();
rollback;
