begin;
select plan(6);

-- p <- k1 <- k2 (cancel), k1 <- k3 (run), k2 <- k4 (fail): transitive
create temp table ids (p bigint, k1 bigint, k2 bigint, k3 bigint, k4 bigint);
insert into ids (p) select pgfirst.job_enqueue('p');
update ids set k1 = pgfirst.job_enqueue('k1', depends_on => array[p]);
update ids set k2 = pgfirst.job_enqueue('k2', depends_on => array[k1], on_dependency_failure => 'cancel'),
               k3 = pgfirst.job_enqueue('k3', depends_on => array[k1], on_dependency_failure => 'run');
update ids set k4 = pgfirst.job_enqueue('k4', depends_on => array[k2]);

select ok(pgfirst.job_cancel((select k1 from ids)), 'a waiting job can be cancelled');
select is((select state from pgfirst_private.job_dead where id = (select k2 from ids)), 'cancelled', 'policy cancel: cancelled');
select is((select state from pgfirst_private.job_dead where id = (select k4 from ids)), 'dead', 'transitively: k4 (policy fail) is dead');
select is((select state from pgfirst_private.job where id = (select k3 from ids)), 'pending', 'policy run: runs anyway');
select is((select has_dependents from pgfirst_private.job where id = (select p from ids)), true, 'p still has its flag');
select is(pgfirst.job_complete(array[(select id from pgfirst.job_claim('w') where task = 'p')], 'w'), 1,
  'completing p with no remaining dependent is harmless');

select * from finish();
rollback;
