begin;
select plan(5);
select pgfirst.queue_configure('f', fair => true) is null;
select count(*) from pgfirst.job_enqueue_many(
  (select jsonb_agg(jsonb_build_object('task', 't', 'queue', 'f', 'tenant', 'a', 'priority', 5)) from generate_series(1, 50)));
select count(*) from pgfirst.job_enqueue_many(
  '[{"task":"t","queue":"f","tenant":"b"},{"task":"t","queue":"f","tenant":"c"},
    {"task":"t","queue":"f","tenant":"b"},{"task":"t","queue":"f","tenant":"c"}]');
select is((select tenant from pgfirst.job_claim('w1', array['f'], 1)), 'a', 'first claim: tenant a (first key)');
select is((select tenant from pgfirst.job_claim('w1', array['f'], 1)), 'b', 'second claim: tenant b, although a has 49 higher-priority jobs');
select is((select tenant from pgfirst.job_claim('w1', array['f'], 1)), 'c', 'third claim: tenant c');
select is((select array_agg(tenant order by tenant) from pgfirst.job_claim('w1', array['f'], 3)), array['a', 'b', 'c'],
  'a batch of 3 takes one job per tenant');
select is((select array_agg(tenant order by tenant) from pgfirst.job_claim('w1', array['f'], 10)), array_fill('a'::text, array[10]),
  'when only a is left, a batch fills from it');
select * from finish();
rollback;
