create or replace function pgfirst.session_destroy_user(
  user_id text,
  tenant text default null,
  except_token text default null
)
returns integer
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_keep bytea := case when except_token is not null then pgfirst_private.session_token_hash(except_token) end;
  v_count integer;
begin
  if user_id is null then
    raise exception 'session_destroy_user needs a non-null user_id'
      using errcode = 'PF206';
  end if;
  update pgfirst_private.session s
     set revoked_at = pg_catalog.now(),
         data = '{}'::jsonb
   where s.user_id = session_destroy_user.user_id
     and (session_destroy_user.tenant is null or s.tenant = session_destroy_user.tenant)
     and s.revoked_at is null
     and s.absolute_expires_at > pg_catalog.now()
     and s.last_seen_at + s.idle_timeout > pg_catalog.now()
     and s.token_hash is distinct from v_keep;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

comment on function pgfirst.session_destroy_user(text, text, text) is
  '"Log out everywhere": destroys every live session of the user (in one tenant, or all tenants when tenant is null) except the one for except_token; returns how many. Uses the per-user index.';
revoke all on function pgfirst.session_destroy_user(text, text, text) from public;
grant execute on function pgfirst.session_destroy_user(text, text, text) to pgfirst_app;
