--! Previous: sha1:06fa79601fd3f87a0ae0a7221f5cf51829052f6a
--! Hash: sha1:e58407c99fd1a6c99668d593443f8908db657490
--! Message: job queue and worker

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

--! Included functions/_internal/job_finished.sql
-- THE "job finished" transition: every path that removes a job from the hot table
-- (complete, fail → dead, reap → dead, cancel) deletes the rows and hands them here, in
-- one call per statement. Dead and cancelled jobs become dead letters; done jobs are
-- dropped. The job archive (queue keep_finished) hooks in here and nowhere else.
create or replace function pgfirst_private.job_finished(
  jobs pgfirst_private.job[],
  state text,
  now timestamptz
)
returns void
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
begin
  -- Job archive (schedule/maintenance module): queues configured with keep_finished keep a
  -- copy of every finished job in the partitioned pgfirst_private.job_archive.
  if state in ('done', 'dead', 'cancelled')
     and exists (select 1 from pgfirst_private.job_queue q where q.keep_finished is not null) then
    insert into pgfirst_private.job_archive
      (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts,
       job_key, last_error, errors, created_at, updated_at, finished_at)
    select j.id, j.tenant, j.queue, j.task, j.payload, j.priority, j.run_at, job_finished.state,
           j.attempt, j.max_attempts, j.job_key, j.last_error, j.errors, j.created_at,
           job_finished.now, job_finished.now
      from pg_catalog.unnest(jobs) j
     where j.queue in (select q.queue from pgfirst_private.job_queue q where q.keep_finished is not null);
  end if;
  if state in ('dead', 'cancelled') then
    insert into pgfirst_private.job_dead
      (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts,
       job_key, last_error, errors, created_at, updated_at, finished_at)
    select j.id, j.tenant, j.queue, j.task, j.payload, j.priority, j.run_at, job_finished.state,
           j.attempt, j.max_attempts, j.job_key, j.last_error, j.errors, j.created_at,
           job_finished.now, job_finished.now
      from pg_catalog.unnest(jobs) j
    on conflict on constraint job_dead_pkey do nothing;
  elsif state <> 'done' then
    raise exception 'job_finished: unknown final state %', state using errcode = 'PF499';
  end if;
end;
$$;

comment on function pgfirst_private.job_finished(pgfirst_private.job[], text, timestamptz) is
  'Internal: records jobs that just left the hot table in their final state (done, dead, cancelled); the single hook for dead letters and the archive.';
revoke all on function pgfirst_private.job_finished(pgfirst_private.job[], text, timestamptz) from public;
--! EndIncluded functions/_internal/job_finished.sql
--! Included functions/_internal/job_backoff.sql
-- Retry delay after failed attempt number `attempt` of job `id`:
--   base   = least(job.backoff_max, job.backoff_base * 2^(attempt - 1))
--   f      = (hashtext(id || ':' || attempt) & 65535) / 65535.0        -- in [0, 1]
--   delay  = base * (1 - jitter / 2 + jitter * f)                       -- jitter = job.backoff_jitter
-- The jitter is deterministic per (job, attempt): spread across jobs (no thundering herd
-- after an outage), reproducible in tests that pin `now`.
create or replace function pgfirst_private.job_backoff(id bigint, attempt integer)
returns interval
language sql
stable
called on null input
parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select least(
           pgfirst_private.setting_interval('job.backoff_max'),
           pgfirst_private.setting_interval('job.backoff_base')
             * pg_catalog.power(2::float8, least(greatest(attempt, 1) - 1, 40)))
         * (1 - j / 2 + j * ((pg_catalog.hashtext(id::text || ':' || attempt::text) & 65535) / 65535.0)::float8)
    from (select (pgfirst_private.setting_value('job.backoff_jitter') #>> '{}')::float8 as j) s
$$;

comment on function pgfirst_private.job_backoff(bigint, integer) is
  'Internal: exponential retry delay with deterministic per-(job, attempt) jitter; formula in docs/jobs.md.';
revoke all on function pgfirst_private.job_backoff(bigint, integer) from public;
--! EndIncluded functions/_internal/job_backoff.sql
--! Included functions/_internal/job_error_push.sql
-- Appends one error entry to a job's history and keeps only the last job.error_history.
create or replace function pgfirst_private.job_error_push(errors jsonb, entry jsonb)
returns jsonb
language sql
stable
called on null input
parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(pg_catalog.jsonb_agg(e.value order by e.ordinality), '[]'::jsonb)
    from pg_catalog.jsonb_array_elements(coalesce(errors, '[]'::jsonb) || pg_catalog.jsonb_build_array(entry))
         with ordinality e
   where e.ordinality > pg_catalog.jsonb_array_length(coalesce(errors, '[]'::jsonb)) + 1
                        - greatest(pgfirst_private.setting_int('job.error_history'), 1)
$$;

comment on function pgfirst_private.job_error_push(jsonb, jsonb) is
  'Internal: error history with one more entry, bounded to the job.error_history setting.';
revoke all on function pgfirst_private.job_error_push(jsonb, jsonb) from public;
--! EndIncluded functions/_internal/job_error_push.sql
--! Included functions/_internal/job_notify.sql
-- Wakes idle workers of `queue` (NOTIFY pgfirst_jobs, payload = queue name), but only from
-- one transaction per queue at a time. A transaction that sent NOTIFY takes a cluster-wide
-- lock at commit and holds it across the WAL flush, so notifying transactions cannot share
-- a group commit: with 32 concurrent enqueuers all notifying, enqueue throughput collapses
-- to one fsync per job. The try-lock below lets one in-flight transaction per queue notify;
-- the others commit without NOTIFY (their jobs are found by the woken workers' next claim,
-- which follows every finished job, or by the poll). Identical notifications inside one
-- transaction are folded by PostgreSQL itself.
create or replace function pgfirst_private.job_notify(queue text)
returns void
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
begin
  if pg_catalog.pg_try_advisory_xact_lock(1885693217, pg_catalog.hashtext(queue)) then
    perform pg_catalog.pg_notify('pgfirst_jobs', queue);
  end if;
end;
$$;

comment on function pgfirst_private.job_notify(text) is
  'Internal: NOTIFY pgfirst_jobs for a queue, from at most one in-flight transaction per queue (keeps group commit for concurrent enqueues).';
revoke all on function pgfirst_private.job_notify(text) from public;
--! EndIncluded functions/_internal/job_notify.sql
--! Included functions/_internal/job_dead_purge.sql
-- Bounded purge of old dead letters, for the maintenance run (schedules module): deletes at
-- most max_rows dead or cancelled jobs that finished before now - job.dead_retention.
-- Safe when several processes call it at once (SKIP LOCKED: each row is deleted once).
create or replace function pgfirst_private.job_dead_purge(now timestamptz default null, max_rows integer default 1000)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_n integer;
begin
  with x as (
    select d.id
      from pgfirst_private.job_dead d
     where d.finished_at < coalesce(job_dead_purge.now, pg_catalog.now()) - pgfirst_private.setting_interval('job.dead_retention')
     order by d.finished_at
     limit greatest(job_dead_purge.max_rows, 0)
       for update skip locked
  )
  delete from pgfirst_private.job_dead d using x where d.id = x.id;
  get diagnostics v_n = row_count;
  return v_n;
end;
$$;

comment on function pgfirst_private.job_dead_purge(timestamptz, integer) is
  'Internal (maintenance): deletes up to max_rows dead letters older than job.dead_retention; returns how many.';
revoke all on function pgfirst_private.job_dead_purge(timestamptz, integer) from public;
--! EndIncluded functions/_internal/job_dead_purge.sql
--! Included functions/_internal/job_enqueue_keyed.sql
-- Enqueue with a job_key (input already validated). Race-free dedup through the unique
-- index job_key_idx and ON CONFLICT; loops only when the conflicting row changes under us.
--   replace          the waiting job takes the new payload, task, queue, priority, run_at, max_attempts
--                    (attempts reset: it is a new piece of work)
--   preserve_run_at  the same, but the waiting job keeps its run_at
--   keep             the existing job (waiting or running) is left alone; its id is returned
-- When the job holding the key is already running, replace/preserve_run_at detach the key
-- from the running job and insert a new pending job: the change that triggered the enqueue
-- happened after the running job started and must not be lost.
create or replace function pgfirst_private.job_enqueue_keyed(
  task text,
  payload jsonb,
  queue text,
  run_at timestamptz,
  priority integer,
  max_attempts integer,
  job_key text,
  job_key_mode text,
  tenant text,
  now timestamptz
)
returns bigint
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_id bigint;
begin
  for v_round in 1..20 loop
    if job_key_mode = 'keep' then
      insert into pgfirst_private.job as j
        (tenant, queue, task, payload, priority, run_at, max_attempts, job_key, created_at, updated_at)
      values (tenant, queue, task, payload, priority, run_at, max_attempts, job_key, now, now)
      on conflict (tenant, job_key) where job_key is not null do nothing
      returning j.id into v_id;
      if v_id is not null then
        return v_id;
      end if;
      select j.id into v_id
        from pgfirst_private.job j
       where j.tenant = job_enqueue_keyed.tenant and j.job_key = job_enqueue_keyed.job_key;
      if v_id is not null then
        return v_id;
      end if;
      -- the holder finished in between: try again
    else
      insert into pgfirst_private.job as j
        (tenant, queue, task, payload, priority, run_at, max_attempts, job_key, created_at, updated_at)
      values (tenant, queue, task, payload, priority, run_at, max_attempts, job_key, now, now)
      on conflict (tenant, job_key) where job_key is not null do update
         set task = excluded.task,
             queue = excluded.queue,
             payload = excluded.payload,
             priority = excluded.priority,
             max_attempts = excluded.max_attempts,
             run_at = case when job_key_mode = 'preserve_run_at' then j.run_at else excluded.run_at end,
             state = 'pending',
             attempt = 0,
             updated_at = excluded.updated_at
       where j.state <> 'running'
      returning j.id into v_id;
      if v_id is not null then
        return v_id;
      end if;
      -- the key is held by a running job: detach it, then insert a fresh job
      update pgfirst_private.job j
         set job_key = null
       where j.tenant = job_enqueue_keyed.tenant and j.job_key = job_enqueue_keyed.job_key
         and j.state = 'running';
    end if;
  end loop;
  raise exception 'job_key % could not be enqueued: it kept changing under concurrent writers', job_key
    using errcode = 'PF412', hint = 'Retry the call.';
end;
$$;

comment on function pgfirst_private.job_enqueue_keyed(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz) is
  'Internal: enqueue with dedup by (tenant, job_key) in mode replace, preserve_run_at or keep; race-free via ON CONFLICT.';
revoke all on function pgfirst_private.job_enqueue_keyed(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz) from public;
--! EndIncluded functions/_internal/job_enqueue_keyed.sql
--! Included functions/job/job_enqueue.sql
create or replace function pgfirst.job_enqueue(
  task text,
  payload jsonb default '{}',
  queue text default 'default',
  run_at timestamptz default null,
  priority integer default 0,
  max_attempts integer default 25,
  job_key text default null,
  job_key_mode text default 'replace',
  tenant text default '',
  now timestamptz default null
)
returns bigint
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_variable
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
  v_run_at timestamptz := coalesce(run_at, v_now);
  v_id bigint;
begin
  if task is null or task = '' then
    raise exception 'a job needs a non-empty task name' using errcode = 'PF401',
      hint = 'Pass task => ''send_email'' (the name your worker registered).';
  end if;
  if queue is null or queue = '' then
    raise exception 'a job queue name must be non-empty' using errcode = 'PF406',
      hint = 'Omit queue to use ''default''.';
  end if;
  if max_attempts is null or max_attempts < 1 then
    raise exception 'max_attempts must be at least 1' using errcode = 'PF403',
      detail = pg_catalog.format('max_attempts was %s.', coalesce(max_attempts::text, 'null'));
  end if;
  if job_key_mode is null or job_key_mode not in ('replace', 'preserve_run_at', 'keep') then
    raise exception 'job_key_mode must be replace, preserve_run_at or keep' using errcode = 'PF402',
      detail = pg_catalog.format('job_key_mode was %L.', job_key_mode);
  end if;
  if job_key = '' then
    raise exception 'job_key must be null or non-empty' using errcode = 'PF411';
  end if;

  if job_key is null then
    insert into pgfirst_private.job
      (tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at)
    values (coalesce(tenant, ''), queue, task, coalesce(payload, '{}'), coalesce(priority, 0),
            v_run_at, max_attempts, v_now, v_now)
    returning id into v_id;
  else
    v_id := pgfirst_private.job_enqueue_keyed(task, coalesce(payload, '{}'), queue, v_run_at,
              coalesce(priority, 0), max_attempts, job_key, job_key_mode, coalesce(tenant, ''), v_now);
  end if;

  -- Wake idle workers (one notifying transaction per queue at a time: see job_notify).
  if v_run_at <= v_now then
    perform pgfirst_private.job_notify(queue);
  end if;
  return v_id;
end;
$$;

comment on function pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz) is
  'Enqueues one job and returns its id (with job_key: the id of the deduplicated job, per job_key_mode replace | preserve_run_at | keep). One statement, callable from triggers; NOTIFY pgfirst_jobs (payload: queue) when ready now.';
revoke all on function pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz) from public;
grant execute on function pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/job/job_enqueue.sql
--! Included functions/job/job_enqueue_many.sql
create or replace function pgfirst.job_enqueue_many(jobs jsonb)
returns setof bigint
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
declare
  v_now timestamptz := pg_catalog.now();
  v_bad record;
  v_specs jsonb;
  v_ids bigint[];
  v_keyed record;
  v_n integer;
  v_queues text[];
  v_keyed_count bigint;
begin
  if jobs is null or pg_catalog.jsonb_typeof(jobs) <> 'array' then
    raise exception 'jobs must be a JSON array of job objects' using errcode = 'PF405',
      detail = pg_catalog.format('jobs was of type %s.', coalesce(pg_catalog.jsonb_typeof(jobs), 'null'));
  end if;
  v_n := pg_catalog.jsonb_array_length(jobs);
  if v_n = 0 then
    return;
  end if;

  -- Shape check, set-based: report the first offending element (1-based) by its rule.
  select x.ord, x.problem into v_bad
    from (select e.ordinality as ord,
                 case
                   when pg_catalog.jsonb_typeof(e.value) <> 'object' then 'PF405:element is not an object'
                   when (e.value - array['task', 'payload', 'queue', 'run_at', 'priority', 'max_attempts',
                                         'job_key', 'job_key_mode', 'tenant', 'now']) <> '{}'::jsonb
                     then 'PF405:unknown field'
                   when pg_catalog.jsonb_typeof(e.value -> 'task') is distinct from 'string' or e.value ->> 'task' = ''
                     then 'PF401:task missing or empty'
                   when pg_catalog.jsonb_typeof(e.value -> 'queue') not in ('string', 'null') then 'PF405:queue is not a string'
                   when e.value ->> 'queue' = '' then 'PF406:queue is empty'
                   when pg_catalog.jsonb_typeof(e.value -> 'run_at') not in ('string', 'null') then 'PF405:run_at is not a string'
                   when pg_catalog.jsonb_typeof(e.value -> 'now') not in ('string', 'null') then 'PF405:now is not a string'
                   when pg_catalog.jsonb_typeof(e.value -> 'priority') not in ('number', 'null')
                     or (e.value ->> 'priority') !~ '^-?[0-9]{1,9}$' then 'PF405:priority is not an integer'
                   when pg_catalog.jsonb_typeof(e.value -> 'max_attempts') not in ('number', 'null')
                     or (e.value ->> 'max_attempts') !~ '^-?[0-9]{1,9}$' then 'PF405:max_attempts is not an integer'
                   when (e.value ->> 'max_attempts')::integer < 1 then 'PF403:max_attempts below 1'
                   when pg_catalog.jsonb_typeof(e.value -> 'job_key') not in ('string', 'null') then 'PF405:job_key is not a string'
                   when e.value ->> 'job_key' = '' then 'PF411:job_key is empty'
                   when pg_catalog.jsonb_typeof(e.value -> 'job_key_mode') not in ('string', 'null') then 'PF405:job_key_mode is not a string'
                   when (e.value ->> 'job_key_mode') not in ('replace', 'preserve_run_at', 'keep') then 'PF402:unknown job_key_mode'
                   when pg_catalog.jsonb_typeof(e.value -> 'tenant') not in ('string', 'null') then 'PF405:tenant is not a string'
                 end as problem
            from pg_catalog.jsonb_array_elements(jobs) with ordinality e) x
   where x.problem is not null
   order by x.ord
   limit 1;
  if found then
    raise exception 'jobs element % is invalid: %', v_bad.ord, pg_catalog.split_part(v_bad.problem, ':', 2)
      using errcode = pg_catalog.split_part(v_bad.problem, ':', 1),
            detail = pg_catalog.format('Element %s of the jobs array.', v_bad.ord),
            hint = 'Each element is an object with task (required) and optionally payload, queue, run_at, priority, max_attempts, job_key, job_key_mode, tenant.';
  end if;

  if not pg_catalog.jsonb_path_exists(jobs, '$[*].job_key ? (@ != null)') then
    -- The common case, no job_key anywhere: one INSERT in input order (ids ascend with it).
    begin
      with ins as (
        insert into pgfirst_private.job
          (tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at)
        select coalesce(e.value ->> 'tenant', ''),
               coalesce(e.value ->> 'queue', 'default'),
               e.value ->> 'task',
               coalesce(e.value -> 'payload', '{}'),
               coalesce((e.value ->> 'priority')::integer, 0),
               coalesce((e.value ->> 'run_at')::timestamptz, (e.value ->> 'now')::timestamptz, v_now),
               coalesce((e.value ->> 'max_attempts')::integer, 25),
               coalesce((e.value ->> 'now')::timestamptz, v_now),
               coalesce((e.value ->> 'now')::timestamptz, v_now)
          from pg_catalog.jsonb_array_elements(jobs) with ordinality e
         order by e.ordinality
        returning pgfirst_private.job.id, pgfirst_private.job.queue, pgfirst_private.job.run_at,
                  pgfirst_private.job.created_at
      )
      select pg_catalog.array_agg(ins.id order by ins.id),
             pg_catalog.array_agg(distinct ins.queue) filter (where ins.run_at <= ins.created_at)
        into v_ids, v_queues
        from ins;
    exception
      when invalid_datetime_format or datetime_field_overflow or invalid_text_representation
        or numeric_value_out_of_range then
        raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405',
          hint = 'run_at and now must be ISO 8601 timestamps; priority and max_attempts integers.';
    end;
    perform pgfirst_private.job_notify(q) from pg_catalog.unnest(v_queues) q;
    return query select i from pg_catalog.unnest(v_ids) i;
    return;
  end if;

  begin
    -- Mixed batch. Unkeyed jobs: one INSERT; ids drawn in input order (FIFO among equal run_at).
    with parsed as (
      select e.ordinality as ord, e.value as v
        from pg_catalog.jsonb_array_elements(jobs) with ordinality e
    ), numbered as (
      select p.ord, p.v, pg_catalog.nextval('pgfirst_private.job_id_seq') as id
        from (select * from parsed where parsed.v ->> 'job_key' is null order by parsed.ord) p
    ), ins as (
      insert into pgfirst_private.job
        (id, tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at)
      select n.id,
             coalesce(n.v ->> 'tenant', ''),
             coalesce(n.v ->> 'queue', 'default'),
             n.v ->> 'task',
             coalesce(n.v -> 'payload', '{}'),
             coalesce((n.v ->> 'priority')::integer, 0),
             coalesce((n.v ->> 'run_at')::timestamptz, (n.v ->> 'now')::timestamptz, v_now),
             coalesce((n.v ->> 'max_attempts')::integer, 25),
             coalesce((n.v ->> 'now')::timestamptz, v_now),
             coalesce((n.v ->> 'now')::timestamptz, v_now)
        from numbered n
      returning pgfirst_private.job.queue, pgfirst_private.job.run_at, pgfirst_private.job.created_at
    )
    select (select pg_catalog.array_agg(n.id order by n.ord) from numbered n),
           (select pg_catalog.array_agg(distinct ins.queue) from ins where ins.run_at <= ins.created_at),
           (select count(*) from parsed where parsed.v ->> 'job_key' is not null)
      into v_ids, v_queues, v_keyed_count;
    -- Wake idle workers: one notification per ready queue.
    perform pgfirst_private.job_notify(q) from pg_catalog.unnest(v_queues) q;
  exception
    when invalid_datetime_format or datetime_field_overflow or invalid_text_representation
      or numeric_value_out_of_range then
      raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405',
        hint = 'run_at and now must be ISO 8601 timestamps; priority and max_attempts integers.';
  end;

  -- Output in input order: unkeyed ids, and keyed jobs (dedup needs the upsert per key).
  declare
    v_pos integer := 0;
    v_kid bigint;
  begin
    for v_keyed in
      select e.ordinality as ord, e.value as v
        from pg_catalog.jsonb_array_elements(jobs) with ordinality e
       order by e.ordinality
    loop
      if v_keyed.v ->> 'job_key' is null then
        v_pos := v_pos + 1;
        return next v_ids[v_pos];
      else
        begin
          v_kid := pgfirst_private.job_enqueue_keyed(
            v_keyed.v ->> 'task', coalesce(v_keyed.v -> 'payload', '{}'),
            coalesce(v_keyed.v ->> 'queue', 'default'),
            coalesce((v_keyed.v ->> 'run_at')::timestamptz, (v_keyed.v ->> 'now')::timestamptz, v_now),
            coalesce((v_keyed.v ->> 'priority')::integer, 0),
            coalesce((v_keyed.v ->> 'max_attempts')::integer, 25),
            v_keyed.v ->> 'job_key', coalesce(v_keyed.v ->> 'job_key_mode', 'replace'),
            coalesce(v_keyed.v ->> 'tenant', ''), coalesce((v_keyed.v ->> 'now')::timestamptz, v_now));
        exception
          when invalid_datetime_format or datetime_field_overflow or invalid_text_representation
            or numeric_value_out_of_range then
            raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405';
        end;
        if coalesce((v_keyed.v ->> 'run_at')::timestamptz, v_now) <= coalesce((v_keyed.v ->> 'now')::timestamptz, v_now) then
          perform pgfirst_private.job_notify(coalesce(v_keyed.v ->> 'queue', 'default'));
        end if;
        return next v_kid;
      end if;
    end loop;
  end;
  return;
end;
$$;

comment on function pgfirst.job_enqueue_many(jsonb) is
  'Enqueues a JSON array of jobs (fields as job_enqueue, plus optional now) and returns their ids in input order. Unkeyed jobs go in one INSERT; keyed jobs are deduplicated as in job_enqueue. All or nothing; one NOTIFY per ready queue.';
revoke all on function pgfirst.job_enqueue_many(jsonb) from public;
grant execute on function pgfirst.job_enqueue_many(jsonb) to pgfirst_app;
--! EndIncluded functions/job/job_enqueue_many.sql
--! Included functions/job/job_claim.sql
create or replace function pgfirst.job_claim(
  worker_id text,
  queues text[] default null,
  max_jobs integer default 1,
  lease interval default '30 seconds',
  now timestamptz default null
)
returns table(id bigint, task text, payload jsonb, queue text, tenant text, attempt integer,
              max_attempts integer, lease_expires_at timestamptz)
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- claims rows of pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(job_claim.now, pg_catalog.now());
  v_skip text[] := '{}';
  v_limited record;
  v_running bigint;
  v_slots integer;
  v_remaining integer := job_claim.max_jobs;
  v_got integer;
begin
  if job_claim.worker_id is null or job_claim.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408',
      hint = 'Use a value unique per worker process, e.g. host:pid:random.';
  end if;
  if job_claim.max_jobs is null or job_claim.max_jobs < 1 then
    raise exception 'max_jobs must be at least 1' using errcode = 'PF404',
      detail = pg_catalog.format('max_jobs was %s.', coalesce(job_claim.max_jobs::text, 'null'));
  end if;
  if job_claim.lease is null or job_claim.lease <= interval '0' then
    raise exception 'lease must be a positive interval' using errcode = 'PF407';
  end if;

  -- Queues with a configuration that matters (paused or limited) are few; unlimited
  -- queues pay only this lookup of a tiny table.
  select coalesce(pg_catalog.array_agg(q.queue), '{}') into v_skip
    from pgfirst_private.job_queue q
   where q.paused or q.concurrency is not null;

  -- Limited queues: one claimer at a time per queue (transaction-scoped advisory lock,
  -- try-only: a busy queue is skipped, never waited for). Under the lock, a fresh
  -- snapshot counts running jobs, so the limit holds across all workers.
  if v_skip <> '{}' then
    for v_limited in
      select q.queue, q.concurrency
        from pgfirst_private.job_queue q
       where q.concurrency is not null and not q.paused
         and (job_claim.queues is null or q.queue = any (job_claim.queues))
       order by q.queue
    loop
      exit when v_remaining <= 0;
      continue when not pg_catalog.pg_try_advisory_xact_lock(1885693216, pg_catalog.hashtext(v_limited.queue));
      select count(*) into v_running
        from pgfirst_private.job j
       where j.state = 'running' and j.queue = v_limited.queue;
      v_slots := least(v_limited.concurrency - v_running, v_remaining);
      continue when v_slots <= 0;
      return query
        with c as (
          select j.id
            from pgfirst_private.job j
           where j.state in ('pending', 'failed')
             and j.run_at <= v_now
             and j.queue = v_limited.queue
           order by j.priority desc, j.run_at, j.id
           limit v_slots
             for update skip locked
        )
        update pgfirst_private.job j
           set state = 'running', worker_id = job_claim.worker_id, attempt = j.attempt + 1,
               lease_expires_at = v_now + job_claim.lease, lease_duration = job_claim.lease,
               claimed_at = v_now, cancel_requested = false, updated_at = v_now
          from c
         where j.id = c.id
        returning j.id, j.task, j.payload, j.queue, j.tenant, j.attempt, j.max_attempts, j.lease_expires_at;
      get diagnostics v_got = row_count;
      v_remaining := v_remaining - v_got;
    end loop;
    if v_remaining <= 0 then
      return;
    end if;
  end if;

  -- Every other queue: the one claim shape, on the partial index job_available_idx.
  return query
    with c as (
      select j.id
        from pgfirst_private.job j
       where j.state in ('pending', 'failed')
         and j.run_at <= v_now
         and (job_claim.queues is null or j.queue = any (job_claim.queues))
         and j.queue <> all (v_skip)
       order by j.priority desc, j.run_at, j.id
       limit v_remaining
         for update skip locked
    )
    update pgfirst_private.job j
       set state = 'running', worker_id = job_claim.worker_id, attempt = j.attempt + 1,
           lease_expires_at = v_now + job_claim.lease, lease_duration = job_claim.lease,
           claimed_at = v_now, cancel_requested = false, updated_at = v_now
      from c
     where j.id = c.id
    returning j.id, j.task, j.payload, j.queue, j.tenant, j.attempt, j.max_attempts, j.lease_expires_at;
end;
$$;

comment on function pgfirst.job_claim(text, text[], integer, interval, timestamptz) is
  'Claims up to max_jobs ready jobs (highest priority, then earliest run_at, then id) for worker_id with FOR UPDATE SKIP LOCKED and a lease; skips paused queues and honours queue concurrency limits across all workers. Call in its own transaction (READ COMMITTED).';
revoke all on function pgfirst.job_claim(text, text[], integer, interval, timestamptz) from public;
grant execute on function pgfirst.job_claim(text, text[], integer, interval, timestamptz) to pgfirst_worker;
--! EndIncluded functions/job/job_claim.sql
--! Included functions/job/job_complete.sql
create or replace function pgfirst.job_complete(
  ids bigint[],
  worker_id text,
  now timestamptz default null,
  attempts integer[] default null
)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- deletes from pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(job_complete.now, pg_catalog.now());
  v_done pgfirst_private.job[];
begin
  if job_complete.worker_id is null or job_complete.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  if job_complete.attempts is not null
     and pg_catalog.cardinality(job_complete.attempts) <> pg_catalog.cardinality(job_complete.ids) then
    raise exception 'attempts must have one entry per id' using errcode = 'PF413',
      detail = pg_catalog.format('%s ids, %s attempts.', pg_catalog.cardinality(job_complete.ids),
                                 pg_catalog.cardinality(job_complete.attempts));
  end if;

  -- Fenced: only rows still leased to this worker (and, with attempts, to this very
  -- attempt: a lease that was reaped and claimed again is never completed by the old run).
  if job_complete.attempts is null then
    with d as (
      delete from pgfirst_private.job j
       where j.id = any (job_complete.ids)
         and j.state = 'running'
         and j.worker_id = job_complete.worker_id
      returning j
    )
    select pg_catalog.array_agg(d.j) into v_done from d;
  else
    with d as (
      delete from pgfirst_private.job j
       using unnest(job_complete.ids, job_complete.attempts) as t(id, attempt) -- ROWS FROM form
       where j.id = t.id
         and j.state = 'running'
         and j.worker_id = job_complete.worker_id
         and j.attempt = t.attempt
      returning j
    )
    select pg_catalog.array_agg(d.j) into v_done from d;
  end if;

  if v_done is null then
    return 0;
  end if;
  perform pgfirst_private.job_finished(v_done, 'done', v_now);
  return pg_catalog.cardinality(v_done);
end;
$$;

comment on function pgfirst.job_complete(bigint[], text, timestamptz, integer[]) is
  'Marks jobs done and removes them from the hot table, in one statement. Fenced: only jobs still leased to worker_id (and to the given attempts, when passed) count; others are left alone. Returns how many were completed.';
revoke all on function pgfirst.job_complete(bigint[], text, timestamptz, integer[]) from public;
grant execute on function pgfirst.job_complete(bigint[], text, timestamptz, integer[]) to pgfirst_worker;
--! EndIncluded functions/job/job_complete.sql
--! Included functions/job/job_fail.sql
create or replace function pgfirst.job_fail(
  id bigint,
  worker_id text,
  error text,
  retry_delay interval default null,
  now timestamptz default null,
  attempt integer default null
)
returns text
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(job_fail.now, pg_catalog.now());
  v_job pgfirst_private.job;
  v_state text;
  v_entry jsonb;
begin
  if job_fail.worker_id is null or job_fail.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  if job_fail.retry_delay < interval '0' then
    raise exception 'retry_delay must not be negative' using errcode = 'PF410';
  end if;

  select j.* into v_job
    from pgfirst_private.job j
   where j.id = job_fail.id
     and j.state = 'running'
     and j.worker_id = job_fail.worker_id
     and (job_fail.attempt is null or j.attempt = job_fail.attempt)
     for update;
  if not found then
    return null; -- fenced: not (or no longer) leased to this worker
  end if;

  v_entry := pg_catalog.jsonb_build_object('at', v_now, 'attempt', v_job.attempt,
               'worker_id', job_fail.worker_id, 'error', coalesce(job_fail.error, ''));
  v_state := case when v_job.cancel_requested then 'cancelled'
                  when v_job.attempt >= v_job.max_attempts then 'dead'
                  else 'failed' end;

  if v_state = 'failed' then
    update pgfirst_private.job j
       set state = 'failed',
           run_at = v_now + coalesce(job_fail.retry_delay, pgfirst_private.job_backoff(j.id, j.attempt)),
           worker_id = null, lease_expires_at = null, lease_duration = null,
           last_error = job_fail.error,
           errors = pgfirst_private.job_error_push(j.errors, v_entry),
           updated_at = v_now
     where j.id = job_fail.id;
  else
    delete from pgfirst_private.job j where j.id = job_fail.id;
    v_job.last_error := job_fail.error;
    v_job.errors := pgfirst_private.job_error_push(v_job.errors, v_entry);
    v_job.updated_at := v_now;
    perform pgfirst_private.job_finished(array[v_job], v_state, v_now);
  end if;
  return v_state;
end;
$$;

comment on function pgfirst.job_fail(bigint, text, text, interval, timestamptz, integer) is
  'Records a failed attempt of a job leased to worker_id. Returns the new state: failed (retried at now + retry_delay, or the exponential backoff with jitter), dead (max_attempts spent), cancelled (cancellation was requested), or null when the job is not leased to this worker (fenced, nothing changed).';
revoke all on function pgfirst.job_fail(bigint, text, text, interval, timestamptz, integer) from public;
grant execute on function pgfirst.job_fail(bigint, text, text, interval, timestamptz, integer) to pgfirst_worker;
--! EndIncluded functions/job/job_fail.sql
--! Included functions/job/job_heartbeat.sql
create or replace function pgfirst.job_heartbeat(
  worker_id text,
  lease interval default null,
  now timestamptz default null
)
returns table(id bigint, cancel_requested boolean)
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(job_heartbeat.now, pg_catalog.now());
begin
  if job_heartbeat.worker_id is null or job_heartbeat.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  if job_heartbeat.lease <= interval '0' then
    raise exception 'lease must be a positive interval' using errcode = 'PF407';
  end if;
  -- Only lease_expires_at changes: no indexed column, so this is a HOT update.
  return query
    update pgfirst_private.job j
       set lease_expires_at = v_now + coalesce(job_heartbeat.lease, j.lease_duration)
     where j.state = 'running'
       and j.worker_id = job_heartbeat.worker_id
    returning j.id, j.cancel_requested;
end;
$$;

comment on function pgfirst.job_heartbeat(text, interval, timestamptz) is
  'Extends every lease worker_id holds to now + lease (default: each job''s claim lease) in one statement; returns the jobs still held and whether cancellation was requested. A job missing from the result was reaped: stop working on it.';
revoke all on function pgfirst.job_heartbeat(text, interval, timestamptz) from public;
grant execute on function pgfirst.job_heartbeat(text, interval, timestamptz) to pgfirst_worker;
--! EndIncluded functions/job/job_heartbeat.sql
--! Included functions/job/job_reap.sql
create or replace function pgfirst.job_reap(now timestamptz default null)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(job_reap.now, pg_catalog.now());
  v_back integer;
  v_dead pgfirst_private.job[];
begin
  -- Expired leases with attempts left: back to the queue at once (the attempt counts).
  with x as (
    select j.id
      from pgfirst_private.job j
     where j.state = 'running' and j.lease_expires_at < v_now and j.attempt < j.max_attempts
       for update skip locked
  )
  update pgfirst_private.job j
     set state = 'failed', run_at = v_now, worker_id = null,
         lease_expires_at = null, lease_duration = null,
         last_error = 'lease expired',
         errors = pgfirst_private.job_error_push(j.errors, pg_catalog.jsonb_build_object(
                    'at', v_now, 'attempt', j.attempt, 'worker_id', j.worker_id, 'error', 'lease expired')),
         updated_at = v_now
    from x
   where j.id = x.id;
  get diagnostics v_back = row_count;

  -- Expired leases on the last attempt: dead.
  with x as (
    select j.id
      from pgfirst_private.job j
     where j.state = 'running' and j.lease_expires_at < v_now and j.attempt >= j.max_attempts
       for update skip locked
  ), d as (
    delete from pgfirst_private.job j using x where j.id = x.id returning j
  )
  select pg_catalog.array_agg(d.j) into v_dead from d;
  if v_dead is not null then
    perform pgfirst_private.job_finished(
      (select pg_catalog.array_agg(pg_catalog.jsonb_populate_record(r, pg_catalog.jsonb_build_object(
                'last_error', 'lease expired', 'updated_at', v_now,
                'errors', pgfirst_private.job_error_push(r.errors, pg_catalog.jsonb_build_object(
                  'at', v_now, 'attempt', r.attempt, 'worker_id', r.worker_id, 'error', 'lease expired')))))
         from pg_catalog.unnest(v_dead) r),
      'dead', v_now);
  end if;
  return v_back + coalesce(pg_catalog.cardinality(v_dead), 0);
end;
$$;

comment on function pgfirst.job_reap(timestamptz) is
  'Returns jobs whose lease expired before now to the queue (ready at once, the attempt counted) or to dead when it was the last attempt; returns how many. Safe to call from many processes (SKIP LOCKED); reads only the small running index.';
revoke all on function pgfirst.job_reap(timestamptz) from public;
grant execute on function pgfirst.job_reap(timestamptz) to pgfirst_worker;
--! EndIncluded functions/job/job_reap.sql
--! Included functions/job/job_cancel.sql
create or replace function pgfirst.job_cancel(id bigint)
returns boolean
language plpgsql
volatile
parallel unsafe
strict
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_gone pgfirst_private.job[];
begin
  -- A running job is only flagged: its worker sees the flag on the next heartbeat, aborts,
  -- and its job_fail turns the job into cancelled (a job_complete still marks it done).
  update pgfirst_private.job j
     set cancel_requested = true, updated_at = pg_catalog.now()
   where j.id = job_cancel.id and j.state = 'running';
  if found then
    return true;
  end if;
  with d as (
    delete from pgfirst_private.job j
     where j.id = job_cancel.id and j.state in ('pending', 'failed')
    returning j
  )
  select pg_catalog.array_agg(d.j) into v_gone from d;
  if v_gone is null then
    return false;
  end if;
  perform pgfirst_private.job_finished(v_gone, 'cancelled', pg_catalog.now());
  return true;
end;
$$;

comment on function pgfirst.job_cancel(bigint) is
  'Cancels a job: a waiting job becomes cancelled at once (kept as a dead letter for job_retry); a running one is flagged for its worker (job_heartbeat reports it). False when the job is not live.';
revoke all on function pgfirst.job_cancel(bigint) from public;
grant execute on function pgfirst.job_cancel(bigint) to pgfirst_app;
--! EndIncluded functions/job/job_cancel.sql
--! Included functions/job/job_retry.sql
create or replace function pgfirst.job_retry(id bigint, run_at timestamptz default null)
returns boolean
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- moves rows from pgfirst_private.job_dead to pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_id bigint;
  v_dead pgfirst_private.job_dead;
begin
  -- Same id, fresh attempts. If a live job already holds the job_key, the dead one is left
  -- where it is (the live job covers the work) and false is returned.
  select x.* into v_dead from pgfirst_private.job_dead x where x.id = job_retry.id for update;
  if not found then
    return false;
  end if;
  insert into pgfirst_private.job as j
    (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts, job_key,
     last_error, errors, created_at, updated_at)
  values (v_dead.id, v_dead.tenant, v_dead.queue, v_dead.task, v_dead.payload, v_dead.priority,
          coalesce(job_retry.run_at, v_now), 'pending', 0, v_dead.max_attempts, v_dead.job_key,
          v_dead.last_error, v_dead.errors, v_dead.created_at, v_now)
  on conflict (tenant, job_key) where job_key is not null do nothing
  returning j.id into v_id;
  if v_id is null then
    return false;
  end if;
  delete from pgfirst_private.job_dead x where x.id = job_retry.id;
  if coalesce(job_retry.run_at, v_now) <= v_now then
    perform pgfirst_private.job_notify(v_dead.queue);
  end if;
  return true;
end;
$$;

comment on function pgfirst.job_retry(bigint, timestamptz) is
  'Moves a dead or cancelled job back to pending (same id, attempts reset) to run at run_at (default now). False when there is no such dead letter or a live job holds its job_key.';
revoke all on function pgfirst.job_retry(bigint, timestamptz) from public;
grant execute on function pgfirst.job_retry(bigint, timestamptz) to pgfirst_admin;
--! EndIncluded functions/job/job_retry.sql
--! Included functions/job/job_release.sql
create or replace function pgfirst.job_release(
  ids bigint[],
  worker_id text,
  now timestamptz default null
)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(job_release.now, pg_catalog.now());
  v_n integer;
begin
  if job_release.worker_id is null or job_release.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  -- The attempt did not happen (graceful shutdown): give it back, uncounted, ready now.
  update pgfirst_private.job j
     set state = case when j.attempt > 1 then 'failed' else 'pending' end,
         attempt = j.attempt - 1, run_at = v_now, worker_id = null,
         lease_expires_at = null, lease_duration = null, updated_at = v_now
   where j.id = any (job_release.ids)
     and j.state = 'running'
     and j.worker_id = job_release.worker_id;
  get diagnostics v_n = row_count;
  if v_n > 0 then
    perform pgfirst_private.job_notify(q.queue)
       from (select distinct j.queue from pgfirst_private.job j where j.id = any (job_release.ids)) q;
  end if;
  return v_n;
end;
$$;

comment on function pgfirst.job_release(bigint[], text, timestamptz) is
  'Hands jobs leased to worker_id back to the queue without counting the attempt (graceful shutdown); fenced like job_complete. Returns how many were released.';
revoke all on function pgfirst.job_release(bigint[], text, timestamptz) from public;
grant execute on function pgfirst.job_release(bigint[], text, timestamptz) to pgfirst_worker;
--! EndIncluded functions/job/job_release.sql
--! Included functions/job/queue_configure.sql
create or replace function pgfirst.queue_configure(
  queue text,
  concurrency integer default null,
  paused boolean default false,
  keep_finished interval default null
)
returns void
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job_queue
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if queue_configure.queue is null or queue_configure.queue = '' then
    raise exception 'a job queue name must be non-empty' using errcode = 'PF406';
  end if;
  if queue_configure.concurrency < 1 then
    raise exception 'queue concurrency must be at least 1 (null = unlimited)' using errcode = 'PF409',
      detail = pg_catalog.format('concurrency was %s.', queue_configure.concurrency);
  end if;
  if queue_configure.keep_finished <= interval '0' then
    raise exception 'keep_finished must be a positive interval (null = do not archive)' using errcode = 'PF512',
      detail = pg_catalog.format('keep_finished was %s.', queue_configure.keep_finished);
  end if;
  insert into pgfirst_private.job_queue as q (queue, concurrency, paused, keep_finished, updated_at)
  values (queue_configure.queue, queue_configure.concurrency, coalesce(queue_configure.paused, false),
          queue_configure.keep_finished, pg_catalog.now())
  on conflict on constraint job_queue_pkey do update
     set concurrency = excluded.concurrency, paused = excluded.paused,
         keep_finished = excluded.keep_finished, updated_at = excluded.updated_at;
  if not coalesce(queue_configure.paused, false) then
    perform pg_catalog.pg_notify('pgfirst_jobs', queue_configure.queue);
  end if;
end;
$$;

comment on function pgfirst.queue_configure(text, integer, boolean, interval) is
  'Sets a queue''s whole configuration: concurrency (max running jobs across all workers; 1 = serial; null = unlimited) and paused (claims skip the queue). Takes effect on the next claim. keep_finished (null = off) copies the queue''s finished jobs into the partitioned job archive, kept at least that long (PF512 if not positive).';
revoke all on function pgfirst.queue_configure(text, integer, boolean, interval) from public;
grant execute on function pgfirst.queue_configure(text, integer, boolean, interval) to pgfirst_admin;
--! EndIncluded functions/job/queue_configure.sql
--! Included functions/job/queue_stats.sql
create or replace function pgfirst.queue_stats()
returns table(queue text, pending bigint, scheduled bigint, running bigint, dead bigint,
              oldest_pending_age interval)
language sql
stable
called on null input
parallel safe
security definer -- reads pgfirst_private job tables
set search_path = pg_catalog, pg_temp
as $$
  with live as (
    select j.queue,
           count(*) filter (where j.state <> 'running' and j.run_at <= pg_catalog.now()) as pending,
           count(*) filter (where j.state <> 'running' and j.run_at > pg_catalog.now()) as scheduled,
           count(*) filter (where j.state = 'running') as running,
           pg_catalog.min(j.run_at) filter (where j.state <> 'running' and j.run_at <= pg_catalog.now()) as oldest
      from pgfirst_private.job j
     group by j.queue
  ), dead as (
    select d.queue, count(*) as dead
      from pgfirst_private.job_dead d
     where d.state = 'dead'
     group by d.queue
  ), names as (
    select live.queue from live
    union select dead.queue from dead
    union select q.queue from pgfirst_private.job_queue q
  )
  select n.queue,
         coalesce(l.pending, 0), coalesce(l.scheduled, 0), coalesce(l.running, 0), coalesce(d.dead, 0),
         pg_catalog.now() - l.oldest
    from names n
    left join live l on l.queue = n.queue
    left join dead d on d.queue = n.queue
   order by n.queue
$$;

comment on function pgfirst.queue_stats() is
  'Per queue: ready (pending), future (scheduled), running and dead job counts and the age of the oldest ready job. One scan of the live-jobs table (small by design) plus the dead letters.';
revoke all on function pgfirst.queue_stats() from public;
grant execute on function pgfirst.queue_stats() to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/job/queue_stats.sql
