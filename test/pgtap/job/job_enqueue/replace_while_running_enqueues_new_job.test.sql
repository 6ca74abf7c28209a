begin;
select plan(4);

create temp table v_first as select pgfirst.job_enqueue('t', '{"v":1}', job_key => 'k', now => '2030-01-01 00:00+00') as id;
select is((select count(*)::int from pgfirst.job_claim('w1', now => '2030-01-01 00:00+00')), 1, 'the keyed job is claimed');
create temp table v_second as select pgfirst.job_enqueue('t', '{"v":2}', job_key => 'k', now => '2030-01-01 00:00+00') as id;
select isnt((select id from v_second), (select id from v_first), 'a change while the job runs gets a new job');
select is((select job_key from pgfirst_private.job where id = (select id from v_first)), null, 'the running job gave up the key');
select is((select state || '/' || job_key || '/' || (payload->>'v') from pgfirst_private.job where id = (select id from v_second)), 'pending/k/2',
  'the new job is pending with the key and the new payload');

select * from finish();
rollback;
