begin;
select plan(6);

select pgfirst.queue_configure('r', rate_limit => 4, rate_period => '1 second') is null;
select count(*) from pgfirst.job_enqueue_many(
  (select jsonb_agg(jsonb_build_object('task', 't', 'queue', 'r', 'now', '2030-01-01T00:00:00Z')) from generate_series(1, 10)));
select is((select count(*)::int from pgfirst.job_claim('w1', array['r'], 10, now => '2030-01-01 00:00:00')), 1,
  'one start per claim (no burst)');
select is((select count(*)::int from pgfirst.job_claim('w1', array['r'], 10, now => '2030-01-01 00:00:00.2')), 0,
  'none before the emission interval (period / limit = 250 ms) passed');
select is((select count(*)::int from pgfirst.job_claim('w2', array['r'], 10, now => '2030-01-01 00:00:00.25')), 1,
  'the next start after 250 ms, for any worker');
select is((select count(*)::int from pgfirst.job_claim('w2', array['r'], 10, now => '2030-01-01 00:00:00.3')), 0, 'then none again');
select is((select count(*)::int from generate_series(0, 19) i,
             lateral pgfirst.job_claim('w3', array['r'], 10, now => timestamptz '2030-01-01 00:00:00.5' + i * interval '50 ms')),
  4, 'claims every 50 ms over the next second start 4 jobs');
select throws_ok($$ select pgfirst.queue_configure('r', rate_limit => 4) $$, 'PF441', null, 'rate_limit needs rate_period');

select * from finish();
rollback;
