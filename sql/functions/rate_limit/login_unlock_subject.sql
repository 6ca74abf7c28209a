create or replace function pgfirst.login_unlock_subject(tenant text, scope text, subject_hex text)
returns boolean
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.login_throttle and the admin audit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_subject bytea;
begin
  if login_unlock_subject.tenant is null then
    raise exception 'tenant must not be null'
      using errcode = 'PF301', hint = 'Use '''' when tenants are not used.';
  end if;
  -- the full hash only (64 hex digits): a prefix could match several subjects
  if login_unlock_subject.scope is null or login_unlock_subject.scope not in ('user', 'ip', 'user_ip')
     or login_unlock_subject.subject_hex is null or login_unlock_subject.subject_hex !~ '^[0-9a-fA-F]{64}$' then
    raise exception 'scope must be user, ip or user_ip and subject_hex the 64 hex digits login_lockouts returns'
      using errcode = 'PF308',
            detail = pg_catalog.format('scope %L, subject_hex of %s characters.', login_unlock_subject.scope,
                                       coalesce(pg_catalog.length(login_unlock_subject.subject_hex)::text, 'null'));
  end if;
  v_subject := pg_catalog.decode(login_unlock_subject.subject_hex, 'hex');
  -- as login_unlock: a username's lock goes with its username+IP counters; rows locked in
  -- login_attempt's order (scope, subject) so the two cannot deadlock
  perform 1
     from pgfirst_private.login_throttle t
    where t.tenant = login_unlock_subject.tenant
      and ((t.scope = login_unlock_subject.scope and t.subject = v_subject)
           or (login_unlock_subject.scope = 'user' and t.scope = 'user_ip' and t.user_subject = v_subject))
    order by t.scope, t.subject
      for update;
  delete from pgfirst_private.login_throttle t
   where t.tenant = login_unlock_subject.tenant
     and ((t.scope = login_unlock_subject.scope and t.subject = v_subject)
          or (login_unlock_subject.scope = 'user' and t.scope = 'user_ip' and t.user_subject = v_subject));
  if not found then
    return false;
  end if;
  perform pgfirst_private.audit_write('login_unlock_subject',
    login_unlock_subject.scope || ':' || pg_catalog.lower(login_unlock_subject.subject_hex),
    pg_catalog.jsonb_build_object('tenant', login_unlock_subject.tenant));
  return true;
end;
$$;

comment on function pgfirst.login_unlock_subject(text, text, text) is
  'Admin: lifts the lock and forgets the failures of one login counter listed by login_lockouts (tenant, scope, full subject_hex); a user counter takes its user+IP counters with it, as login_unlock. True when there was any; PF308 for a bad scope or hex; audited.';
revoke all on function pgfirst.login_unlock_subject(text, text, text) from public;
grant execute on function pgfirst.login_unlock_subject(text, text, text) to pgfirst_admin;
