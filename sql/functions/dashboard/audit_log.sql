create or replace function pgfirst.audit_log(before_id bigint default null, page_size integer default 100)
returns table(id bigint, at timestamptz, session_role name, role name, action text, target text, detail jsonb)
language plpgsql
stable
called on null input
parallel safe
security definer -- reads pgfirst_private.admin_audit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if audit_log.page_size is null or audit_log.page_size < 1 or audit_log.page_size > 1000 then
    raise exception 'page_size must be between 1 and 1000' using errcode = 'PF007',
      detail = pg_catalog.format('page_size was %s.', coalesce(audit_log.page_size::text, 'null'));
  end if;
  return query
    select a.id, a.at, a.session_role, a.role, a.action, a.target, a.detail
      from pgfirst_private.admin_audit a
     where audit_log.before_id is null or a.id < audit_log.before_id
     order by a.id desc
     limit audit_log.page_size;
end;
$$;

comment on function pgfirst.audit_log(bigint, integer) is
  'Admin actions, newest first, at most page_size (1-1000, PF007); next page: before_id => the last id. Each row: when, login role (session_role), effective role, action, target, detail. Kept audit.keep (maintenance purges older rows).';
revoke all on function pgfirst.audit_log(bigint, integer) from public;
grant execute on function pgfirst.audit_log(bigint, integer) to pgfirst_admin;
