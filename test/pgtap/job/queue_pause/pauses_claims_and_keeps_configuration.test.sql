begin;
select plan(8);

select pgfirst.queue_configure('q', concurrency => 3, keep_finished => '2 days');
select pgfirst.job_enqueue('t', queue => 'q') from pg_catalog.generate_series(1, 2);

select ok(pgfirst.queue_pause('q'), 'pausing a running queue changes it');
select ok(not pgfirst.queue_pause('q'), 'pausing it again changes nothing (false)');
select is((select paused::text || '/' || concurrency || '/' || keep_finished::text from pgfirst_private.job_queue where queue = 'q'),
  'true/3/2 days', 'paused; concurrency and keep_finished kept');
select is((select count(*) from pgfirst.job_claim('w', max_jobs => 10)), 0::bigint, 'claims skip the paused queue');

select ok(pgfirst.queue_pause('fresh'), 'a queue without configuration can be paused before it has jobs');
select is((select paused::text || '/' || coalesce(concurrency::text, 'null') || '/' || coalesce(keep_finished::text, 'null')
             from pgfirst_private.job_queue where queue = 'fresh'), 'true/null/null', 'with the default configuration');

select throws_ok($$ select pgfirst.queue_pause('') $$, 'PF406', null, 'an empty queue name');
select throws_ok($$ select pgfirst.queue_pause(repeat('q', 201)) $$, 'PF416', null, 'a queue name over 200 bytes');

select * from finish();
rollback;
