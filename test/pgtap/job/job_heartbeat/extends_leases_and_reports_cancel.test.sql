begin;
select plan(6);

select count(*) from pgfirst.job_enqueue_many('[{"task":"a","now":"2030-01-01T00:00:00Z"},{"task":"b","now":"2030-01-01T00:00:00Z"},{"task":"c","now":"2030-01-01T00:00:00Z"}]');
select count(*) from pgfirst.job_claim('w1', max_jobs => 2, lease => '30 seconds', now => '2030-01-01 00:00+00');
select count(*) from pgfirst.job_claim('w2', max_jobs => 1, lease => '30 seconds', now => '2030-01-01 00:00+00');
select ok(pgfirst.job_cancel((select id from pgfirst_private.job where task = 'b')), 'cancel flags a running job');
select results_eq($$select j.task, h.cancel_requested from pgfirst.job_heartbeat('w1', now => '2030-01-01 00:00:20+00') h
                     join pgfirst_private.job j using (id) order by j.task$$,
  $$values ('a', false), ('b', true)$$, 'the heartbeat returns the worker''s jobs and their cancel flags');
select is((select lease_expires_at from pgfirst_private.job where task = 'a'), '2030-01-01 00:00:50+00'::timestamptz,
  'without a lease argument each job keeps its claim lease length');
select is((select lease_expires_at from pgfirst_private.job where task = 'c'), '2030-01-01 00:00:30+00'::timestamptz,
  'another worker''s lease is untouched');
select is((select count(*)::int from pgfirst.job_heartbeat('w1', lease => '2 minutes', now => '2030-01-01 00:00:40+00')), 2,
  'a heartbeat with a lease extends both jobs');
select is((select lease_expires_at from pgfirst_private.job where task = 'a'), '2030-01-01 00:02:40+00'::timestamptz,
  'to now + lease');

select * from finish();
rollback;
