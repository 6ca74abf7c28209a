create or replace function pgfirst_private.cache_stat_rate()
returns double precision
language sql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select (coalesce(s.value, s.default_value) #>> '{}')::double precision
    from pgfirst_private.setting s
   where s.name = 'cache.stats_sample_rate'
$$;

comment on function pgfirst_private.cache_stat_rate() is
  'Internal: the setting cache.stats_sample_rate (fraction of cache reads whose hit/miss is recorded).';
revoke all on function pgfirst_private.cache_stat_rate() from public;
