begin;
select plan(4);

insert into pgfirst_private.job_dead (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts,
                                      errors, created_at, updated_at, finished_at)
select i, '', 'default', 't', '{}', 0, '2030-01-01', 'dead', 1, 1, '[]', '2030-01-01', '2030-01-01',
       '2030-01-01'::timestamptz + make_interval(days => i)
  from generate_series(1, 5) i;
select is(pgfirst_private.job_dead_purge(now => '2030-01-18 12:00+00', max_rows => 2), 2,
  'at most max_rows are purged per call');
select is(pgfirst_private.job_dead_purge(now => '2030-01-18 12:00+00'), 1,
  'only letters older than job.dead_retention (14 days) go');
select results_eq($$select id::int from pgfirst_private.job_dead order by id$$, $$values (4), (5)$$,
  'the oldest went first, recent ones stay');
select is(pgfirst_private.job_dead_purge(now => '2030-01-18 12:00+00'), 0, 'nothing left to purge');

select * from finish();
rollback;
