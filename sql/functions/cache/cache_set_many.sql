create or replace function pgfirst.cache_set_many(
  namespace text,
  entries jsonb,
  ttl interval default null,
  tenant text default '',
  now timestamptz default null
)
returns integer
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(cache_set_many.now) then coalesce(cache_set_many.now, pg_catalog.now())
                          else pgfirst_private.arg_time(cache_set_many.now, 'now') end;
  v_ok boolean;
  v_bad_keys bigint;
  v_biggest integer;
  v_max bigint;
  v_default_ttl interval;
  v_n integer;
begin
  if entries is null or jsonb_typeof(entries) <> 'object' then
    raise exception 'cache_set_many needs entries to be a JSON object {"key": value, …}'
      using errcode = 'PF105',
            detail = format('entries is %s', coalesce(jsonb_typeof(entries), 'null')),
            hint = 'Build the object with jsonb_build_object or jsonb_object_agg.';
  end if;
  -- One pass over the entries for every rule (the address test is inlined), together with
  -- the value limit and the namespace's default TTL; the helpers that raise the precise
  -- PF error only run when a rule is broken.
  select count(*) filter (where not pgfirst_private.cache_address_ok(cache_set_many.namespace, cache_set_many.tenant, j.key)),
         count(*),
         max(pg_column_size(j.value)),
         (select (coalesce(s.value, s.default_value) #>> '{}')::bigint
            from pgfirst_private.setting s where s.name = 'cache.max_value_bytes'),
         (select p.default_ttl from pgfirst_private.cache_namespace p where p.namespace = cache_set_many.namespace)
    into v_bad_keys, v_n, v_biggest, v_max, v_default_ttl
    from jsonb_each(entries) j;
  if v_bad_keys > 0 or not pgfirst_private.cache_address_ok(cache_set_many.namespace, cache_set_many.tenant, 'k')
     or v_n > (pgfirst_private.arg_limits()).batch_max then
    v_ok := pgfirst_private.cache_check(cache_set_many.namespace, cache_set_many.tenant,
                                        array(select jsonb_object_keys(entries)));
  end if;
  if cache_set_many.ttl <= interval '0' or cache_set_many.ttl > (pgfirst_private.arg_limits()).interval_max then -- cache_expiry raises PF103
    v_ok := pgfirst_private.cache_expiry(cache_set_many.namespace, cache_set_many.ttl, v_now) is null;
  end if;
  if v_biggest > v_max then -- cache_check_value raises PF104 for the largest value
    v_ok := pgfirst_private.cache_check_value(
              (select j.value from jsonb_each(entries) j order by pg_column_size(j.value) desc limit 1));
  end if;
  -- jsonb_each yields keys in jsonb's fixed order, so concurrent batches lock rows in one
  -- order and cannot deadlock each other.
  insert into pgfirst_private.cache_entry as e (tenant, namespace, key, value, expires_at, lease_until, updated_at)
  select cache_set_many.tenant, cache_set_many.namespace, j.key, j.value,
         v_now + coalesce(cache_set_many.ttl, v_default_ttl), null, v_now
    from jsonb_each(entries) j
  on conflict on constraint cache_entry_pkey do update
     set value = excluded.value,
         expires_at = excluded.expires_at,
         lease_until = null,
         updated_at = excluded.updated_at;
  get diagnostics v_n = row_count;
  return v_n;
end;
$$;

comment on function pgfirst.cache_set_many(text, jsonb, interval, text, timestamptz) is
  'Stores every key of the JSON object entries with its value and one expiry (Redis MSET / pipelined SET EX) in one INSERT … ON CONFLICT; returns the number of keys written.';
revoke all on function pgfirst.cache_set_many(text, jsonb, interval, text, timestamptz) from public;
grant execute on function pgfirst.cache_set_many(text, jsonb, interval, text, timestamptz) to pgfirst_app;
