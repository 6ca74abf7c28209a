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
--!include functions/job/job_get.sql
--!include functions/job/queue_configure.sql
--!include functions/job/queue_stats.sql

-- ==== dropdown module ====
-- Contrib extensions for search: pg_trgm (trigram GIN for %term%), btree_gin (tenant in the
-- same GIN index), unaccent (accent-insensitive normalisation at refresh time). Installed
-- into schema pgfirst_ext when missing; when a database already has them elsewhere (often
-- `public`) that schema is used: every reference is resolved from pg_extension at run time.
create schema if not exists pgfirst_ext;
comment on schema pgfirst_ext is 'Contrib extensions pgfirst installs when missing (pg_trgm, btree_gin, unaccent).';
revoke all on schema pgfirst_ext from public;
create extension if not exists pg_trgm with schema pgfirst_ext;
create extension if not exists btree_gin with schema pgfirst_ext;
create extension if not exists unaccent with schema pgfirst_ext;

-- Registry: one row per dropdown. Written by define/drop and once per refresh (never by
-- application writers), so it is not a contention point.
create table if not exists pgfirst_private.dropdown (
  id integer generated always as identity,
  name text not null,
  query text not null,
  sources regclass[] not null,
  debounce interval not null,
  max_staleness interval not null,
  view_schema text not null,
  view_name text not null,
  function_name text not null,
  -- the query yields group_label: results come as Select2 groups
  grouped boolean not null default false,
  -- number of completed refreshes; writers aim their change marker at a generation (see
  -- pgfirst_private.dropdown_source_changed for the protocol)
  generation bigint not null default 0,
  populated boolean not null default false,
  last_refresh_at timestamptz,
  last_refresh_started_at timestamptz,
  last_refresh_duration interval,
  last_refresh_rows bigint,
  refresh_count bigint not null default 0,
  -- n_tup_ins + n_tup_upd + n_tup_del of the sources when the last refresh started
  source_writes_at_refresh bigint,
  created_at timestamptz not null default pg_catalog.now(),
  updated_at timestamptz not null default pg_catalog.now(),
  constraint dropdown_pkey primary key (name),
  constraint dropdown_id_key unique (id),
  constraint dropdown_view_key unique (view_schema, view_name)
);
comment on table pgfirst_private.dropdown is 'Dropdown registry: definition, generated view and search function, refresh figures.';

-- Change markers: appended (never updated) by the first writing statement per refresh window
-- and by statements that run while a refresh is in progress. No row is ever contended;
-- a refresh of generation g deletes the markers aimed at generations <= g.
create table if not exists pgfirst_private.dropdown_change (
  dropdown_id integer not null,
  generation bigint not null,
  changed_at timestamptz not null
  -- no foreign key: writers insert here and must not take a key-share lock on the registry;
  -- dropdown_drop deletes a dropdown's markers itself
);
drop index if exists pgfirst_private.dropdown_change_dropdown_idx;
create index if not exists dropdown_change_lookup_idx
  on pgfirst_private.dropdown_change (dropdown_id, generation, changed_at);
comment on table pgfirst_private.dropdown_change is 'Append-only change markers: which dropdown generation must pick up a change, and since when the view is stale.';

select pgfirst_private.setting_register('dropdown.queue', 'text', '"default"',
  'Job queue that dropdown refresh jobs are enqueued on.');
select pgfirst_private.setting_register('dropdown.refresh_priority', 'integer', '0',
  'Priority of dropdown refresh jobs (higher runs first).');

--!include functions/_internal/dropdown_ext_schema.sql
--!include functions/_internal/dropdown_normalize.sql
--!include functions/_internal/dropdown_source_writes.sql
--!include functions/_internal/dropdown_generate.sql
--!include functions/_internal/dropdown_dispatch_rebuild.sql
--!include functions/_internal/dropdown_cursor_decode.sql
--!include triggers/dropdown_source__mark_changed.sql
--!include functions/dropdown/dropdown_define.sql
--!include functions/dropdown/dropdown_search.sql
--!include functions/dropdown/dropdown_lookup.sql
--!include functions/dropdown/dropdown_refresh.sql
--!include functions/dropdown/refresh_all_dropdown_mvs.sql
--!include functions/dropdown/refresh_materialized_views.sql
--!include functions/dropdown/dropdown_drop.sql
--!include views/dropdown_status.sql
-- Regenerate every dropdown's search function and the dispatcher from the current templates.
select pgfirst_private.dropdown_dispatch_rebuild(true);
