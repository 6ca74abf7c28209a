-- Tables, types, indexes, then one include line per sql/ file this change touches.

-- ==== cache module ====
-- Re-runnable: drop the module's own objects first (graphile-migrate re-runs current.sql).
drop function if exists pgfirst.cache_set(text, text, jsonb, interval, text, timestamptz);
drop function if exists pgfirst.cache_get(text, text, text, timestamptz);
drop function if exists pgfirst.cache_get_many(text, text[], text, timestamptz);
drop function if exists pgfirst.cache_set_many(text, jsonb, interval, text, timestamptz);
drop function if exists pgfirst.cache_add(text, text, jsonb, interval, text, timestamptz);
drop function if exists pgfirst.cache_delete(text, text, text);
drop function if exists pgfirst.cache_delete_many(text, text[], text);
drop function if exists pgfirst.cache_incr(text, text, bigint, interval, text, timestamptz);
drop function if exists pgfirst.cache_touch(text, text, interval, text, timestamptz);
drop function if exists pgfirst.cache_clear(text, text);
drop function if exists pgfirst.cache_lease(text, text, interval, text, timestamptz);
drop function if exists pgfirst.cache_configure(text, interval, bigint, interval);
drop function if exists pgfirst.cache_cleanup(integer, timestamptz);
drop function if exists pgfirst.cleanup_select2_cache();
drop function if exists pgfirst.cache_stats();
drop function if exists pgfirst_private.cache_check(text, text, text[]);
drop function if exists pgfirst_private.cache_check_value(jsonb);
drop function if exists pgfirst_private.cache_address_ok(text, text, text);
drop function if exists pgfirst_private.cache_write(text, text, jsonb, interval, text, timestamptz, boolean);
drop function if exists pgfirst_private.cache_expiry(text, interval, timestamptz);
drop function if exists pgfirst_private.cache_incr_value(jsonb, bigint);
drop function if exists pgfirst_private.cache_stat_sample(text, text, bigint, bigint, double precision);
drop function if exists pgfirst_private.cache_sweep(bigint, timestamptz, text);
drop table if exists pgfirst_private.cache_entry cascade;
drop table if exists pgfirst_private.cache_namespace cascade;
drop table if exists pgfirst_private.cache_stat cascade;
drop sequence if exists pgfirst_private.cache_sweep_chunk;

-- The cache itself. UNLOGGED: no WAL, so writes are cheap, but a crash (not a clean
-- shutdown) empties it and it is not replicated, like Redis without persistence.
-- No index but the primary key: expires_at, value, lease_until and updated_at change on
-- every write, so updates stay HOT; fillfactor leaves room on each page for them.
-- Address columns use COLLATE "C": keys are opaque byte strings, and byte comparison makes
-- every primary-key probe cheaper than a linguistic collation (strcoll) would.
create unlogged table pgfirst_private.cache_entry (
  tenant text collate "C" not null,
  namespace text collate "C" not null,
  key text collate "C" not null,
  value jsonb,
  expires_at timestamptz,     -- null: never expires; '-infinity': a lease placeholder without value
  lease_until timestamptz,    -- cache_lease: recomputation claimed until then
  updated_at timestamptz not null,
  constraint cache_entry_pkey primary key (tenant, namespace, key),
  constraint cache_entry_value_present check (value is not null or expires_at = '-infinity')
) with (fillfactor = 80);
comment on table pgfirst_private.cache_entry is
  'Cache entries keyed by (tenant, namespace, key). UNLOGGED: emptied by a crash. Only the primary key is indexed so updates stay HOT; expiry is swept by cache_cleanup in block ranges.';

-- Per-namespace policy. Logged: configuration must survive a crash.
create table pgfirst_private.cache_namespace (
  namespace text collate "C" not null,
  default_ttl interval,
  max_entries bigint,
  stale_ttl interval,
  updated_at timestamptz not null default now(),
  constraint cache_namespace_pkey primary key (namespace),
  constraint cache_namespace_default_ttl_positive check (default_ttl > interval '0'),
  constraint cache_namespace_max_entries_positive check (max_entries > 0),
  constraint cache_namespace_stale_ttl_positive check (stale_ttl > interval '0')
);
comment on table pgfirst_private.cache_namespace is
  'Cache policy per namespace: default TTL, entry cap per (tenant, namespace), how long an expired value may still be served to cache_lease callers.';

-- Sampled hit/miss counters, append-only: a sampled read INSERTs one row (no index, no
-- conflict, no row lock: never waits on another session, and a long transaction sampling
-- many reads builds no update chain); cache_cleanup folds the rows into one per
-- (namespace, tenant).
create unlogged table pgfirst_private.cache_stat (
  namespace text collate "C" not null,
  tenant text collate "C" not null,
  hits bigint not null,
  misses bigint not null
);
comment on table pgfirst_private.cache_stat is
  'Sampled hit/miss estimates per (namespace, tenant), weighted by 1/sample rate; append-only, folded by cache_cleanup; cache_stats() sums them.';

-- Hands out block ranges to concurrent cache_cleanup calls without a lock (nextval never blocks).
create sequence pgfirst_private.cache_sweep_chunk as bigint cycle;
comment on sequence pgfirst_private.cache_sweep_chunk is
  'cache_cleanup: number of the next block chunk to sweep (modulo the table size).';

select pgfirst_private.setting_register('cache.max_value_bytes', 'integer', '1048576',
  'Largest cache value accepted, in bytes of the jsonb datum (PF104 above it).');
select pgfirst_private.setting_register('cache.stats_sample_rate', 'number', '0.01',
  'Fraction of cache reads whose hit/miss is recorded (weighted by 1/rate). 0 disables stats, 1 counts exactly at the cost of one write per read.');
select pgfirst_private.setting_register('cache.cleanup_chunk_blocks', 'integer', '64',
  'Heap blocks (8 kB each) one cache_cleanup step scans for expired rows.');

--!include functions/_internal/cache_address_ok.sql
--!include functions/_internal/cache_check.sql
--!include functions/_internal/cache_check_value.sql
--!include functions/_internal/cache_expiry.sql
--!include functions/_internal/cache_incr_value.sql
--!include functions/_internal/cache_stat_sample.sql
--!include functions/_internal/cache_sweep.sql
--!include functions/_internal/cache_write.sql
--!include functions/cache/cache_set.sql
--!include functions/cache/cache_get.sql
--!include functions/cache/cache_get_many.sql
--!include functions/cache/cache_set_many.sql
--!include functions/cache/cache_add.sql
--!include functions/cache/cache_delete.sql
--!include functions/cache/cache_delete_many.sql
--!include functions/cache/cache_incr.sql
--!include functions/cache/cache_touch.sql
--!include functions/cache/cache_clear.sql
--!include functions/cache/cache_lease.sql
--!include functions/cache/cache_configure.sql
--!include functions/cache/cache_cleanup.sql
--!include functions/cache/cleanup_select2_cache.sql
--!include functions/cache/cache_stats.sql
