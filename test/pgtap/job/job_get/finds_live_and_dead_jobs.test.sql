begin;
select plan(4);

create temp table j as select pgfirst.job_enqueue('t', queue => 'q', tenant => 'acme', now => '2030-01-01 00:00+00') as id;
select results_eq($$select task, queue, tenant, state, attempt, max_attempts, run_at from pgfirst.job_get((select id from j))$$,
  $$values ('t', 'q', 'acme', 'pending', 0, 25, '2030-01-01 00:00+00'::timestamptz)$$, 'a pending job');
select count(*) from pgfirst.job_claim('w1', now => '2030-01-01 00:00+00');
select is((select state from pgfirst.job_get((select id from j))), 'running', 'a running job');
select ok(pgfirst.job_cancel((select id from j)) and pgfirst.job_fail((select id from j), 'w1', 'stop') = 'cancelled', 'cancelled while running');
select is((select state || '/' || last_error from pgfirst.job_get((select id from j))), 'cancelled/stop', 'a dead letter');

select * from finish();
rollback;
