-- Tables, types, indexes, then one include line per sql/ file this change touches.

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
--!include functions/job/queue_configure.sql
--!include functions/job/queue_stats.sql
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

-- ==== schedule module ====
drop type if exists pgfirst_private.cron_spec cascade;
create type pgfirst_private.cron_spec as (
  minutes bigint,   -- bit n set: minute n allowed (0-59)
  hours bigint,     -- 0-23
  doms bigint,      -- 1-31
  months bigint,    -- 1-12
  dows bigint,      -- 0-6, Sunday = 0
  dom_star boolean, -- day-of-month field began with "*"
  dow_star boolean  -- day-of-week field began with "*"
);
comment on type pgfirst_private.cron_spec is 'A parsed cron expression: one bitmask per field plus the Vixie "*" flags for the day rule.';

--!include functions/_internal/cron_field_parse.sql
--!include functions/_internal/cron_parse.sql
--!include functions/_internal/cron_next_local.sql
--!include functions/_internal/cron_local_instant.sql
--!include functions/_internal/timezone_check.sql
--!include functions/_internal/cron_next_spec.sql
--!include functions/schedule/cron_next.sql

-- Schedules. Logged (they are configuration). next_run is indexed although every tick
-- rewrites it (non-HOT update once per tick per schedule): the due scan must stay an index
-- probe with 10,000 schedules and nothing due.
drop table if exists pgfirst_private.schedule cascade;
create table pgfirst_private.schedule (
  name text not null,
  task text not null,
  cron text,
  every interval,
  spec pgfirst_private.cron_spec,
  anchor timestamptz not null,        -- every-schedules tick at anchor + k * every
  payload jsonb not null default '{}',
  queue text not null default 'default',
  timezone text not null default 'UTC',
  missed text not null default 'once',
  enabled boolean not null default true,
  tenant text not null default '',
  next_run timestamptz,               -- null: the cron expression never fires again
  last_run timestamptz,               -- tick time of the last enqueued job
  last_job_id bigint,
  last_tick_at timestamptz,           -- when schedule_tick last enqueued for it
  ticks_enqueued bigint not null default 0,
  ticks_skipped bigint not null default 0,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint schedule_pkey primary key (name),
  constraint schedule_cron_xor_every check ((cron is null) <> (every is null)),
  constraint schedule_missed_known check (missed in ('skip', 'once', 'all'))
);
create index schedule_due_idx on pgfirst_private.schedule (next_run) where enabled;
comment on table pgfirst_private.schedule is
  'Cron and interval schedules; schedule_tick advances next_run atomically (FOR UPDATE SKIP LOCKED), which makes every tick enqueue exactly once.';

select pgfirst_private.setting_register('schedule.missed_grace', 'interval', '"2 minutes"',
  'A tick is on time while now - tick <= this; older ticks are "missed" and follow the schedule''s missed policy.');
select pgfirst_private.setting_register('schedule.catchup_window', 'interval', '"1 day"',
  'missed = all: ticks older than this are dropped (the jump counts once in ticks_skipped), newer ones are all enqueued.');
select pgfirst_private.setting_register('schedule.catchup_limit', 'integer', '100',
  'At most this many ticks per schedule per schedule_tick call; the rest follow on the next call.');
select pgfirst_private.setting_register('schedule.tick_batch', 'integer', '1000',
  'At most this many due schedules per schedule_tick call (the worker calls again at once when the batch was full).');

--!include functions/_internal/schedule_next_tick.sql
--!include functions/schedule/schedule_set.sql
--!include functions/schedule/schedule_delete.sql
--!include functions/schedule/schedule_next.sql
--!include functions/schedule/schedule_tick.sql
--!include views/schedules.sql

-- ---- job archive (extends the job module: queue keep_finished, job_finished, job_get) ----
alter table pgfirst_private.job_queue add column if not exists keep_finished interval;
alter table pgfirst_private.job_queue drop constraint if exists job_queue_keep_finished_positive;
alter table pgfirst_private.job_queue add constraint job_queue_keep_finished_positive
  check (keep_finished is null or keep_finished > interval '0');
comment on column pgfirst_private.job_queue.keep_finished is
  'Copy finished jobs of this queue into pgfirst_private.job_archive and keep them at least this long (null = no archive).';

drop table if exists pgfirst_private.job_archive cascade;
-- Finished jobs of queues with keep_finished. Daily partitions (UTC days) are created ahead
-- by maintenance; retention detaches and drops whole partitions. The default partition only
-- catches rows when maintenance did not run for schedule.archive_days_ahead days.
create table pgfirst_private.job_archive (
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
  constraint job_archive_pkey primary key (id, finished_at),
  constraint job_archive_state check (state in ('done', 'dead', 'cancelled'))
) partition by range (finished_at);
create table pgfirst_private.job_archive_default partition of pgfirst_private.job_archive default;
comment on table pgfirst_private.job_archive is
  'Archive of finished jobs (queues with keep_finished), range-partitioned by finished_at in UTC days named job_archive_pYYYYMMDD; retention drops whole partitions.';

-- One row per maintenance run (what it did); pruned by maintenance after a day. Health
-- reads it for "reaped leases" and "maintenance last ran".
drop table if exists pgfirst_private.maintenance_run cascade;
create table pgfirst_private.maintenance_run (
  at timestamptz not null,
  result jsonb not null
);
create index maintenance_run_at_idx on pgfirst_private.maintenance_run (at);
comment on table pgfirst_private.maintenance_run is 'Log of maintenance runs (the jsonb each returned), kept one day.';

select pgfirst_private.setting_register('archive.days_ahead', 'integer', '3',
  'Maintenance keeps daily job archive partitions created this many UTC days ahead of today.');
select pgfirst_private.setting_register('maintenance.batch', 'integer', '10000',
  'Rows each cleanup deletes at most per maintenance call (cache, sessions, rate limits, dead letters).');
select pgfirst_private.setting_register('health.oldest_pending_warn', 'interval', '"1 minute"',
  'health: warn when the oldest ready job has waited longer than this.');
select pgfirst_private.setting_register('health.oldest_pending_crit', 'interval', '"10 minutes"',
  'health: crit when the oldest ready job has waited longer than this.');
select pgfirst_private.setting_register('health.dead_last_hour_warn', 'integer', '1',
  'health: warn when at least this many jobs went dead in the last hour.');
select pgfirst_private.setting_register('health.dead_last_hour_crit', 'integer', '100',
  'health: crit when at least this many jobs went dead in the last hour.');
select pgfirst_private.setting_register('health.reaped_last_hour_warn', 'integer', '1',
  'health: warn when maintenance reaped at least this many expired leases in the last hour.');
select pgfirst_private.setting_register('health.reaped_last_hour_crit', 'integer', '50',
  'health: crit when maintenance reaped at least this many expired leases in the last hour.');
select pgfirst_private.setting_register('health.schedule_overdue_crit', 'interval', '"15 minutes"',
  'health: a schedule tick overdue by more than schedule.missed_grace is warn, by more than this crit.');
select pgfirst_private.setting_register('health.bloat_warn', 'number', '0.2',
  'health: warn when dead tuples are more than this share of a cache/session/job table.');
select pgfirst_private.setting_register('health.bloat_crit', 'number', '0.5',
  'health: crit when dead tuples are more than this share of a cache/session/job table.');
select pgfirst_private.setting_register('health.long_transaction_warn', 'interval', '"5 minutes"',
  'health: warn when a transaction in this database has been open longer than this (it pins vacuum).');
select pgfirst_private.setting_register('health.long_transaction_crit', 'interval', '"30 minutes"',
  'health: crit when a transaction in this database has been open longer than this.');
select pgfirst_private.setting_register('health.maintenance_stale', 'interval', '"10 minutes"',
  'health: warn when maintenance has not run for this long (crit after three times as long).');

-- job_get reads the archive, so it is created after it (moved here from the job section)
--!include functions/job/job_get.sql
--!include functions/_internal/archive_maintain.sql
--!include functions/core/maintenance.sql
--!include functions/core/health.sql
--!include functions/core/stats.sql

-- Maintenance runs as a schedule by default (task pgfirst.maintenance, handled by the TS
-- worker's built-in task; other workers call select pgfirst.maintenance()).
select pgfirst.schedule_set(name => 'pgfirst.maintenance', task => 'pgfirst.maintenance',
  cron => '* * * * *', missed => 'skip');
