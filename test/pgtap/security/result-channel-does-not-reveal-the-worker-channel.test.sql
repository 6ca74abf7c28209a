-- pgfirst_app may LISTEN for stored results (job_result_channel), but must still not learn
-- the worker channel: the result channel is derived one-way (md5) from it.
begin;
select plan(3);
select matches(pgfirst.job_result_channel(), '^pgfirst_results_[0-9a-f]{32}$', 'pgfirst_results_ + 32 hex digits');
select ok(strpos(pgfirst.job_result_channel(), substr(pgfirst.job_listen_channel(), 14)) = 0,
  'the result channel does not contain the worker channel''s secret');
select is(
  (select pg_catalog.array_agg(p.oid::regprocedure::text order by 1)
     from pg_catalog.pg_proc p
    where p.pronamespace in ('pgfirst'::regnamespace, 'pgfirst_private'::regnamespace)
      and p.prosrc ~ 'pg_notify\(c\.name \|\|'),
  null, 'nothing notifies on a channel built by appending to the worker channel');
select * from finish();
rollback;
