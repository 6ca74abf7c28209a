-- The plpgsql body of pgfirst.login_lockouts: its arguments carry a p_ prefix because plpgsql
-- refuses an argument named like a result column (the public API uses both names).
create or replace function pgfirst_private.login_lockout_rows(p_tenant text, p_page_size integer)
returns table(tenant text, scope text, subject_hex text, subject_short text, user_subject_hex text,
              failures integer, lockouts integer, locked_until timestamptz, updated_at timestamptz)
language plpgsql
stable
called on null input
parallel safe
-- (runs as the owner, called from the public SECURITY DEFINER wrapper) reads pgfirst_private.login_throttle
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if login_lockout_rows.p_page_size is null or login_lockout_rows.p_page_size < 1 or login_lockout_rows.p_page_size > 1000 then
    raise exception 'page_size must be between 1 and 1000' using errcode = 'PF309',
      detail = pg_catalog.format('page_size was %s.', coalesce(login_lockout_rows.p_page_size::text, 'null'));
  end if;
  -- subjects are keyed sha256 hashes: usernames and addresses are not stored in clear and
  -- cannot be shown; the hex identifies the counter for login_unlock_subject
  return query
    select t.tenant, t.scope, pg_catalog.encode(t.subject, 'hex'),
           pg_catalog.left(pg_catalog.encode(t.subject, 'hex'), 12),
           pg_catalog.encode(t.user_subject, 'hex'),
           t.failures, t.lockouts, t.locked_until, t.last_failure_at
      from pgfirst_private.login_throttle t
     where t.locked_until > pg_catalog.now()
       and (login_lockout_rows.p_tenant is null or t.tenant = login_lockout_rows.p_tenant)
     order by t.locked_until desc, t.tenant, t.scope, t.subject
     limit login_lockout_rows.p_page_size;
end;
$$;


comment on function pgfirst_private.login_lockout_rows(text, integer) is
  'Internal: the body of pgfirst.login_lockouts (plpgsql cannot name an argument like a result column).';
revoke all on function pgfirst_private.login_lockout_rows(text, integer) from public;
