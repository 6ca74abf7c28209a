-- Hit/miss stats without a write per read. A read draws random() < rate (setting
-- cache.stats_sample_rate, which the caller already read in its lookup statement) and
-- only then calls this, which adds counts / rate to the calling backend's own row
-- (shard = pid): a sample never waits on another session's lock. Skipped in read-only
-- transactions, where any write would fail.
create or replace function pgfirst_private.cache_stat_sample(namespace text, tenant text, hits bigint, misses bigint, rate double precision)
returns boolean
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  if rate <= 0 or current_setting('transaction_read_only') = 'on' then
    return false;
  end if;
  insert into pgfirst_private.cache_stat as s (namespace, tenant, shard, hits, misses)
  values (namespace, tenant, pg_backend_pid(),
          round(hits / least(rate, 1))::bigint, round(misses / least(rate, 1))::bigint)
  on conflict on constraint cache_stat_pkey do update
     set hits = s.hits + excluded.hits,
         misses = s.misses + excluded.misses;
  return true;
end;
$$;

comment on function pgfirst_private.cache_stat_sample(text, text, bigint, bigint, double precision) is
  'Internal: records a sampled read''s hits and misses, weighted by 1/rate, in the calling backend''s own stats row; false (nothing recorded) in a read-only transaction.';
revoke all on function pgfirst_private.cache_stat_sample(text, text, bigint, bigint, double precision) from public;
