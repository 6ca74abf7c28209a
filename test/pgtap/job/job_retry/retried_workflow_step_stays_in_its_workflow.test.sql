begin;
select plan(2);

create temp table w as select * from pgfirst.workflow_enqueue('{"chain": [{"task": "a", "max_attempts": 1}]}');
select pgfirst.job_fail((select id from pgfirst.job_claim('w')), 'w', 'boom');
select ok(pgfirst.job_retry((select job_id from w)), 'the dead step is retried');
select pgfirst.job_complete((select array_agg(id) from pgfirst.job_claim('w')), 'w');
select is((select state from pgfirst.workflow_status((select workflow_id from w))), 'done', 'and its workflow sees it done (no stale record)');

select * from finish();
rollback;
