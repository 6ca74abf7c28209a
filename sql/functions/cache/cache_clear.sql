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
declare
  v_ok boolean;
  v_n bigint;
begin
  if cache_clear.namespace is null and cache_clear.tenant is null then
    raise exception 'cache_clear needs a namespace, a tenant or both'
      using errcode = 'PF109',
            hint = 'Clear namespace by namespace (see pgfirst.cache_stats()) to empty the whole cache.';
  end if;
  -- null means "every": only the values given are checked.
  v_ok := pgfirst_private.cache_check(coalesce(cache_clear.namespace, '*'), coalesce(cache_clear.tenant, ''), null);
  delete from pgfirst_private.cache_entry e
   where (cache_clear.tenant is null or e.tenant = cache_clear.tenant)
     and (cache_clear.namespace is null or e.namespace = cache_clear.namespace);
  get diagnostics v_n = row_count;
  return v_n;
end;
$$;

comment on function pgfirst.cache_clear(text, text) is
  'Removes every entry of a namespace (all tenants), of a tenant (all namespaces), or of both; returns rows removed (live and expired). PF109 when neither is given. One DELETE.';
revoke all on function pgfirst.cache_clear(text, text) from public;
grant execute on function pgfirst.cache_clear(text, text) to pgfirst_app;
