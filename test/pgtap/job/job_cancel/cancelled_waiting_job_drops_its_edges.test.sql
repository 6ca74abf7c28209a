begin;
select plan(2);

create temp table ids as select pgfirst.job_enqueue('a') as a;
alter table ids add column c bigint;
update ids set c = pgfirst.job_enqueue('c', depends_on => array[a]);
select ok(pgfirst.job_cancel((select c from ids)), 'the waiting job is cancelled');
select is((select count(*)::int from pgfirst_private.job_dependency), 0,
  'its edges are gone (the dependency''s record is not held forever)');

select * from finish();
rollback;
