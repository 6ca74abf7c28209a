begin;
select plan(8);

-- four dead jobs (queues a, a, b; one keyed), one cancelled
create temp table j on commit drop as
  select pgfirst.job_enqueue('t1', queue => 'a', max_attempts => 1) as id
  union all select pgfirst.job_enqueue('t1', queue => 'a', max_attempts => 1)
  union all select pgfirst.job_enqueue('t2', queue => 'b', max_attempts => 1)
  union all select pgfirst.job_enqueue('t2', queue => 'k', max_attempts => 1, job_key => 'key');
select pgfirst.job_fail(c.id, 'w', 'boom') from pgfirst.job_claim('w', max_jobs => 10) c;
create temp table c on commit drop as select pgfirst.job_enqueue('t3', queue => 'a') as id;
select pgfirst.job_cancel((select id from c));

select is(pgfirst.job_retry_many(queue => 'a', max_jobs => 1), 1, 'max_jobs bounds the batch');
select is((select min(id) from pgfirst_private.job), (select min(id) from j), 'oldest first');
select is(pgfirst.job_retry_many(task => 't2', queue => 'b'), 1, 'filters combine');
select is(pgfirst.job_retry_many(), 2, 'default state dead: the rest of the dead jobs (not the cancelled one)');
select is((select state from pgfirst_private.job_dead), 'cancelled', 'the cancelled job is still a dead letter');
select is((select count(*) from pgfirst_private.job where state = 'pending' and attempt = 0), 4::bigint,
  'retried jobs are pending with attempts reset');

-- a live job holding the key: the dead one stays (as job_retry)
select pgfirst.job_fail((select id from pgfirst.job_claim('w', array['k'])), 'w', 'again');
select pgfirst.job_enqueue('t2', queue => 'k', job_key => 'key');
select is(pgfirst.job_retry_many(queue => 'k'), 0, 'a dead job whose key a live job holds stays dead');

select is(pgfirst.job_retry_many(state => 'cancelled'), 1, 'cancelled jobs on request');

select * from finish();
rollback;
