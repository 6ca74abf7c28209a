-- Clears the username's counter (failures, lock, escalation) and the username+IP counter
-- of this address. The per-IP counter is NOT cleared: a sprayer holding one valid account
-- must not reset its address's budget by logging into it between guesses.
create or replace function pgfirst.login_succeeded(username text, ip inet default null, tenant text default '')
returns void
language plpgsql
volatile
security definer -- writes pgfirst_private.login_throttle
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if tenant is null then
    raise exception 'tenant must not be null'
      using errcode = 'PF301', hint = 'Use '''' when tenants are not used.';
  end if;
  -- lock in login_attempt's order (scope, subject) first, so the two cannot deadlock
  perform 1
     from pgfirst_private.login_throttle t
     join pgfirst_private.login_subjects(username, ip) s on t.scope = s.scope and t.subject = s.subject
    where t.tenant = login_succeeded.tenant
      and s.scope in ('user', 'user_ip')
    order by t.scope, t.subject
      for update of t;
  delete from pgfirst_private.login_throttle t
   using pgfirst_private.login_subjects(username, ip) s
   where t.tenant = login_succeeded.tenant
     and s.scope in ('user', 'user_ip')
     and t.scope = s.scope
     and t.subject = s.subject;
end;
$$;

comment on function pgfirst.login_succeeded(text, inet, text) is
  'Call after a correct password: clears the username''s failures, lock and escalation and its username+IP counter for this address (the per-IP counter stays). PF306 empty username.';
revoke all on function pgfirst.login_succeeded(text, inet, text) from public;
grant execute on function pgfirst.login_succeeded(text, inet, text) to pgfirst_app;
