create or replace function pgfirst.session_clear(tenant text default '')
returns bigint
language sql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
  with d as (
    update pgfirst_private.session s
       set revoked_at = pg_catalog.now(), data = '{}'::jsonb
     where s.tenant = session_clear.tenant
       and s.revoked_at is null
    returning 1
  )
  select count(*) from d
$$;

comment on function pgfirst.session_clear(text) is
  'Destroys every session of a tenant (tombstones, so none can be revived by a late write); returns how many. Admin only.';
revoke all on function pgfirst.session_clear(text) from public;
grant execute on function pgfirst.session_clear(text) to pgfirst_admin;
