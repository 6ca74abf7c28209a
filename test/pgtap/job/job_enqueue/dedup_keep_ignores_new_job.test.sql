begin;
select plan(4);

create temp table v_first as select pgfirst.job_enqueue('t', '{"v":1}', job_key => 'k', now => '2030-01-01 00:00+00') as id;
select is(pgfirst.job_enqueue('t', '{"v":2}', job_key => 'k', job_key_mode => 'keep', now => '2030-01-01 00:00+00'),
  (select id from v_first), 'keep returns the existing id');
select is((select payload from pgfirst_private.job), '{"v":1}'::jsonb, 'the existing payload is untouched');
select count(*) from pgfirst.job_claim('w1', now => '2030-01-01 00:00+00');
select is(pgfirst.job_enqueue('t', '{"v":3}', job_key => 'k', job_key_mode => 'keep', now => '2030-01-01 00:00+00'),
  (select id from v_first), 'keep also returns a running job holding the key');
select isnt(pgfirst.job_enqueue('t', '{"v":4}', job_key => 'k', tenant => 'other', job_key_mode => 'keep', now => '2030-01-01 00:00+00'),
  (select id from v_first), 'keys are per tenant');

select * from finish();
rollback;
