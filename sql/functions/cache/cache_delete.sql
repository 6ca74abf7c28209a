create or replace function pgfirst.cache_delete(
  namespace text,
  key text,
  tenant text default ''
)
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_ok boolean := pgfirst_private.cache_check(cache_delete.namespace, cache_delete.tenant, array[cache_delete.key]);
  v_live boolean;
begin
  delete from pgfirst_private.cache_entry e
   where e.tenant = cache_delete.tenant
     and e.namespace = cache_delete.namespace
     and e.key = cache_delete.key
  returning e.expires_at is null or e.expires_at > pg_catalog.now() into v_live;
  return coalesce(v_live, false);
end;
$$;

comment on function pgfirst.cache_delete(text, text, text) is
  'Removes the key (Redis DEL); true when a live value was removed, false when it was missing or already expired (an expired row is removed too).';
revoke all on function pgfirst.cache_delete(text, text, text) from public;
grant execute on function pgfirst.cache_delete(text, text, text) to pgfirst_app;
