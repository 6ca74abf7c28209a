begin;
select plan(4);

select count(*) from pgfirst.job_enqueue_many('[{"task":"a"},{"task":"b"},{"task":"c"}]');
select is((select count(*)::int from pgfirst.job_claim('w1', max_jobs => 2)), 2, 'two jobs claimed');
select is(pgfirst.job_complete((select array_agg(id) from pgfirst_private.job) , 'w1'), 2,
  'only the two running ones count (the pending one is not completed)');
select is((select count(*)::int from pgfirst_private.job), 1, 'done jobs left the hot table');
select is((select count(*)::int from pgfirst_private.job_dead), 0, 'done jobs are not dead letters');

select * from finish();
rollback;
