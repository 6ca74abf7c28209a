begin;
select plan(5);

create temp table v_first as select pgfirst.job_enqueue('t', '{"v":1}', job_key => 'k', run_at => '2030-01-01 01:00+00', now => '2030-01-01 00:00+00') as id;
select is(pgfirst.job_enqueue('t2', '{"v":2}', job_key => 'k', run_at => '2030-01-01 02:00+00', priority => 3, now => '2030-01-01 00:00+00'),
  (select id from v_first), 'replace returns the id of the waiting job');
select is((select count(*)::int from pgfirst_private.job), 1, 'still one job');
select is((select payload from pgfirst_private.job), '{"v":2}'::jsonb, 'payload replaced');
select is((select run_at from pgfirst_private.job), '2030-01-01 02:00+00'::timestamptz, 'run_at replaced');
select is((select task || '/' || priority from pgfirst_private.job), 't2/3', 'task and priority replaced');

select * from finish();
rollback;
