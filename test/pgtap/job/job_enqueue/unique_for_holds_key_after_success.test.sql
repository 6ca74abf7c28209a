begin;
select plan(7);

create temp table ids (name text primary key, id bigint);
insert into ids select 'first', pgfirst.job_enqueue('t', job_key => 'k', unique_for => '1 hour', now => '2030-01-01');
select count(*) from pgfirst.job_claim('w1', now => '2030-01-01');
select is(pgfirst.job_complete(array[(select id from ids where name = 'first')], 'w1', now => '2030-01-01 00:10'), 1, 'the job succeeds');
select is(pgfirst.job_enqueue('t', job_key => 'k', now => '2030-01-01 00:30'), (select id from ids where name = 'first'),
  'within unique_for after it finished, enqueue returns the finished job''s id');
select is((select count(*)::int from pgfirst_private.job), 0, 'and enqueues nothing');
select is(pgfirst.job_enqueue('t', job_key => 'other', now => '2030-01-01 00:30') is not null, true, 'another key is not held');
select isnt(pgfirst.job_enqueue('t', job_key => 'k', now => '2030-01-01 01:11'), (select id from ids where name = 'first'),
  'after the window a new job is enqueued');
select throws_ok($$ select pgfirst.job_enqueue('t', unique_for => '1 hour') $$, 'PF443', null, 'unique_for needs a job_key');
select throws_ok($$ select pgfirst.job_enqueue('t', max_run_time => '0') $$, 'PF442', null, 'max_run_time must be positive');

select * from finish();
rollback;
