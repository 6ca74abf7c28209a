begin;
select plan(6);

-- archived queue 'a': two done jobs (one after a failed attempt); queue 'd' (no archive): one dead
select pgfirst.queue_configure('a', keep_finished => '1 day');
create temp table j on commit drop as
  select pgfirst.job_enqueue('t', queue => 'a', now => now() - interval '10 minutes') as id
  union all select pgfirst.job_enqueue('t', queue => 'a', now => now() - interval '10 minutes');
select pgfirst.job_enqueue('t', queue => 'd', max_attempts => 1);
select pgfirst.job_fail((select id from pgfirst.job_claim('w', array['a'], 1, now => now() - interval '9 minutes')), 'w', 'x', retry_delay => '0 seconds', now => now() - interval '9 minutes');
select pgfirst.job_complete(array(select id from pgfirst.job_claim('w', array['a'], 2, now => now() - interval '8 minutes')), 'w', now => now() - interval '7 minutes');
select pgfirst.job_fail((select id from pgfirst.job_claim('w', array['d'])), 'w', 'boom');

select results_eq(
  $$ select queue, sum(done)::int, sum(failed)::int, sum(dead)::int from pgfirst.queue_throughput() group by queue order by queue $$,
  $$ values ('a', 2, 1, 0), ('d', 0, 1, 1) $$,
  'done (archive), failed attempts and dead jobs per queue over the last hour'
);
select is((select count(*) from pgfirst.queue_throughput('1 hour', '1 minute') where queue = 'a'),
  (select count(*) from pg_catalog.generate_series(pg_catalog.date_bin('1 minute', now() - interval '1 hour', '2000-01-01'), now(), '1 minute')),
  'every bucket of the window is present (zeros included)');
select is((select bucket_start from pgfirst.queue_throughput() where queue = 'a' and done > 0),
  pg_catalog.date_bin('1 minute', now() - interval '7 minutes', '2000-01-01'), 'done counted in the bucket of finished_at');
select ok((select p50_run_ms between 59000 and 61000 and p50_wait_ms between 59000 and 121000 from pgfirst.queue_throughput() where queue = 'a' and done > 0),
  'run = finish - claim (1 minute); wait = claim - run_at');
select is((select count(*) from pgfirst.queue_throughput(queue => 'd')), (select count(*) from pgfirst.queue_throughput() where queue = 'd'),
  'queue filter');
select is((select count(*) from pgfirst.queue_throughput('5 minutes', '10 seconds') where queue = 'a' and done > 0), 0::bigint,
  'a shorter window leaves older events out');

select * from finish();
rollback;
