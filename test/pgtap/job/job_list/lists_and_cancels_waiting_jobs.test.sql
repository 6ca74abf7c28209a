-- Jobs waiting on dependencies (issue 15) are visible to the dashboard functions (issue 14):
-- job_list lists and filters them as `waiting`, job_cancel_many cancels them, and their
-- dependents follow their on_dependency_failure policy.
begin;
select plan(7);

create temporary table ids as
select pgfirst.job_enqueue('parent', queue => 'wq') as parent;
alter table ids add column child bigint, add column grandchild bigint;
update ids set child = pgfirst.job_enqueue('child', queue => 'wq', depends_on => array[parent]);
update ids set grandchild = pgfirst.job_enqueue('grandchild', queue => 'wq', depends_on => array[child],
                                                on_dependency_failure => 'cancel');

select is((select array_agg(state order by id) from pgfirst.job_list(queue => 'wq')),
          array['pending', 'waiting', 'waiting'], 'unfiltered list shows waiting jobs as waiting');
select is((select array_agg(id order by id) from pgfirst.job_list(state => 'waiting')),
          (select array[child, grandchild] from ids), 'state => waiting lists exactly the waiting jobs');
select is((select count(*) from pgfirst.job_list(state => 'pending', queue => 'wq')), 1::bigint,
          'a waiting job is not listed as pending');
select is(pgfirst.job_cancel_many(state => 'waiting', task => 'child'), 1, 'job_cancel_many cancels a waiting job');
select is((select state from pgfirst.job_get((select child from ids))), 'cancelled', 'the child is a cancelled dead letter');
select is((select state from pgfirst.job_get((select grandchild from ids))), 'cancelled',
          'its dependent follows its policy (cancel)');
select throws_ok($$select pgfirst.job_cancel_many(state => 'done')$$, 'PF417', null, 'done is still refused');

select * from finish();
rollback;
