begin;
select plan(5);

create temp table ids as select pgfirst.job_enqueue('a') as a, pgfirst.job_enqueue('b', max_attempts => 1) as b;
select is((select state from pgfirst.job_result((select a from ids))), 'pending', 'a live job: its state');
select is((select result from pgfirst.job_result((select a from ids))), null, '... no result');
select count(*) from pgfirst.job_claim('w', max_jobs => 2);
select pgfirst.job_fail((select b from ids), 'w', 'x');
select is((select state from pgfirst.job_result((select b from ids))), 'dead', 'a dead letter: dead');
select is((select count(*)::int from pgfirst.job_result((select last_value + 10 from pgfirst_private.job_id_seq))), 0,
  'an id never issued: no row');
select is((select finished_at is not null from pgfirst.job_result((select b from ids))), true, 'finished_at of a dead letter');

select * from finish();
rollback;
