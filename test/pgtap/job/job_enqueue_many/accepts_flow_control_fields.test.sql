begin;
select plan(7);

select pgfirst.queue_configure('f', fair => true) is null;
select count(*) from pgfirst.job_enqueue_many(
  '[{"task":"a","queue":"f","tenant":"t1","concurrency_key":"acct","sequence_key":"s","max_run_time":"5 minutes"},
    {"task":"b","queue":"f","tenant":"t1"},
    {"task":"c","job_key":"k","unique_for":"1 hour","sequence_key":"s2"}]');
select is((select concurrency_key || ' ' || sequence_key || ' ' || max_run_time::text || ' ' || fair_key
             from pgfirst_private.job where task = 'a'), 'acct s 00:05:00 acct', 'fields land on the job; fair_key = concurrency_key');
select is((select fair_key from pgfirst_private.job where task = 'b'), 't1', 'fair_key defaults to the tenant in a fair queue');
select is((select fair_key from pgfirst_private.job where task = 'c'), null, 'no fair_key outside keyed queues');
select is((select unique_for::text || ' ' || sequence_key from pgfirst_private.job where task = 'c'), '01:00:00 s2',
  'keyed elements get the flow fields too');
select throws_ok($$ select * from pgfirst.job_enqueue_many('[{"task":"x","unique_for":"1 hour"}]') $$, 'PF443', null,
  'unique_for without job_key');
select throws_ok($$ select * from pgfirst.job_enqueue_many('[{"task":"x","max_run_time":"-1 second"}]') $$, 'PF442', null,
  'a negative max_run_time');
select throws_ok($$ select * from pgfirst.job_enqueue_many('[{"task":"x","sequence_key":""}]') $$, 'PF444', null,
  'an empty sequence_key');

select * from finish();
rollback;
