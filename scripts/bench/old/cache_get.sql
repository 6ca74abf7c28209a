-- The version before issue 16 (git f469610), kept for side-by-side benchmarks only: created by
-- scripts/bench/*.ts in schema pgfirst_bench_old, never shipped.
create schema if not exists pgfirst_bench_old;
create or replace function pgfirst_bench_old.cache_get(
  namespace text,
  key text,
  tenant text default '',
  now timestamptz default null
)
returns jsonb
language plpgsql
volatile -- records a sampled hit/miss (cache.stats_sample_rate)
security definer -- reads pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_value jsonb;
  v_rate double precision;
  v_ok boolean;
begin
  -- Hot path: the address rules are tested inline (a nested function call costs more than
  -- the lookup); cache_check only runs to raise the right PF error.
  if not (pgfirst_private.cache_address_ok(cache_get.namespace, cache_get.tenant, cache_get.key)
          and pgfirst_private.arg_time_ok(cache_get.now)) then
    v_ok := pgfirst_private.cache_check(cache_get.namespace, cache_get.tenant, array[cache_get.key]);
    perform pgfirst_private.arg_time(cache_get.now, 'now');
  end if;
  -- One statement for the lookup and the stats sample rate.
  select e.value, (coalesce(s.value, s.default_value) #>> '{}')::double precision
    into v_value, v_rate
    from pgfirst_private.setting s
    left join pgfirst_private.cache_entry e
      on e.tenant = cache_get.tenant
     and e.namespace = cache_get.namespace
     and e.key = cache_get.key
     and (e.expires_at is null or e.expires_at > coalesce(cache_get.now, pg_catalog.now()))
   where s.name = 'cache.stats_sample_rate';
  if pg_catalog.random() < v_rate then
    v_ok := pgfirst_private.cache_stat_sample(cache_get.namespace, cache_get.tenant,
                                              (v_value is not null)::int, (v_value is null)::int, v_rate);
  end if;
  return v_value;
end;
$$;

