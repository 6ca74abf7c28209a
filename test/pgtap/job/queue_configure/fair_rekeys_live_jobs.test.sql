begin;
select plan(3);

select count(*) from pgfirst.job_enqueue_many('[{"task":"a","queue":"q","tenant":"t1"},{"task":"b","queue":"q","concurrency_key":"x"}]');
select is((select count(*)::int from pgfirst_private.job where fair_key is not null), 0, 'unconfigured queue: no fair_key');
select pgfirst.queue_configure('q', key_concurrency => 1) is null;
select is((select array_agg(fair_key order by task) from pgfirst_private.job), array['t1', 'x'], 'a per-key limit keys the live jobs');
select pgfirst.queue_configure('q') is null;
select is((select count(*)::int from pgfirst_private.job where fair_key is not null), 0, 'turning it off clears the keys');

select * from finish();
rollback;
