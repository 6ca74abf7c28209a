create or replace function pgfirst_private.cache_check_value(value jsonb)
returns boolean
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_max bigint;
begin
  if value is null then
    raise exception 'a cache value must not be SQL null'
      using errcode = 'PF108',
            hint = 'Store the JSON value ''null''::jsonb, or call cache_delete to remove the key.';
  end if;
  -- Read directly (not through setting_int → setting_value): this runs on every write.
  select (coalesce(s.value, s.default_value) #>> '{}')::bigint into v_max
    from pgfirst_private.setting s
   where s.name = 'cache.max_value_bytes';
  if pg_column_size(value) > v_max then
    raise exception 'a cache value must not be larger than cache.max_value_bytes'
      using errcode = 'PF104',
            detail = format('value: %s bytes, limit: %s bytes', pg_column_size(value), v_max),
            hint = 'Cache smaller values, or raise the limit with pgfirst.setting_set(''cache.max_value_bytes'', …).';
  end if;
  return true;
end;
$$;

comment on function pgfirst_private.cache_check_value(jsonb) is
  'Internal: raises PF108 for an SQL null value and PF104 for a value larger than cache.max_value_bytes (jsonb datum size); returns true otherwise.';
revoke all on function pgfirst_private.cache_check_value(jsonb) from public;
