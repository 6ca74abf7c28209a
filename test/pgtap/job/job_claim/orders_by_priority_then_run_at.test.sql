begin;
select plan(2);

select count(*) from pgfirst.job_enqueue_many('[
  {"task":"low_early","priority":0,"run_at":"2030-01-01T00:00:00Z"},
  {"task":"high_late","priority":5,"run_at":"2030-01-01T00:30:00Z"},
  {"task":"low_earlier","priority":0,"run_at":"2029-12-31T23:00:00Z"},
  {"task":"negative","priority":-1,"run_at":"2029-12-31T00:00:00Z"},
  {"task":"high_early","priority":5,"run_at":"2030-01-01T00:10:00Z"},
  {"task":"low_early_2","priority":0,"run_at":"2030-01-01T00:00:00Z"}]');
select is((select count(*)::int from pgfirst.job_claim('w1', max_jobs => 4, now => '2030-01-01 01:00+00')), 4,
  'max_jobs jobs are claimed at once');
select results_eq(
  $$select task from pgfirst_private.job where state = 'running' order by task$$,
  $$values ('high_early'), ('high_late'), ('low_earlier'), ('low_early')$$,
  'the four claimed are the highest priority, then the earliest run_at, then the lowest id');

select * from finish();
rollback;
