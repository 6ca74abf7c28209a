begin;
select plan(6);

create temp table j on commit drop as select pgfirst.job_enqueue('t', queue => 'q', max_attempts => 1) as id;
select pgfirst.job_fail((select id from pgfirst.job_claim('w')), 'w', 'boom');
select pgfirst.schedule_set('s', 'tick', every => '1 hour');
create temp table mark on commit drop as select coalesce(max(id), 0) as id from pgfirst_private.admin_audit;
grant select on j to pgfirst_admin;

set local role pgfirst_admin;
select pgfirst.queue_pause('q');
select pgfirst.queue_pause('q');               -- no change: no row
select pgfirst.queue_resume('q');
select pgfirst.job_retry((select id from j));
select pgfirst.job_cancel((select id from j)); -- job_cancel is audited when an admin calls it
select pgfirst.job_retry_many();
select pgfirst.job_cancel_many(queue => 'q');
select pgfirst.schedule_disable('s');
select pgfirst.schedule_enable('s');
select pgfirst.schedule_run_now('s');
reset role;

select results_eq(
  $$ select action, target from pgfirst.audit_log() where id > (select id from mark) order by id $$,
  $$ values ('queue_pause', 'q'), ('queue_resume', 'q'), ('job_retry', (select id::text from j)), ('job_cancel', (select id::text from j)),
            ('job_retry_many', null), ('job_cancel_many', 'q'), ('schedule_disable', 's'), ('schedule_enable', 's'), ('schedule_run_now', 's') $$,
  'one row per admin action that changed something, in order'
);
select ok((select bool_and(role = 'pgfirst_admin' and session_role = session_user) from pgfirst.audit_log() where id > (select id from mark)),
  'role: the effective caller (SET ROLE), session_role: the login role');
select is((select detail ->> 'cancelled' from pgfirst.audit_log() where action = 'job_cancel_many' and id > (select id from mark)), '0',
  'detail: filters and counts');

create temp table j2 on commit drop as select pgfirst.job_enqueue('t2') as id;
grant select on j2 to pgfirst_app;
set local role pgfirst_app;
select pgfirst.job_cancel((select id from j2));
reset role;
select is((select count(*) from pgfirst.audit_log() where target = (select id::text from j2)), 0::bigint,
  'job_cancel called by the application (pgfirst_app) is not audited');

select is((select count(*) from pgfirst.audit_log(page_size => 2)), 2::bigint, 'page_size');
select results_eq($$ select id from pgfirst.audit_log(before_id => (select max(id) from pgfirst.audit_log()), page_size => 1) $$,
  $$ select id from pgfirst.audit_log() order by id desc offset 1 limit 1 $$, 'before_id pages back');

select * from finish();
rollback;
