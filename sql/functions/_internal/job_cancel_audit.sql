-- job_cancel is an application call (pgfirst_app): it is audited only when the caller is
-- an admin (member of pgfirst_admin), i.e. when an operator cancels a job by hand.
create or replace function pgfirst_private.job_cancel_audit(id bigint, was text)
returns void
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if pg_catalog.pg_has_role(coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)::name,
                            'pgfirst_admin', 'member') then
    perform pgfirst_private.audit_write('job_cancel', job_cancel_audit.id::text,
      pg_catalog.jsonb_build_object('state', job_cancel_audit.was));
  end if;
end;
$$;

comment on function pgfirst_private.job_cancel_audit(bigint, text) is
  'Internal: records a job_cancel in the admin audit when the caller is a member of pgfirst_admin.';
revoke all on function pgfirst_private.job_cancel_audit(bigint, text) from public;
