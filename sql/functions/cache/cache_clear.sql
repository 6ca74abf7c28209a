create or replace function pgfirst.cache_clear(
  namespace text default null,
  tenant text default null
)
returns bigint
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_ok boolean;
  v_caller text;
  v_n bigint;
begin
  if cache_clear.namespace is null and cache_clear.tenant is null then
    raise exception 'cache_clear needs a namespace, a tenant or both'
      using errcode = 'PF109',
            hint = 'Clear namespace by namespace (see pgfirst.cache_stats()) to empty the whole cache.';
  end if;
  -- null means "every": only the values given are checked.
  v_ok := pgfirst_private.cache_check(coalesce(cache_clear.namespace, '*'), coalesce(cache_clear.tenant, ''), null);
  -- tenant => null purges the namespace of every tenant: pgfirst_admin only (DESIGN: admin
  -- purges across tenants). Inside SECURITY DEFINER current_user is the owner, so the caller
  -- is taken from the session: the role set with SET ROLE (the `role` setting, which only a
  -- member of that role can set), else the session user. A caller that reaches this through
  -- another SECURITY DEFINER function is judged by its session role, never by that owner.
  if cache_clear.tenant is null then
    v_caller := pg_catalog.current_setting('role');
    if v_caller = 'none' then
      v_caller := session_user;
    end if;
    if not pg_catalog.pg_has_role(v_caller, 'pgfirst_admin', 'USAGE') then
      raise exception 'cache_clear across tenants (tenant => null) needs pgfirst_admin'
        using errcode = 'PF112',
              detail = format('caller: %s, namespace: %s', v_caller, quote_literal(left(cache_clear.namespace, 40))),
              hint = 'Name the tenant (tenant => '''' when the application has no tenants), or run the purge as pgfirst_admin.';
    end if;
  end if;
  delete from pgfirst_private.cache_entry e
   where (cache_clear.tenant is null or e.tenant = cache_clear.tenant)
     and (cache_clear.namespace is null or e.namespace = cache_clear.namespace);
  get diagnostics v_n = row_count;
  return v_n;
end;
$$;

comment on function pgfirst.cache_clear(text, text) is
  'Removes every entry of a tenant (all namespaces), of a namespace within a tenant, or (tenant => null, pgfirst_admin only, else PF112) of a namespace across all tenants; returns rows removed (live and expired). PF109 when neither is given. One DELETE.';
revoke all on function pgfirst.cache_clear(text, text) from public;
grant execute on function pgfirst.cache_clear(text, text) to pgfirst_app;
