begin;
select plan(9);

select pgfirst.queue_configure('kept', keep_finished => '1 day');
create temp table ids as select pgfirst.job_enqueue('a') as a, pgfirst.job_enqueue('b') as b,
  pgfirst.job_enqueue('c', queue => 'kept') as c, pgfirst.job_enqueue('d') as d;
select count(*) from pgfirst.job_claim('w', max_jobs => 4);
select throws_ok($$select pgfirst.job_complete(array[(select a from ids)], 'w', results => array['1'::jsonb, '2'])$$, 'PF433', null,
  'results must have one entry per id');
select throws_ok(pg_catalog.format($$select pgfirst.job_complete(array[%s], 'w', results => array[pg_catalog.to_jsonb(pg_catalog.repeat(pg_catalog.md5(i::text), 300000)) ]) from (select 1 as i) x$$, (select a from ids)),
  'PF432', null, 'a result over the payload limit is refused');
select is(pgfirst.job_complete(array[(select a from ids), (select b from ids), (select c from ids)], 'w',
  results => array['{"n": 1}'::jsonb, null, '[3]']), 3, 'a batch completes with results (null = none)');
select is((select result from pgfirst.job_result((select a from ids))), '{"n": 1}'::jsonb, 'job_result returns the stored result');
select is((select state from pgfirst.job_result((select b from ids))), 'done', 'a job completed without a result is done');
select is((select result from pgfirst.job_result((select b from ids))), null, '... with a null result');
select is((select result from pgfirst_private.job_archive where id = (select c from ids)), '[3]'::jsonb, 'the archive keeps the result');
select is(pgfirst.job_complete(array[(select d from ids)], 'other', results => array['1'::jsonb]), 0, 'fenced: another worker stores nothing');
select is((select count(*)::int from pgfirst_private.job_result where id = (select d from ids)), 0, '... and no record');

select * from finish();
rollback;
