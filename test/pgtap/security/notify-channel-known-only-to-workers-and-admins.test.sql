-- Issue 10 item 10: pgfirst notifies on a random per-database channel that only
-- pgfirst_worker and pgfirst_admin can learn, with empty payloads. Delivery itself (a
-- no-grant LISTEN hears nothing) is shown with real connections in test/security.test.ts.
begin;
select plan(6);
create role pf_secd_app login in role pgfirst_app;
create role pf_secd_worker login in role pgfirst_worker;
create role pf_secd_admin login in role pgfirst_admin;
create role pf_secd_none login;
select matches(pgfirst.job_listen_channel(), '^pgfirst_jobs_[0-9a-f]{32}$', 'the channel is pgfirst_jobs_ + 32 hex digits');
set local role pf_secd_worker;
select lives_ok($$select pgfirst.job_listen_channel()$$, 'pgfirst_worker learns the channel');
reset role;
set local role pf_secd_admin;
select lives_ok($$select pgfirst.job_listen_channel()$$, 'pgfirst_admin learns the channel');
reset role;
set local role pf_secd_app;
select throws_ok($$select pgfirst.job_listen_channel()$$, '42501', null, 'pgfirst_app does not');
reset role;
set local role pf_secd_none;
select throws_ok($$select pgfirst.job_listen_channel()$$, '42501', null, 'a role without pgfirst grants does not');
reset role;
select is(
  (select pg_catalog.array_agg(p.oid::regprocedure::text order by 1)
     from pg_catalog.pg_proc p
    where p.pronamespace in ('pgfirst'::regnamespace, 'pgfirst_private'::regnamespace)
      and p.prosrc ~ 'pg_notify\(''pgfirst_jobs'''),
  null, 'no function notifies on the old, guessable channel');
select * from finish();
rollback;
