create or replace function pgfirst.cache_get_many(
  namespace text,
  keys text[],
  tenant text default '',
  now timestamptz default null
)
returns table (key text, value jsonb)
language plpgsql
volatile -- records a sampled hit/miss (cache.stats_sample_rate)
security definer -- reads pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_ok boolean;
  v_found bigint;
  v_bad_keys bigint;
  v_rate double precision;
begin
  -- One statement for the rules (address test inlined); cache_check raises the precise PF error only when a rule is broken (a null list
  -- counts as an invalid key).
  select count(*) filter (where not pgfirst_private.cache_address_ok(cache_get_many.namespace, cache_get_many.tenant, k.k))
    into v_bad_keys
    from unnest(coalesce(cache_get_many.keys, array[null::text])) k(k);
  v_rate := pgfirst_private.hot_cache_stats_sample_rate();  -- a constant in the cached plan (hot_settings.sql)
  if v_bad_keys > 0 or not pgfirst_private.cache_address_ok(cache_get_many.namespace, cache_get_many.tenant, 'k')
     or pg_catalog.cardinality(cache_get_many.keys) > (pgfirst_private.arg_limits()).batch_max
     or not pgfirst_private.arg_time_ok(cache_get_many.now) then
    v_ok := pgfirst_private.cache_check(cache_get_many.namespace, cache_get_many.tenant,
                                        coalesce(cache_get_many.keys, array[null::text]));
    perform pgfirst_private.arg_time(cache_get_many.now, 'now');
  end if;
  return query
    select e.key, e.value
      from pgfirst_private.cache_entry e
     where e.tenant = cache_get_many.tenant
       and e.namespace = cache_get_many.namespace
       and e.key = any (cache_get_many.keys)
       and (e.expires_at is null or e.expires_at > coalesce(cache_get_many.now, pg_catalog.now()));
  get diagnostics v_found = row_count;
  if pg_catalog.random() < v_rate then
    v_ok := pgfirst_private.cache_stat_sample(cache_get_many.namespace, cache_get_many.tenant, v_found,
              cardinality(cache_get_many.keys) - v_found, v_rate);
  end if;
end;
$$;

comment on function pgfirst.cache_get_many(text, text[], text, timestamptz) is
  'The live entries among keys, one row per key found (missing and expired keys are left out; Redis MGET). One index scan with the key array; never deletes.';
revoke all on function pgfirst.cache_get_many(text, text[], text, timestamptz) from public;
grant execute on function pgfirst.cache_get_many(text, text[], text, timestamptz) to pgfirst_app;
