begin;
select plan(7);

select count(*) from pgfirst.job_enqueue_many('[{"task":"wait"},{"task":"run","priority":1}]');
select count(*) from pgfirst.job_claim('w1');
select ok(pgfirst.job_cancel((select id from pgfirst_private.job where task = 'wait')), 'a waiting job is cancelled');
select is((select state from pgfirst_private.job_dead where task = 'wait'), 'cancelled', 'it is kept as a cancelled dead letter');
select ok(pgfirst.job_cancel((select id from pgfirst_private.job where task = 'run')), 'a running job is flagged');
select is((select state || '/' || cancel_requested from pgfirst_private.job where task = 'run'), 'running/true', 'and keeps running');
select is(pgfirst.job_fail((select id from pgfirst_private.job where task = 'run'), 'w1', 'aborted'), 'cancelled',
  'its worker''s failure makes it cancelled, not retried');
select ok(not pgfirst.job_cancel((select id from pgfirst_private.job_dead where task = 'wait')), 'a finished job cannot be cancelled');
select ok(not pgfirst.job_cancel(-1), 'an unknown id returns false');

select * from finish();
rollback;
