-- Arguments every new session needs: an owner (user_id, tenant; '' allowed) and positive
-- timeouts (already defaulted from the settings by the caller).
create or replace function pgfirst_private.session_check_new(user_id text, tenant text, idle_timeout interval, absolute_timeout interval)
returns void
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
begin
  if user_id is null or tenant is null then
    raise exception 'a session needs a non-null user_id and tenant'
      using errcode = 'PF206',
            hint = 'Use '''' for an anonymous session or when tenants are not used.';
  end if;
  if octet_length(user_id) > (pgfirst_private.arg_limits()).user_id_max_bytes
     or octet_length(tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes then
    raise exception 'a session user_id is at most % bytes and a tenant at most % bytes',
                    (pgfirst_private.arg_limits()).user_id_max_bytes, (pgfirst_private.arg_limits()).tenant_max_bytes
      using errcode = 'PF206',
            detail = pg_catalog.format('user_id: %s bytes, tenant: %s bytes.', octet_length(user_id), octet_length(tenant)),
            hint = 'Store a short stable identifier (a primary key), not a document.';
  end if;
  -- the upper bound keeps last_seen_at + idle_timeout and now + absolute_timeout in range
  -- (a stored '300000 years' once broke session_cleanup and maintenance for everyone)
  if idle_timeout <= interval '0' or absolute_timeout <= interval '0'
     or idle_timeout > (pgfirst_private.arg_limits()).interval_max
     or absolute_timeout > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'session timeouts must be positive intervals of at most %', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF205',
            detail = pg_catalog.format('idle_timeout %s, absolute_timeout %s.', idle_timeout, absolute_timeout);
  end if;
end;
$$;

comment on function pgfirst_private.session_check_new(text, text, interval, interval) is
  'Internal: raises PF206 for a null or oversized user_id or tenant and PF205 for a timeout that is not positive or exceeds 100 years.';
revoke all on function pgfirst_private.session_check_new(text, text, interval, interval) from public;
