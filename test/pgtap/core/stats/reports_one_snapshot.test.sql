begin;
select plan(5);

select pgfirst.job_enqueue(task => 'a', queue => 'stats_q');
select pgfirst.job_enqueue(task => 'b', queue => 'stats_q', run_at => now() + interval '1 hour');
select pgfirst.schedule_set(name => 'stats.s', task => 't', every => '1 hour');

select is(
  (select q from jsonb_array_elements(pgfirst.stats()->'queues') q where q->>'queue' = 'stats_q') - 'oldest_pending_seconds',
  '{"queue": "stats_q", "pending": 1, "scheduled": 1, "running": 0, "dead": 0}'::jsonb,
  'per-queue counts come from queue_stats');
select ok((pgfirst.stats()->'schedules'->>'total')::int >= 1, 'schedule counters are included');
select ok(pgfirst.stats()->'tables' ? 'schedule' and pgfirst.stats()->'tables' ? 'job',
  'every pgfirst_private table is listed with its figures');
select is(array(select jsonb_object_keys(pgfirst.stats()) order by 1),
  array['archive', 'at', 'maintenance', 'queues', 'schedules', 'tables', 'version'],
  'the snapshot has exactly the documented sections');
set local role pgfirst_app;
select throws_ok($$select pgfirst.stats()$$, '42501', null, 'pgfirst_app may not read stats');

select * from finish();
rollback;
