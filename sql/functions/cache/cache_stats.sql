create or replace function pgfirst.cache_stats()
returns table (namespace text, tenant text, entries bigint, expired bigint, bytes bigint, hits bigint, misses bigint)
language sql
stable
security definer -- reads pgfirst_private
set search_path = pg_catalog, pg_temp
as $$
  with e as (
    select x.namespace, x.tenant,
           count(*) filter (where x.expires_at is null or x.expires_at > pg_catalog.now()) as entries,
           count(*) filter (where x.expires_at <= pg_catalog.now()) as expired,
           coalesce(sum(pg_column_size(x.value)), 0)::bigint as bytes
      from pgfirst_private.cache_entry x
     group by x.namespace, x.tenant
  ), s as (
    select y.namespace, y.tenant, sum(y.hits)::bigint as hits, sum(y.misses)::bigint as misses
      from pgfirst_private.cache_stat y
     group by y.namespace, y.tenant
  )
  select coalesce(e.namespace, s.namespace), coalesce(e.tenant, s.tenant),
         coalesce(e.entries, 0), coalesce(e.expired, 0), coalesce(e.bytes, 0),
         coalesce(s.hits, 0), coalesce(s.misses, 0)
    from e
    full join s on s.namespace = e.namespace and s.tenant = e.tenant
   order by 1, 2
$$;

comment on function pgfirst.cache_stats() is
  'Per (namespace, tenant): live entries, expired rows not yet cleaned up, stored value bytes (counted by a full scan), and hit/miss estimates from sampled reads (cache.stats_sample_rate; exact at 1).';
revoke all on function pgfirst.cache_stats() from public;
grant execute on function pgfirst.cache_stats() to pgfirst_admin;
