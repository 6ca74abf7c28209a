begin;
select plan(2);

select count(*) from pgfirst.job_enqueue_many('[{"task":"a","queue":"mail"},{"task":"b","queue":"reports"},{"task":"c"}]');
select results_eq($$select task from pgfirst.job_claim('w1', queues => array['reports', 'other'], max_jobs => 10)$$,
  $$values ('b')$$, 'only jobs of the listed queues are claimed');
select is((select count(*)::int from pgfirst.job_claim('w1', max_jobs => 10)), 2, 'queues => null claims from every queue');

select * from finish();
rollback;
