-- The dashboard functions by role: pgfirst_app gets none (job payloads and errors of every
-- tenant), pgfirst_worker reads, pgfirst_admin reads and acts; the audit is admin-only.
begin;
select plan(24);

select pgfirst.schedule_set('s', 'tick', every => '1 hour');

set local role pgfirst_app;
select throws_ok($$ select * from pgfirst.job_list() $$, '42501', null, 'app cannot list jobs');
select throws_ok($$ select * from pgfirst.job_detail(1) $$, '42501', null, 'app cannot read a job''s payload');
select throws_ok($$ select * from pgfirst.queue_throughput() $$, '42501', null, 'app cannot read throughput');
select throws_ok($$ select pgfirst.dashboard_overview() $$, '42501', null, 'app cannot read the overview');
select throws_ok($$ select pgfirst.queue_pause('q') $$, '42501', null, 'app cannot pause');
reset role;

set local role pgfirst_worker;
select lives_ok($$ select * from pgfirst.job_list() $$, 'worker lists jobs');
select lives_ok($$ select * from pgfirst.job_detail(1) $$, 'worker reads a job');
select lives_ok($$ select * from pgfirst.queue_throughput() $$, 'worker reads throughput');
select lives_ok($$ select pgfirst.dashboard_overview() $$, 'worker reads the overview');
select throws_ok($$ select pgfirst.queue_pause('q') $$, '42501', null, 'worker cannot pause');
select throws_ok($$ select pgfirst.queue_resume('q') $$, '42501', null, 'worker cannot resume');
select throws_ok($$ select pgfirst.job_retry_many() $$, '42501', null, 'worker cannot bulk-retry');
select throws_ok($$ select pgfirst.job_cancel_many() $$, '42501', null, 'worker cannot bulk-cancel');
select throws_ok($$ select pgfirst.schedule_disable('s') $$, '42501', null, 'worker cannot disable a schedule');
select throws_ok($$ select pgfirst.schedule_run_now('s') $$, '42501', null, 'worker cannot run a schedule');
select throws_ok($$ select * from pgfirst.login_lockouts() $$, '42501', null, 'worker cannot list lockouts');
select throws_ok($$ select pgfirst.login_unlock_subject('', 'user', repeat('a', 64)) $$, '42501', null, 'worker cannot unlock');
select throws_ok($$ select pgfirst.dropdown_refresh_now('x') $$, '42501', null, 'worker cannot refresh-now (audited path)');
select throws_ok($$ select * from pgfirst.audit_log() $$, '42501', null, 'worker cannot read the audit');
select throws_ok($$ select * from pgfirst_private.admin_audit $$, '42501', null, 'worker cannot read the audit table');
reset role;

set local role pgfirst_admin;
select lives_ok($$ select pgfirst.queue_pause('q'), pgfirst.queue_resume('q'), pgfirst.job_retry_many(), pgfirst.job_cancel_many() $$,
  'admin pauses, resumes, bulk-retries and bulk-cancels');
select lives_ok($$ select pgfirst.schedule_disable('s'), pgfirst.schedule_enable('s'), pgfirst.schedule_run_now('s') $$,
  'admin disables, enables and runs a schedule');
select lives_ok($$ select * from pgfirst.login_lockouts(), pgfirst.audit_log() $$, 'admin lists lockouts and the audit');
select throws_ok($$ delete from pgfirst_private.admin_audit $$, '42501', null, 'admin cannot rewrite the audit table');
reset role;

select * from finish();
rollback;
