begin;
select plan(11);

-- a done job (deleted, no record), a dead one and a cancelled one
create temp table ids as select pgfirst.job_enqueue('done1') as done1, pgfirst.job_enqueue('dead1', max_attempts => 1) as dead1,
                                pgfirst.job_enqueue('cancel1') as cancel1;
select count(*) from pgfirst.job_claim('w', max_jobs => 2);
select pgfirst.job_complete(array[(select done1 from ids)], 'w');
select pgfirst.job_fail((select dead1 from ids), 'w', 'boom');
select pgfirst.job_cancel((select cancel1 from ids));

create temp table x as select pgfirst.job_enqueue('x', depends_on => array[(select done1 from ids)]) as id,
  pgfirst.job_enqueue('z', depends_on => '{}') as empty_id;
select is((select state from pgfirst_private.job where id = (select id from x)),
  'pending', 'a dependency that already succeeded is satisfied (done jobs are deleted: an issued id found nowhere counts as done)');
create temp table r as select pgfirst.job_enqueue('y', depends_on => array[(select dead1 from ids)]) as fail_id,
  pgfirst.job_enqueue('y', depends_on => array[(select dead1 from ids)], on_dependency_failure => 'cancel') as cancel_id,
  pgfirst.job_enqueue('y', depends_on => array[(select cancel1 from ids)], on_dependency_failure => 'run') as run_id;
select is((select state from pgfirst_private.job_dead where id = (select fail_id from r)), 'dead', 'a dead dependency makes the job dead (fail)');
select is((select last_error from pgfirst_private.job_dead where id = (select fail_id from r)),
  pg_catalog.format('dependency %s is dead', (select dead1 from ids)), 'last_error names the dependency');
select is((select state from pgfirst_private.job_dead where id = (select cancel_id from r)), 'cancelled', 'on_dependency_failure cancel');
select is((select payload from pgfirst_private.job where id = (select run_id from r)), '{"parent_results": [null]}'::jsonb,
  'on_dependency_failure run: it runs anyway (no result from a cancelled dependency)');

select throws_ok($$select pgfirst.job_enqueue('z', depends_on => array[(select last_value + 1000 from pgfirst_private.job_id_seq)])$$,
  'PF431', null, 'an id never issued is refused');
select throws_ok($$select pgfirst.job_enqueue('z', depends_on => array[0::bigint])$$, 'PF431', null, 'id 0 is refused');
select throws_ok($$select pgfirst.job_enqueue('z', depends_on => array[null::bigint])$$, 'PF430', null, 'null ids are refused');
select throws_ok($$select pgfirst.job_enqueue('z', depends_on => array[(select done1 from ids)], job_key => 'k')$$, 'PF430', null,
  'depends_on with a job_key is refused');
select throws_ok($$select pgfirst.job_enqueue('z', on_dependency_failure => 'ignore')$$, 'PF430', null, 'an unknown policy is refused');
select is((select state from pgfirst_private.job where id = (select empty_id from x)), 'pending',
  'an empty depends_on is no dependency');

select * from finish();
rollback;
