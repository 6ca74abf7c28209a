begin;
select plan(2);

select count(*) from pgfirst.job_enqueue_many(jsonb_build_array(
  jsonb_build_object('task', 'a', 'run_at', now() - interval '10 minutes'),
  jsonb_build_object('task', 'b', 'run_at', now() - interval '1 minute'),
  jsonb_build_object('task', 'c', 'run_at', now() + interval '1 hour'),
  jsonb_build_object('task', 'd', 'queue', 'mail', 'max_attempts', 1),
  jsonb_build_object('task', 'e', 'queue', 'mail')));
select count(*) from pgfirst.job_claim('w1', queues => array['mail'], max_jobs => 2);
select pgfirst.job_fail((select id from pgfirst_private.job where task = 'd'), 'w1', 'x') = 'dead';
select pgfirst.queue_configure('empty', paused => true) is null;
select results_eq($$select queue, pending, scheduled, running, dead, oldest_pending_age from pgfirst.queue_stats()$$,
  $$values ('default', 2::bigint, 1::bigint, 0::bigint, 0::bigint, interval '10 minutes'),
           ('empty', 0, 0, 0, 0, null),
           ('mail', 0, 0, 1, 1, null)$$,
  'ready, future, running and dead jobs per queue, and the oldest ready age');
select is((select count(*)::int from pgfirst.queue_stats()), 3, 'configured queues without jobs are listed');

select * from finish();
rollback;
