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

-- ==== job module ====
-- Hot table (live jobs only), dead letters, queue configuration. See docs/jobs.md.
drop function if exists pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz);
drop function if exists pgfirst.job_enqueue_many(jsonb);
drop function if exists pgfirst.job_claim(text, text[], integer, interval, timestamptz);
drop function if exists pgfirst.job_complete(bigint[], text, timestamptz, integer[]);
drop function if exists pgfirst.job_fail(bigint, text, text, interval, timestamptz, integer);
drop function if exists pgfirst.job_heartbeat(text, interval, timestamptz);
drop function if exists pgfirst.job_reap(timestamptz);
drop function if exists pgfirst.job_cancel(bigint);
drop function if exists pgfirst.job_retry(bigint, timestamptz);
drop function if exists pgfirst.job_get(bigint);
drop function if exists pgfirst.job_release(bigint[], text, timestamptz);
drop function if exists pgfirst.queue_configure(text, integer, boolean);
drop function if exists pgfirst.queue_stats();
drop function if exists pgfirst_private.job_finished(pgfirst_private.job[], text, timestamptz);
drop function if exists pgfirst_private.job_enqueue_keyed(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz);
drop function if exists pgfirst_private.job_backoff(bigint, integer);
drop function if exists pgfirst_private.job_error_push(jsonb, jsonb);
drop function if exists pgfirst_private.job_notify(text);
drop function if exists pgfirst_private.job_dead_purge(timestamptz, integer);
drop table if exists pgfirst_private.job cascade;
drop table if exists pgfirst_private.job_dead cascade;
drop table if exists pgfirst_private.job_queue cascade;
drop sequence if exists pgfirst_private.job_id_seq;

-- One id space for live, dead and (later) archived jobs.
create sequence pgfirst_private.job_id_seq as bigint;

-- Live jobs only: pending, failed (waiting to retry) and running. Finished jobs leave
-- through pgfirst_private.job_finished. Rows are updated by claim (state change, not HOT)
-- and by heartbeats (lease_expires_at only: HOT, nothing indexed changes), hence fillfactor.
create table pgfirst_private.job (
  id bigint not null default pg_catalog.nextval('pgfirst_private.job_id_seq'),
  tenant text not null default '',
  queue text not null default 'default',
  task text not null,
  payload jsonb not null default '{}',
  priority integer not null default 0,
  run_at timestamptz not null,
  state text not null default 'pending',
  attempt integer not null default 0,
  max_attempts integer not null default 25,
  job_key text,
  worker_id text,
  lease_expires_at timestamptz,
  lease_duration interval,
  claimed_at timestamptz,
  cancel_requested boolean not null default false,
  last_error text,
  errors jsonb not null default '[]',
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint job_pkey primary key (id),
  constraint job_state_live check (state in ('pending', 'failed', 'running')),
  constraint job_task_not_empty check (task <> ''),
  constraint job_queue_not_empty check (queue <> ''),
  constraint job_max_attempts_positive check (max_attempts >= 1),
  constraint job_running_has_worker check ((state = 'running') = (worker_id is not null))
) with (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.05);
alter sequence pgfirst_private.job_id_seq owned by pgfirst_private.job.id;
comment on table pgfirst_private.job is
  'Live jobs (pending, failed awaiting retry, running). Finished jobs are moved out by pgfirst_private.job_finished so the claim index stays small.';

-- The claim index: only jobs that may be claimed (run_at may still be in the future).
create index job_available_idx on pgfirst_private.job (priority desc, run_at, id)
  where state in ('pending', 'failed');
-- Running jobs: heartbeats, fencing, reaping and per-queue running counts scan this small
-- index. lease_expires_at is deliberately not indexed: heartbeats stay HOT updates.
create index job_running_idx on pgfirst_private.job (worker_id) where state = 'running';
-- Dedup among unfinished jobs; race-free through ON CONFLICT.
create unique index job_key_idx on pgfirst_private.job (tenant, job_key) where job_key is not null;

-- Dead letters: jobs that ran out of attempts or were cancelled, kept for job_retry and
-- inspection. Small by construction; purged by maintenance after job.dead_retention.
create table pgfirst_private.job_dead (
  id bigint not null,
  tenant text not null,
  queue text not null,
  task text not null,
  payload jsonb not null,
  priority integer not null,
  run_at timestamptz not null,
  state text not null,
  attempt integer not null,
  max_attempts integer not null,
  job_key text,
  last_error text,
  errors jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  finished_at timestamptz not null,
  constraint job_dead_pkey primary key (id),
  constraint job_dead_state check (state in ('dead', 'cancelled'))
);
create index job_dead_queue_idx on pgfirst_private.job_dead (queue, finished_at);
comment on table pgfirst_private.job_dead is
  'Dead letters: jobs that exhausted max_attempts (dead) or were cancelled before running; job_retry moves them back.';

-- Queue configuration; a queue without a row is unlimited and not paused.
create table pgfirst_private.job_queue (
  queue text not null,
  concurrency integer,
  paused boolean not null default false,
  updated_at timestamptz not null default pg_catalog.now(),
  constraint job_queue_pkey primary key (queue),
  constraint job_queue_concurrency_positive check (concurrency is null or concurrency >= 1)
);
comment on table pgfirst_private.job_queue is
  'Per-queue settings: concurrency limit across all workers (null = unlimited) and pause flag.';

select pgfirst_private.setting_register('job.backoff_base', 'interval', '"2 seconds"',
  'Retry delay before jitter for the first failed attempt; doubles each attempt (docs/jobs.md, Backoff).');
select pgfirst_private.setting_register('job.backoff_max', 'interval', '"1 hour"',
  'Upper bound of the exponential retry delay before jitter.');
select pgfirst_private.setting_register('job.backoff_jitter', 'number', '0.5',
  'Jitter share of the retry delay: the delay is scaled by a per-(job, attempt) factor in [1 - j/2, 1 + j/2].');
select pgfirst_private.setting_register('job.error_history', 'integer', '10',
  'How many error entries a job keeps (oldest dropped first).');
select pgfirst_private.setting_register('job.dead_retention', 'interval', '"14 days"',
  'Dead and cancelled jobs older than this are purged by maintenance (pgfirst_private.job_dead_purge).');

--!include functions/_internal/job_finished.sql
--!include functions/_internal/job_backoff.sql
--!include functions/_internal/job_error_push.sql
--!include functions/_internal/job_notify.sql
--!include functions/_internal/job_dead_purge.sql
--!include functions/_internal/job_enqueue_keyed.sql
--!include functions/job/job_enqueue.sql
--!include functions/job/job_enqueue_many.sql
--!include functions/job/job_claim.sql
--!include functions/job/job_complete.sql
--!include functions/job/job_fail.sql
--!include functions/job/job_heartbeat.sql
--!include functions/job/job_reap.sql
--!include functions/job/job_cancel.sql
--!include functions/job/job_retry.sql
--!include functions/job/job_release.sql
--!include functions/job/job_get.sql
--!include functions/job/queue_configure.sql
--!include functions/job/queue_stats.sql
