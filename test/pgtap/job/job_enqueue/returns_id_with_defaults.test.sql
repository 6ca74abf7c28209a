begin;
select plan(6);

select lives_ok($$select pgfirst.job_enqueue('send_email', '{"to":"a@example.com"}', now => '2030-01-01 00:00+00')$$,
  'job_enqueue accepts a task and a payload');
select is((select count(*)::int from pgfirst_private.job where task = 'send_email'), 1, 'one job is stored');
select is((select state from pgfirst_private.job where task = 'send_email'), 'pending', 'the job is pending');
select is((select queue || '/' || priority || '/' || max_attempts || '/' || attempt || '/' || tenant from pgfirst_private.job where task = 'send_email'),
  'default/0/25/0/', 'defaults: queue default, priority 0, 25 attempts, attempt 0, tenant empty');
select is((select run_at from pgfirst_private.job where task = 'send_email'), '2030-01-01 00:00+00'::timestamptz,
  'run_at defaults to now');
select cmp_ok(pgfirst.job_enqueue('b', now => '2030-01-01 00:00+00'), '>',
  (select max(id) from pgfirst_private.job where task = 'send_email'), 'ids increase');

select * from finish();
rollback;
