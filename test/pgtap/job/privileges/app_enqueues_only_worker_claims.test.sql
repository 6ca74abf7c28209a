begin;
select plan(9);

set local role pgfirst_app;
select lives_ok($$select pgfirst.job_enqueue('t')$$, 'pgfirst_app enqueues');
select lives_ok($$select pgfirst.job_enqueue_many('[{"task":"t"}]')$$, 'pgfirst_app enqueues in batches');
select lives_ok($$select pgfirst.job_get(1)$$, 'pgfirst_app reads a job');
select throws_ok($$select pgfirst.job_claim('w1')$$, '42501', null, 'pgfirst_app cannot claim');
select throws_ok($$select pgfirst.job_complete(array[1], 'w1')$$, '42501', null, 'pgfirst_app cannot complete');
select throws_ok($$select * from pgfirst_private.job$$, '42501', null, 'pgfirst_app cannot read the job table');
reset role;
set local role pgfirst_worker;
select lives_ok($$select pgfirst.job_claim('w1')$$, 'pgfirst_worker claims');
select throws_ok($$select pgfirst.queue_configure('q', 1)$$, '42501', null, 'pgfirst_worker cannot configure queues');
reset role;
set local role pgfirst_admin;
select lives_ok($$select pgfirst.queue_configure('q', 1)$$, 'pgfirst_admin configures queues');
reset role;

select * from finish();
rollback;
