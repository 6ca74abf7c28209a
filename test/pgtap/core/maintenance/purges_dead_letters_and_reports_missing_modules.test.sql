begin;
select plan(4);

insert into pgfirst_private.job_dead (id, tenant, queue, task, payload, priority, run_at, state, attempt,
  max_attempts, errors, created_at, updated_at, finished_at)
select nextval('pgfirst_private.job_id_seq'), '', 'q', 'old', '{}', 0, t, 'dead', 3, 3, '[]', t, t, t
  from (values ('2030-01-01 00:00Z'::timestamptz), ('2030-01-02 00:00Z'), ('2030-02-20 00:00Z')) v(t);

select is((pgfirst.maintenance(now => '2030-03-01 00:00Z')->>'dead_purged')::int, 2,
  'dead letters older than job.dead_retention (14 days) are purged');
select is((select count(*)::int from pgfirst_private.job_dead where task = 'old'), 1, 'the recent one stays');
select is((select count(*)::int from pgfirst_private.maintenance_run where at = '2030-03-01 00:00Z'), 1,
  'the run is logged for health');
select is(
  (select array_agg(f order by f) from unnest(array['cache_cleanup', 'session_cleanup', 'rate_limit_cleanup']) f
    where to_regprocedure('pgfirst.' || f || '(integer, timestamp with time zone)') is null),
  (select array_agg(f order by f) from jsonb_array_elements_text(pgfirst.maintenance(now => '2030-03-01 00:01Z')->'not_installed') f),
  'exactly the module cleanups that are not installed are reported as such');

select * from finish();
rollback;
