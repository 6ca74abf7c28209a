begin;
select plan(6);

select pgfirst.job_enqueue('t') is not null;
select is(pgfirst.job_progress((select id from pgfirst_private.job), 'w1', '{"done": 1}'), false, 'not running: refused');
select count(*) from pgfirst.job_claim('w1');
select is(pgfirst.job_progress((select id from pgfirst_private.job), 'w2', '{"done": 1}'), false, 'another worker: refused');
select is(pgfirst.job_progress((select id from pgfirst_private.job), 'w1', '{"done": 3, "of": 10}'), true, 'its worker records progress');
select is((select progress from pgfirst.job_get((select id from pgfirst_private.job))), '{"done": 3, "of": 10}'::jsonb,
  'job_get shows it');
select throws_ok($$ select pgfirst.job_progress((select id from pgfirst_private.job), 'w1',
  (select jsonb_agg(md5(i::text)) from generate_series(1, 300000) i)) $$, 'PF445', null, 'over 8 MiB is refused');
set local role pgfirst_app;
select throws_ok($$ select pgfirst.job_progress(1, 'w1', '{}') $$, '42501', null, 'pgfirst_app cannot report progress (worker only)');
reset role;

select * from finish();
rollback;
