begin;
select plan(5);

select count(*) from pgfirst.job_enqueue_many(
  (select jsonb_agg(jsonb_build_object('task', 't' || i, 'queue', 'serial')) from generate_series(1, 5) i)
  || '[{"task":"free1"},{"task":"free2"}]'::jsonb);
select pgfirst.queue_configure('serial', concurrency => 2) is null;
select is((select count(*)::int from pgfirst.job_claim('w1', max_jobs => 10) where queue = 'serial'), 2,
  'a claim takes no more than the queue limit');
select is((select count(*)::int from pgfirst_private.job where queue = 'default' and state = 'running'), 2,
  'unlimited queues are claimed in the same call');
select is((select count(*)::int from pgfirst.job_claim('w2', max_jobs => 10)), 0, 'a second worker gets nothing while the limit is reached');
select is(pgfirst.job_complete((select array_agg(id) from pgfirst_private.job where queue = 'serial' and state = 'running' limit 1), 'w1'),
  2, 'the running jobs complete');
select is((select count(*)::int from pgfirst.job_claim('w2', max_jobs => 10)), 2, 'freed slots are claimable again, up to the limit');

select * from finish();
rollback;
