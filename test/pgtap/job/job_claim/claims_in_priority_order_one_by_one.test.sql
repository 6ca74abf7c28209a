begin;
select plan(1);

select count(*) from pgfirst.job_enqueue_many('[
  {"task":"c","priority":0,"run_at":"2030-01-01T00:00:00Z"},
  {"task":"a","priority":5,"run_at":"2030-01-01T00:30:00Z"},
  {"task":"d","priority":0,"run_at":"2030-01-01T00:00:00Z"},
  {"task":"e","priority":-1,"run_at":"2029-12-31T00:00:00Z"},
  {"task":"b","priority":0,"run_at":"2029-12-31T23:00:00Z"}]');
create temp table claimed (n serial, task text);
insert into claimed (task) select task from pgfirst.job_claim('w1', now => '2030-01-01 01:00+00');
insert into claimed (task) select task from pgfirst.job_claim('w1', now => '2030-01-01 01:00+00');
insert into claimed (task) select task from pgfirst.job_claim('w1', now => '2030-01-01 01:00+00');
insert into claimed (task) select task from pgfirst.job_claim('w1', now => '2030-01-01 01:00+00');
insert into claimed (task) select task from pgfirst.job_claim('w1', now => '2030-01-01 01:00+00');
select results_eq($$select task from claimed order by n$$, $$values ('a'), ('b'), ('c'), ('d'), ('e')$$,
  'higher priority first, then earlier run_at, then enqueue order (id)');

select * from finish();
rollback;
