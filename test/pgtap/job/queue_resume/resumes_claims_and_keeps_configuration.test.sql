begin;
select plan(5);

select pgfirst.queue_configure('q', concurrency => 3, paused => true, keep_finished => '2 days');
select pgfirst.job_enqueue('t', queue => 'q');
select is((select count(*) from pgfirst.job_claim('w')), 0::bigint, 'paused: nothing to claim');
select ok(pgfirst.queue_resume('q'), 'resuming a paused queue changes it');
select is((select paused::text || '/' || concurrency || '/' || keep_finished::text from pgfirst_private.job_queue where queue = 'q'),
  'false/3/2 days', 'resumed; concurrency and keep_finished kept');
select is((select count(*) from pgfirst.job_claim('w')), 1::bigint, 'claims take its jobs again');
select ok(not pgfirst.queue_resume('q') and not pgfirst.queue_resume('unknown'), 'false when not paused or unknown');

select * from finish();
rollback;
