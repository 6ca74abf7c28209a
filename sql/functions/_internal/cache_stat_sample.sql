-- Hit/miss stats without a write per read. A read draws random() < rate (setting
-- cache.stats_sample_rate, which the caller already read in its lookup statement) and
-- only then calls this, which appends one row with counts / rate (no index, no conflict,
-- so a sample never waits on another session). Skipped in read-only transactions, where
-- any write would fail.
create or replace function pgfirst_private.cache_stat_sample(namespace text, tenant text, hits bigint, misses bigint, rate double precision)
returns boolean
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if rate <= 0 or current_setting('transaction_read_only') = 'on' then
    return false;
  end if;
  insert into pgfirst_private.cache_stat (namespace, tenant, hits, misses)
  values (namespace, tenant, round(hits / least(rate, 1))::bigint, round(misses / least(rate, 1))::bigint);
  return true;
end;
$$;

comment on function pgfirst_private.cache_stat_sample(text, text, bigint, bigint, double precision) is
  'Internal: records a sampled read''s hits and misses, weighted by 1/rate, as one appended stats row; false (nothing recorded) in a read-only transaction.';
revoke all on function pgfirst_private.cache_stat_sample(text, text, bigint, bigint, double precision) from public;
