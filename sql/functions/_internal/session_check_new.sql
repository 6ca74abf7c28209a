-- Arguments every new session needs: an owner (user_id, tenant; '' allowed) and positive
-- timeouts (already defaulted from the settings by the caller).
create or replace function pgfirst_private.session_check_new(user_id text, tenant text, idle_timeout interval, absolute_timeout interval)
returns void
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if user_id is null or tenant is null then
    raise exception 'a session needs a non-null user_id and tenant'
      using errcode = 'PF206',
            hint = 'Use '''' for an anonymous session or when tenants are not used.';
  end if;
  if idle_timeout <= interval '0' or absolute_timeout <= interval '0' then
    raise exception 'session timeouts must be positive intervals'
      using errcode = 'PF205',
            detail = pg_catalog.format('idle_timeout %s, absolute_timeout %s.', idle_timeout, absolute_timeout);
  end if;
end;
$$;

comment on function pgfirst_private.session_check_new(text, text, interval, interval) is
  'Internal: raises PF206 for a null user_id or tenant and PF205 for a non-positive timeout.';
revoke all on function pgfirst_private.session_check_new(text, text, interval, interval) from public;
