create or replace function pgfirst.cache_delete_many(
  namespace text,
  keys text[],
  tenant text default ''
)
returns integer
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_ok boolean := pgfirst_private.cache_check(cache_delete_many.namespace, cache_delete_many.tenant,
                                                   coalesce(cache_delete_many.keys, array[null::text])); -- a null list is an invalid key
  v_live integer;
begin
  with gone as (
    delete from pgfirst_private.cache_entry e
     where e.tenant = cache_delete_many.tenant
       and e.namespace = cache_delete_many.namespace
       and e.key = any (cache_delete_many.keys)
    returning e.expires_at is null or e.expires_at > pg_catalog.now() as live
  )
  select count(*) filter (where gone.live) into v_live from gone;
  return v_live;
end;
$$;

comment on function pgfirst.cache_delete_many(text, text[], text) is
  'Removes every listed key in one DELETE (Redis DEL k1 k2 …); returns how many live values were removed (expired rows are removed too but not counted).';
revoke all on function pgfirst.cache_delete_many(text, text[], text) from public;
grant execute on function pgfirst.cache_delete_many(text, text[], text) to pgfirst_app;
