begin;
select plan(3);

create temp table v_first as select pgfirst.job_enqueue('t', '{"v":1}', job_key => 'k', run_at => '2030-01-01 01:00+00', now => '2030-01-01 00:00+00') as id;
select is(pgfirst.job_enqueue('t', '{"v":2}', job_key => 'k', job_key_mode => 'preserve_run_at',
            run_at => '2030-01-01 05:00+00', now => '2030-01-01 00:00+00'),
  (select id from v_first), 'preserve_run_at returns the id of the waiting job');
select is((select payload from pgfirst_private.job), '{"v":2}'::jsonb, 'payload replaced');
select is((select run_at from pgfirst_private.job), '2030-01-01 01:00+00'::timestamptz, 'run_at kept');

select * from finish();
rollback;
