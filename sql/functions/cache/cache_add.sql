create or replace function pgfirst.cache_add(
  namespace text,
  key text,
  value jsonb,
  ttl interval default null,
  tenant text default '',
  now timestamptz default null
)
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  return pgfirst_private.cache_write(cache_add.namespace, cache_add.key, cache_add.value, cache_add.ttl,
                                     cache_add.tenant, cache_add.now, only_if_dead => true);
end;
$$;

comment on function pgfirst.cache_add(text, text, jsonb, interval, text, timestamptz) is
  'Stores value only when the key is missing or expired (Redis SET NX); true when it stored. Exactly one of several concurrent callers on one key gets true. One statement.';
revoke all on function pgfirst.cache_add(text, text, jsonb, interval, text, timestamptz) from public;
grant execute on function pgfirst.cache_add(text, text, jsonb, interval, text, timestamptz) to pgfirst_app;
