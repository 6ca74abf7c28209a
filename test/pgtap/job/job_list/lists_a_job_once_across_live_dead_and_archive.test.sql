begin;
select plan(6);

-- a queue with keep_finished: its dead job has a dead letter AND an archive copy
select pgfirst.queue_configure('a', keep_finished => '1 day');
create temp table j on commit drop as select pgfirst.job_enqueue('t', queue => 'a', max_attempts => 1) as id;
select pgfirst.job_fail((select id from pgfirst.job_claim('w', array['a'])), 'w', 'boom');
select is((select count(*) from pgfirst_private.job_archive where id = (select id from j)), 1::bigint, 'the dead job is archived too');
select results_eq($$ select state from pgfirst.job_list() $$, $$ values ('dead') $$,
  'dead letter + archive copy: listed once, as dead');

-- retried: live again, the archive keeps its dead copy
select pgfirst.job_retry((select id from j));
select results_eq($$ select state from pgfirst.job_list() $$, $$ values ('pending') $$,
  'retried: listed once, as pending (live wins over the archive)');
select is((select count(*) from pgfirst.job_list(state => 'dead')), 0::bigint,
  'its archived dead copy is not listed under dead');

-- done this time: two archive rows (dead, done); the newest counts
select pgfirst.job_complete(array(select id from pgfirst.job_claim('w', array['a'])), 'w', now => now() + interval '1 second');
select results_eq($$ select state from pgfirst.job_list() $$, $$ values ('done') $$,
  'two archive rows: listed once, by the newest (done)');
select is((select count(*) from pgfirst.job_list(state => 'dead')), 0::bigint,
  'a job dead once and done later is not listed as dead');

select * from finish();
rollback;
