-- Tables, types, indexes, then one include line per sql/ file this change touches.

-- ==== operations dashboard (issue 14) ==================================================
-- Admin audit: one row per admin action, written in the action's own transaction.
-- session_role is the login role (session_user); role is the effective caller (SET ROLE
-- value, else the login role): inside SECURITY DEFINER functions current_user is the
-- owner, so the caller's role is read from the session, not from current_user.
create table if not exists pgfirst_private.admin_audit (
  id bigserial primary key,
  at timestamptz not null default pg_catalog.now(),
  session_role name not null,
  role name not null,
  action text not null,
  target text,
  detail jsonb not null default '{}'
);
create index if not exists admin_audit_at_idx on pgfirst_private.admin_audit (at);
comment on table pgfirst_private.admin_audit is
  'Admin actions (queue pause/resume, bulk retry/cancel, schedule enable/disable/run-now, login unlock, dropdown refresh-now, job_retry): who (login and effective role), what, when. Read with pgfirst.audit_log; purged by maintenance after audit.keep.';
select pgfirst_private.setting_register('audit.keep', 'interval', '"90 days"',
  'maintenance deletes admin audit rows (pgfirst.audit_log) older than this.', '"1 hour"', '"100 years"');

-- Archive rows keep the last claim time, so queue_throughput can split wait and run time.
alter table pgfirst_private.job_archive add column if not exists claimed_at timestamptz;

-- job_list: every branch walks an index newest-first (see docs/dashboard.md).
-- failed (retrying) jobs: a partial index holds only them (no cost for other states).
create index if not exists job_failed_idx on pgfirst_private.job (id) where state = 'failed';
create index if not exists job_dead_queue_id_idx on pgfirst_private.job_dead (queue, id);
create index if not exists job_dead_finished_idx on pgfirst_private.job_dead (finished_at);
-- archived dead/cancelled copies only (most archive rows are done): job_list state dead/cancelled
create index if not exists job_archive_unfinished_idx on pgfirst_private.job_archive (id)
  where state in ('dead', 'cancelled');
-- queue_throughput reads the archive rows finished in its window (at most 7 days)
create index if not exists job_archive_finished_idx on pgfirst_private.job_archive (finished_at);

--!include functions/_internal/audit_write.sql
--!include functions/_internal/job_filter_check.sql
--!include functions/_internal/job_finished.sql
--!include functions/_internal/job_dead_revive.sql
--!include functions/job/job_retry.sql
--!include functions/_internal/job_cancel_audit.sql
--!include functions/job/job_cancel.sql
--!include functions/_internal/job_list_page.sql
--!include functions/job/job_list.sql
--!include functions/job/job_detail.sql
--!include functions/_internal/queue_throughput_rows.sql
--!include functions/job/queue_throughput.sql
--!include functions/job/queue_pause.sql
--!include functions/job/queue_resume.sql
--!include functions/job/job_retry_many.sql
--!include functions/job/job_cancel_many.sql
--!include functions/schedule/schedule_enable.sql
--!include functions/schedule/schedule_disable.sql
--!include functions/schedule/schedule_run_now.sql
--!include functions/_internal/login_lockout_rows.sql
--!include functions/rate_limit/login_lockouts.sql
--!include functions/rate_limit/login_unlock_subject.sql
--!include functions/dropdown/dropdown_refresh_now.sql
--!include functions/dashboard/dashboard_overview.sql
--!include functions/dashboard/audit_log.sql
--!include functions/core/maintenance.sql
