begin;
select plan(3);

select count(*) from pgfirst.job_enqueue_many('[{"task":"a","queue":"mail","priority":9},{"task":"b"}]');
select pgfirst.queue_configure('mail', paused => true) is null;
select results_eq($$select task from pgfirst.job_claim('w1', max_jobs => 10)$$, $$values ('b')$$, 'a paused queue is skipped');
select is((select count(*)::int from pgfirst.job_claim('w1', queues => array['mail'])), 0, 'even when asked for by name');
select pgfirst.queue_configure('mail', paused => false) is null;
select results_eq($$select task from pgfirst.job_claim('w1')$$, $$values ('a')$$, 'resumed queues are claimed again');

select * from finish();
rollback;
