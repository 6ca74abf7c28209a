-- Hit/miss stats without a write per read: each read calls this with its counts; with
-- probability `rate` (setting cache.stats_sample_rate) it adds counts / rate to this
-- backend's own row (shard = pid), so a sample never waits on another session's lock.
-- Skipped in read-only transactions, where any write would fail.
create or replace function pgfirst_private.cache_stat_sample(namespace text, tenant text, hits bigint, misses bigint)
returns boolean
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_rate double precision;
begin
  v_rate := (pgfirst_private.setting_value('cache.stats_sample_rate') #>> '{}')::double precision;
  if v_rate <= 0 or random() >= v_rate or current_setting('transaction_read_only') = 'on' then
    return false;
  end if;
  insert into pgfirst_private.cache_stat as s (namespace, tenant, shard, hits, misses)
  values (namespace, tenant, pg_backend_pid(),
          round(hits / least(v_rate, 1))::bigint, round(misses / least(v_rate, 1))::bigint)
  on conflict on constraint cache_stat_pkey do update
     set hits = s.hits + excluded.hits,
         misses = s.misses + excluded.misses;
  return true;
end;
$$;

comment on function pgfirst_private.cache_stat_sample(text, text, bigint, bigint) is
  'Internal: records a read''s hits/misses with probability cache.stats_sample_rate, weighted by its inverse, in the calling backend''s own stats row; returns whether it recorded.';
revoke all on function pgfirst_private.cache_stat_sample(text, text, bigint, bigint) from public;
