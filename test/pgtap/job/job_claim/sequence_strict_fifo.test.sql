begin;
select plan(6);

select count(*) from pgfirst.job_enqueue_many(
  '[{"task":"s1","sequence_key":"acct-1","priority":0},{"task":"s2","sequence_key":"acct-1","priority":9},
    {"task":"other","sequence_key":"acct-2"},{"task":"free"}]');
select is((select array_agg(task order by task) from pgfirst.job_claim('w1', max_jobs => 10)), array['free', 'other', 's1'],
  'only the first job of each sequence is claimable (s2 waits despite its priority)');
select is((select count(*)::int from pgfirst.job_claim('w2', max_jobs => 10)), 0, 's2 waits while s1 runs');
select is(pgfirst.job_fail((select id from pgfirst_private.job where task = 's1'), 'w1', 'boom', retry_delay => '0'), 'failed',
  's1 fails, to be retried');
select is((select array_agg(task) from pgfirst.job_claim('w2', max_jobs => 10)), array['s1'], 'the retry of s1 comes before s2');
select is(pgfirst.job_complete((select array_agg(id) from pgfirst_private.job where task = 's1'), 'w2'), 1, 's1 succeeds');
select is((select array_agg(task) from pgfirst.job_claim('w2', max_jobs => 10)), array['s2'], 'then s2 runs');

select * from finish();
rollback;
