begin;
select plan(1);

select pgfirst.job_enqueue('c', queue => 'qs', depends_on => array[pgfirst.job_enqueue('p', queue => 'qs2')]);
select is((select pending from pgfirst.queue_stats() where queue = 'qs'), 0::bigint, 'a job waiting for dependencies is not counted as pending');

select * from finish();
rollback;
