create or replace function pgfirst.login_unlock(username text, tenant text default '')
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.login_throttle
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_user bytea;
begin
  if tenant is null then
    raise exception 'tenant must not be null'
      using errcode = 'PF301', hint = 'Use '''' when tenants are not used.';
  end if;
  select s.subject into v_user
    from pgfirst_private.login_subjects(username, null) s
   where s.scope = 'user';
  -- lock in login_attempt's order (scope, subject) first, so the two cannot deadlock
  perform 1
     from pgfirst_private.login_throttle t
    where t.tenant = login_unlock.tenant
      and ((t.scope = 'user' and t.subject = v_user)
           or (t.scope = 'user_ip' and t.user_subject = v_user))
    order by t.scope, t.subject
      for update;
  delete from pgfirst_private.login_throttle t
   where t.tenant = login_unlock.tenant
     and ((t.scope = 'user' and t.subject = v_user)
          or (t.scope = 'user_ip' and t.user_subject = v_user));
  return found;
end;
$$;

comment on function pgfirst.login_unlock(text, text) is
  'Admin: lifts every lock and forgets every failure of a username (its username and username+IP counters, escalation included); true when there was any. Per-IP counters are left alone.';
revoke all on function pgfirst.login_unlock(text, text) from public;
grant execute on function pgfirst.login_unlock(text, text) to pgfirst_admin;
