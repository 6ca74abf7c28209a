begin;
select plan(11);

select throws_ok($$select pgfirst.job_enqueue_many('{"task":"a"}')$$, 'PF405', null, 'rejects an object instead of an array');
select throws_ok($$select pgfirst.job_enqueue_many(null)$$, 'PF405', null, 'rejects null');
select throws_ok($$select pgfirst.job_enqueue_many('[1]')$$, 'PF405', null, 'rejects a non-object element');
select throws_ok($$select pgfirst.job_enqueue_many('[{"task":"a","priorty":1}]')$$, 'PF405', null, 'rejects an unknown field');
select throws_ok($$select pgfirst.job_enqueue_many('[{"task":"a"},{"payload":{}}]')$$, 'PF401', null, 'rejects a missing task');
select throws_ok($$select pgfirst.job_enqueue_many('[{"task":"a","priority":"high"}]')$$, 'PF405', null, 'rejects a non-integer priority');
select throws_ok($$select pgfirst.job_enqueue_many('[{"task":"a","run_at":"soon"}]')$$, 'PF405', null, 'rejects an unparsable run_at');
select throws_ok($$select pgfirst.job_enqueue_many('[{"task":"a","max_attempts":0}]')$$, 'PF403', null, 'rejects max_attempts below 1');
select throws_ok($$select pgfirst.job_enqueue_many('[{"task":"a","job_key":"k","job_key_mode":"x"}]')$$, 'PF402', null, 'rejects an unknown job_key_mode');
select throws_ok($$select pgfirst.job_enqueue_many('[{"task":"a","queue":""}]')$$, 'PF406', null, 'rejects an empty queue');
select is((select count(*)::int from pgfirst_private.job), 0, 'nothing was stored');

select * from finish();
rollback;
