-- One admin-audit row, in the caller's transaction. Called from SECURITY DEFINER action
-- functions, where current_user is the function owner: the caller is read from the session
-- instead (the SET ROLE value when one is set, else the login role).
create or replace function pgfirst_private.audit_write(action text, target text, detail jsonb default '{}')
returns void
language sql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
  insert into pgfirst_private.admin_audit (at, session_role, role, action, target, detail)
  values (pg_catalog.now(), session_user,
          coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)::name,
          audit_write.action, audit_write.target, coalesce(audit_write.detail, '{}'::jsonb))
$$;

comment on function pgfirst_private.audit_write(text, text, jsonb) is
  'Internal: records one admin action (login role, effective role, action, target, detail) in pgfirst_private.admin_audit, in the current transaction.';
revoke all on function pgfirst_private.audit_write(text, text, jsonb) from public;
