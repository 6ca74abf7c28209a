--! Previous: sha1:035622a753727570c81a40793062f9a0e1c64277
--! Hash: sha1:cf83a6be2d1b4f83d3000275cb90eb8c1f10d021
--! Message: dashboard, workflows, flow control, search

-- Tables, types, indexes, then one include line per sql/ file this change touches.

-- ==== operations dashboard (issue 14) ==================================================
-- Admin audit: one row per admin action, written in the action's own transaction.
-- session_role is the login role (session_user); role is the effective caller (SET ROLE
-- value, else the login role): inside SECURITY DEFINER functions current_user is the
-- owner, so the caller's role is read from the session, not from current_user.
create table if not exists pgfirst_private.admin_audit (
  id bigserial primary key,
  at timestamptz not null default pg_catalog.now(),
  session_role name not null,
  role name not null,
  action text not null,
  target text,
  detail jsonb not null default '{}'
);
create index if not exists admin_audit_at_idx on pgfirst_private.admin_audit (at);
comment on table pgfirst_private.admin_audit is
  'Admin actions (queue pause/resume, bulk retry/cancel, schedule enable/disable/run-now, login unlock, dropdown refresh-now, job_retry): who (login and effective role), what, when. Read with pgfirst.audit_log; purged by maintenance after audit.keep.';
select pgfirst_private.setting_register('audit.keep', 'interval', '"90 days"',
  'maintenance deletes admin audit rows (pgfirst.audit_log) older than this.', '"1 hour"', '"100 years"');

-- Archive rows keep the last claim time, so queue_throughput can split wait and run time.
alter table pgfirst_private.job_archive add column if not exists claimed_at timestamptz;

-- job_list: every branch walks an index newest-first (see docs/dashboard.md).
-- failed (retrying) jobs: a partial index holds only them (no cost for other states).
create index if not exists job_failed_idx on pgfirst_private.job (id) where state = 'failed';
create index if not exists job_dead_queue_id_idx on pgfirst_private.job_dead (queue, id);
create index if not exists job_dead_finished_idx on pgfirst_private.job_dead (finished_at);
-- archived dead/cancelled copies only (most archive rows are done): job_list state dead/cancelled
create index if not exists job_archive_unfinished_idx on pgfirst_private.job_archive (id)
  where state in ('dead', 'cancelled');
-- queue_throughput reads the archive rows finished in its window (at most 7 days)
create index if not exists job_archive_finished_idx on pgfirst_private.job_archive (finished_at);

--! Included functions/_internal/audit_write.sql
-- One admin-audit row, in the caller's transaction. Called from SECURITY DEFINER action
-- functions, where current_user is the function owner: the caller is read from the session
-- instead (the SET ROLE value when one is set, else the login role).
create or replace function pgfirst_private.audit_write(action text, target text, detail jsonb default '{}')
returns void
language sql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
  insert into pgfirst_private.admin_audit (at, session_role, role, action, target, detail)
  values (pg_catalog.now(), session_user,
          coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)::name,
          audit_write.action, audit_write.target, coalesce(audit_write.detail, '{}'::jsonb))
$$;

comment on function pgfirst_private.audit_write(text, text, jsonb) is
  'Internal: records one admin action (login role, effective role, action, target, detail) in pgfirst_private.admin_audit, in the current transaction.';
revoke all on function pgfirst_private.audit_write(text, text, jsonb) from public;
--! EndIncluded functions/_internal/audit_write.sql
--! Included functions/_internal/job_filter_check.sql
-- The filters shared by job_list, job_retry_many and job_cancel_many: refuses a state the
-- caller does not accept (PF417), over-long queue/task/tenant texts (PF420: they are only
-- compared, never interpolated, but a megabyte filter is a mistake or an attack), out of
-- range timestamps (PF006) and a size outside 1..max_size (PF418).
create or replace function pgfirst_private.job_filter_check(
  state text,
  states text[],
  queue text,
  task text,
  tenant text,
  since timestamptz,
  until timestamptz,
  size integer,
  size_name text,
  max_size integer
)
returns void
language plpgsql
immutable
called on null input
parallel safe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if state is not null and not (state = any (states)) then
    raise exception 'state must be one of %', pg_catalog.array_to_string(states, ', ')
      using errcode = 'PF417', detail = pg_catalog.format('state was %L.', state);
  end if;
  if octet_length(queue) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(task) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes then
    raise exception 'queue and task filters are at most % bytes, tenant % bytes',
      (pgfirst_private.arg_limits()).name_max_bytes, (pgfirst_private.arg_limits()).tenant_max_bytes
      using errcode = 'PF420',
            detail = pg_catalog.format('queue %s, task %s, tenant %s bytes.', octet_length(queue),
                                       octet_length(task), octet_length(tenant));
  end if;
  perform pgfirst_private.arg_time(since, 'since');
  perform pgfirst_private.arg_time(until, 'until');
  if size is null or size < 1 or size > max_size then
    raise exception '% must be between 1 and %', size_name, max_size
      using errcode = 'PF418', detail = pg_catalog.format('%s was %s.', size_name, coalesce(size::text, 'null'));
  end if;
end;
$$;

comment on function pgfirst_private.job_filter_check(text, text[], text, text, text, timestamptz, timestamptz, integer, text, integer) is
  'Internal: validates the job filters of job_list, job_retry_many and job_cancel_many (PF417 state, PF420 text sizes, PF006 timestamps, PF418 page or batch size).';
revoke all on function pgfirst_private.job_filter_check(text, text[], text, text, text, timestamptz, timestamptz, integer, text, integer) from public;
--! EndIncluded functions/_internal/job_filter_check.sql
--! Included functions/_internal/job_dead_revive.sql
-- THE "dead letter back to work" transition, shared by job_retry and job_retry_many: moves
-- the given dead/cancelled jobs (locked by the caller) back to the live table as pending
-- (same id, attempts reset, error history kept) to run at run_at. A dead job whose job_key
-- a live job already holds stays where it is (the live job covers the work). Wakes the
-- workers of each queue that has a job ready now. Returns the ids moved.
create or replace function pgfirst_private.job_dead_revive(ids bigint[], run_at timestamptz, now timestamptz)
returns bigint[]
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_ids bigint[];
  v_queues text[];
  v_queue text;
begin
  with moved as (
    insert into pgfirst_private.job as j
      (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts, job_key,
       last_error, errors, created_at, updated_at, fair_key)
    select d.id, d.tenant, d.queue, d.task, d.payload, d.priority,
           coalesce(job_dead_revive.run_at, job_dead_revive.now), 'pending', 0, d.max_attempts, d.job_key,
           d.last_error, d.errors, d.created_at, job_dead_revive.now,
           -- keyed queues (fair or per-key limit) claim by fair_key; dead letters keep no
           -- concurrency_key, so a revived job is keyed by its tenant
           case when q.fair or q.key_concurrency is not null then d.tenant end
      from pgfirst_private.job_dead d
      left join pgfirst_private.job_queue q on q.queue = d.queue
     where d.id = any (job_dead_revive.ids)
     order by d.id
    on conflict (tenant, job_key) where job_key is not null do nothing
    returning j.id, j.queue
  ), gone as (
    delete from pgfirst_private.job_dead d
     using moved m
     where d.id = m.id
    returning d.id, d.queue
  )
  select pg_catalog.array_agg(g.id order by g.id), pg_catalog.array_agg(distinct g.queue)
    into v_ids, v_queues
    from gone g;
  if v_ids is null then
    return '{}';
  end if;
  -- their finish records are stale now; a workflow step stays in its workflow
  with r as (delete from pgfirst_private.job_result r where r.id = any (v_ids) returning r.id, r.workflow_id)
  update pgfirst_private.job j set workflow_id = r.workflow_id from r
   where j.id = r.id and r.workflow_id is not null;
  if coalesce(job_dead_revive.run_at, job_dead_revive.now) <= job_dead_revive.now then
    foreach v_queue in array v_queues loop
      perform pgfirst_private.job_notify(v_queue);
    end loop;
  end if;
  return v_ids;
end;
$$;

comment on function pgfirst_private.job_dead_revive(bigint[], timestamptz, timestamptz) is
  'Internal: moves dead letters (locked by the caller) back to pending, same ids, attempts reset; skips those whose job_key a live job holds; notifies the queues; returns the ids moved.';
revoke all on function pgfirst_private.job_dead_revive(bigint[], timestamptz, timestamptz) from public;
--! EndIncluded functions/_internal/job_dead_revive.sql
--! Included functions/_internal/job_cancel_audit.sql
-- job_cancel is an application call (pgfirst_app): it is audited only when the caller is
-- an admin (member of pgfirst_admin), i.e. when an operator cancels a job by hand.
create or replace function pgfirst_private.job_cancel_audit(id bigint, was text)
returns void
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if pg_catalog.pg_has_role(coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)::name,
                            'pgfirst_admin', 'member') then
    perform pgfirst_private.audit_write('job_cancel', job_cancel_audit.id::text,
      pg_catalog.jsonb_build_object('state', job_cancel_audit.was));
  end if;
end;
$$;

comment on function pgfirst_private.job_cancel_audit(bigint, text) is
  'Internal: records a job_cancel in the admin audit when the caller is a member of pgfirst_admin.';
revoke all on function pgfirst_private.job_cancel_audit(bigint, text) from public;
--! EndIncluded functions/_internal/job_cancel_audit.sql
--! Included functions/_internal/job_list_page.sql
-- The plpgsql body of pgfirst.job_list: its arguments carry a p_ prefix because plpgsql
-- refuses an argument named like a result column (the public API uses both names).
-- Jobs in every state, newest first, keyset-paged on id. Three branches, each a
-- newest-first index walk that stops after page_size rows: live jobs (job_pkey, or
-- job_failed_idx / job_running_idx for those states), dead letters (job_dead_pkey or
-- job_dead_queue_id_idx) and the archive (each partition's primary key (id, finished_at),
-- merged). Only the filters given become predicates (dynamic SQL with every value bound
-- through USING, never interpolated), so each call is planned for its own filters.
-- No COUNT: a page shorter than page_size is the last one.
create or replace function pgfirst_private.job_list_page(
  p_state text,
  p_queue text,
  p_task text,
  p_tenant text,
  p_since timestamptz,
  p_until timestamptz,
  p_before_id bigint,
  p_page_size integer
)
returns table(id bigint, state text, queue text, task text, tenant text, priority integer,
              attempt integer, max_attempts integer, run_at timestamptz, created_at timestamptz,
              updated_at timestamptz, finished_at timestamptz, last_error text, job_key text)
language plpgsql
stable
called on null input
parallel unsafe
-- (runs as the owner, called from the public SECURITY DEFINER wrapper) reads pgfirst_private.job, job_dead and job_archive
set search_path = pg_catalog, pg_temp
set jit = off -- a page of rows: JIT compilation would cost more than the query
-- every branch is meant as an index walk: a sequential scan + sort of a million-row table
-- (or a bitmap scan + sort) is never the better plan for one page: the planner picks them
-- when it misjudges a filter
set enable_seqscan = off
set enable_bitmapscan = off
as $$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_common text := '';
  v_state text := job_list_page.p_state;
  v_branches text[] := '{}';
begin
  perform pgfirst_private.job_filter_check(v_state,
    array['waiting', 'pending', 'scheduled', 'running', 'failed', 'dead', 'cancelled', 'done'],
    job_list_page.p_queue, job_list_page.p_task, job_list_page.p_tenant, job_list_page.p_since, job_list_page.p_until,
    job_list_page.p_page_size, 'page_size', 1000);

  -- $1 state, $2 queue, $3 task, $4 tenant, $5 since, $6 until, $7 before_id, $8 page_size, $9 now
  if job_list_page.p_queue is not null then v_common := v_common || ' and x.queue = $2'; end if;
  if job_list_page.p_task is not null then v_common := v_common || ' and x.task = $3'; end if;
  if job_list_page.p_tenant is not null then v_common := v_common || ' and x.tenant = $4'; end if;
  if job_list_page.p_since is not null then v_common := v_common || ' and x.created_at >= $5'; end if;
  if job_list_page.p_until is not null then v_common := v_common || ' and x.created_at < $6'; end if;
  if job_list_page.p_before_id is not null then v_common := v_common || ' and x.id < $7'; end if;

  if v_state is null or v_state in ('waiting', 'pending', 'scheduled', 'running', 'failed') then
    v_branches := v_branches || (
      'select x.id, case when x.state = ''pending'' and x.run_at > $9 then ''scheduled'' else x.state end,'
      || ' x.queue, x.task, x.tenant, x.priority, x.attempt, x.max_attempts, x.run_at, x.created_at,'
      || ' x.updated_at, null::timestamptz, x.last_error, x.job_key'
      || ' from pgfirst_private.job x where true'
      || case v_state
           when 'pending' then ' and x.state = ''pending'' and x.run_at <= $9'
           when 'scheduled' then ' and x.state = ''pending'' and x.run_at > $9'
           when 'running' then ' and x.state = ''running'''
           when 'failed' then ' and x.state = ''failed'''
           when 'waiting' then ' and x.state = ''waiting'''
           else '' end
      || v_common || ' order by x.id desc limit $8');
  end if;
  if v_state is null or v_state in ('dead', 'cancelled') then
    v_branches := v_branches || (
      'select x.id, x.state, x.queue, x.task, x.tenant, x.priority, x.attempt, x.max_attempts,'
      || ' x.run_at, x.created_at, x.updated_at, x.finished_at, x.last_error, x.job_key'
      || ' from pgfirst_private.job_dead x where true'
      || case when v_state is not null then ' and x.state = $1' else '' end
      || v_common || ' order by x.id desc limit $8');
  end if;
  if v_state is null or v_state = 'done' then
    -- An id may have several archive rows (dead, retried, then done): its newest one counts.
    -- A job that is live again or still a dead letter is listed from there, not here.
    v_branches := v_branches || (
      'select x.id, x.state, x.queue, x.task, x.tenant, x.priority, x.attempt, x.max_attempts,'
      || ' x.run_at, x.created_at, x.updated_at, x.finished_at, x.last_error, x.job_key'
      || ' from (select distinct on (x.id) x.* from pgfirst_private.job_archive x where true'
      || v_common || ' order by x.id desc, x.finished_at desc) x'
      -- "offset 0" keeps these as per-row primary-key probes on the newest-first stream (a
      -- planner-made anti join would hash the whole live table first)
      || ' where not exists (select from pgfirst_private.job j where j.id = x.id offset 0)'
      || ' and not exists (select from pgfirst_private.job_dead d where d.id = x.id offset 0)'
      || case when v_state is not null then ' and x.state = ''done''' else '' end
      || ' order by x.id desc limit $8');
  elsif v_state in ('dead', 'cancelled') then
    -- archived dead/cancelled copies whose dead letter is gone (purged after
    -- job.dead_retention), on the partial index job_archive_unfinished_idx; the state is a
    -- literal from the fixed list above so the planner matches the index predicate
    v_branches := v_branches || (
      'select x.id, x.state, x.queue, x.task, x.tenant, x.priority, x.attempt, x.max_attempts,'
      || ' x.run_at, x.created_at, x.updated_at, x.finished_at, x.last_error, x.job_key'
      || ' from pgfirst_private.job_archive x where x.state = ' || pg_catalog.quote_literal(v_state)
      || v_common
      || ' and not exists (select from pgfirst_private.job_archive n where n.id = x.id and n.finished_at > x.finished_at offset 0)'
      || ' and not exists (select from pgfirst_private.job j where j.id = x.id offset 0)'
      || ' and not exists (select from pgfirst_private.job_dead d where d.id = x.id offset 0)'
      || ' order by x.id desc limit $8');
  end if;

  return query execute
    'select u.* from ((' || pg_catalog.array_to_string(v_branches, ') union all (')
    || ')) u order by u.id desc limit $8'
    using v_state, job_list_page.p_queue, job_list_page.p_task, job_list_page.p_tenant, job_list_page.p_since, job_list_page.p_until,
          job_list_page.p_before_id, job_list_page.p_page_size, v_now;
end;
$$;


comment on function pgfirst_private.job_list_page(text, text, text, text, timestamptz, timestamptz, bigint, integer) is
  'Internal: the body of pgfirst.job_list (plpgsql cannot name an argument like a result column).';
revoke all on function pgfirst_private.job_list_page(text, text, text, text, timestamptz, timestamptz, bigint, integer) from public;
--! EndIncluded functions/_internal/job_list_page.sql
--! Included functions/job/job_list.sql
-- The body is pgfirst_private.job_list_page (sql/functions/_internal/job_list_page.sql): plpgsql cannot
-- name an argument like a result column, this language sql wrapper can.
create or replace function pgfirst.job_list(
  state text default null,
  queue text default null,
  task text default null,
  tenant text default null,
  since timestamptz default null,
  until timestamptz default null,
  before_id bigint default null,
  page_size integer default 50
)
returns table(id bigint, state text, queue text, task text, tenant text, priority integer,
              attempt integer, max_attempts integer, run_at timestamptz, created_at timestamptz,
              updated_at timestamptz, finished_at timestamptz, last_error text, job_key text)
language sql
stable
called on null input
parallel unsafe
security definer -- reads pgfirst_private (job, job_dead, job_archive)
set search_path = pg_catalog, pg_temp
as $$
  select * from pgfirst_private.job_list_page(job_list.state, job_list.queue, job_list.task, job_list.tenant, job_list.since, job_list.until, job_list.before_id, job_list.page_size)
$$;

comment on function pgfirst.job_list(text, text, text, text, timestamptz, timestamptz, bigint, integer) is
  'Jobs in every state (pending, scheduled, running, failed = awaiting retry, dead, cancelled, done = archived), newest id first, at most page_size (1-1000) rows; next page: before_id => the last id. Filters: state, queue, task, tenant (equality), since/until on created_at. No payload. Each branch walks an index; no COUNT.';
revoke all on function pgfirst.job_list(text, text, text, text, timestamptz, timestamptz, bigint, integer) from public;
grant execute on function pgfirst.job_list(text, text, text, text, timestamptz, timestamptz, bigint, integer) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/job/job_list.sql
--! Included functions/_internal/queue_throughput_rows.sql
-- The plpgsql body of pgfirst.queue_throughput: its arguments carry a p_ prefix because plpgsql
-- refuses an argument named like a result column (the public API uses both names).
-- Per queue and time bucket over a recent window: jobs done, failed attempts, jobs that
-- died, and wait/run percentiles of the done jobs. Done jobs (and their wait/run times)
-- come from the job archive, so they are counted only for queues with keep_finished;
-- dead jobs come from the dead letters (plus archived dead copies already purged there);
-- failed attempts from the error history of jobs now failed (retrying), running, dead,
-- cancelled or archived. Reads only rows finished in the window (indexes on finished_at,
-- partition pruning on the archive) plus the failed and running jobs (partial indexes).
create or replace function pgfirst_private.queue_throughput_rows(
  p_since interval,
  p_bucket interval,
  p_queue text
)
returns table(queue text, bucket_start timestamptz, done bigint, failed bigint, dead bigint,
              p50_wait_ms double precision, p95_wait_ms double precision,
              p50_run_ms double precision, p95_run_ms double precision)
language plpgsql
stable
called on null input
parallel unsafe
-- (runs as the owner, called from the public SECURITY DEFINER wrapper) reads pgfirst_private.job, job_dead and job_archive
set search_path = pg_catalog, pg_temp
set jit = off -- compilation costs more than it saves on these aggregates
set work_mem = '32MB' -- the per-bucket percentile sort of a busy hour stays in memory
as $$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_from timestamptz;
  v_origin constant timestamptz := timestamptz '2000-01-01 00:00:00+00';
begin
  if queue_throughput_rows.p_since is null or queue_throughput_rows.p_since <= interval '0'
     or queue_throughput_rows.p_since > interval '7 days'
     or queue_throughput_rows.p_bucket is null or queue_throughput_rows.p_bucket < interval '10 seconds'
     or pg_catalog.date_part('month', queue_throughput_rows.p_bucket) <> 0 or pg_catalog.date_part('year', queue_throughput_rows.p_bucket) <> 0
     or pg_catalog.date_part('month', queue_throughput_rows.p_since) <> 0 or pg_catalog.date_part('year', queue_throughput_rows.p_since) <> 0
     or pg_catalog.date_part('epoch', queue_throughput_rows.p_since) / pg_catalog.date_part('epoch', queue_throughput_rows.p_bucket) > 1000 then
    raise exception 'since must be a positive interval of at most 7 days and bucket at least 10 seconds, with at most 1000 buckets'
      using errcode = 'PF419',
            detail = pg_catalog.format('since %s, bucket %s.', coalesce(queue_throughput_rows.p_since::text, 'null'),
                                       coalesce(queue_throughput_rows.p_bucket::text, 'null')),
            hint = 'Months and years are not accepted (use days).';
  end if;
  if octet_length(queue_throughput_rows.p_queue) > (pgfirst_private.arg_limits()).name_max_bytes then
    raise exception 'queue and task filters are at most % bytes, tenant % bytes',
      (pgfirst_private.arg_limits()).name_max_bytes, (pgfirst_private.arg_limits()).tenant_max_bytes
      using errcode = 'PF420';
  end if;
  v_from := pg_catalog.date_bin(queue_throughput_rows.p_bucket, v_now - queue_throughput_rows.p_since, v_origin);

  return query
    with archived as materialized (
      -- archive rows finished in the window (job_archive_finished_idx, today's partitions)
      select a.id, a.queue, a.state, a.finished_at, a.run_at, a.claimed_at, a.errors
        from pgfirst_private.job_archive a
       where a.finished_at >= v_from
         and (queue_throughput_rows.p_queue is null or a.queue = queue_throughput_rows.p_queue)
    ), dead_letters as materialized (
      select d.id, d.queue, d.state, d.finished_at, d.errors
        from pgfirst_private.job_dead d
       where d.finished_at >= v_from
         and (queue_throughput_rows.p_queue is null or d.queue = queue_throughput_rows.p_queue)
    ), events as (
      select a.queue, a.finished_at as at, 1 as kind,
             pg_catalog.date_part('epoch', a.claimed_at - a.run_at) * 1000 as wait_ms,
             pg_catalog.date_part('epoch', a.finished_at - a.claimed_at) * 1000 as run_ms
        from archived a
       where a.state = 'done'
      union all
      select d.queue, d.finished_at, 3, null, null
        from dead_letters d
       where d.state = 'dead'
      union all
      -- archived dead copies whose dead letter was purged already
      select a.queue, a.finished_at, 3, null, null
        from archived a
       where a.state = 'dead'
         and not exists (select from pgfirst_private.job_dead d where d.id = a.id offset 0)
      union all
      -- failed attempts: attempt-history entries in the window
      select f.queue, (e.value ->> 'at')::timestamptz, 2, null, null
        from (
          -- failed and running jobs separately, each on its partial index
          select j.queue, j.errors from pgfirst_private.job j
           where j.state = 'failed'
             and (queue_throughput_rows.p_queue is null or j.queue = queue_throughput_rows.p_queue)
          union all
          select j.queue, j.errors from pgfirst_private.job j
           where j.state = 'running' and j.errors <> '[]'::jsonb
             and (queue_throughput_rows.p_queue is null or j.queue = queue_throughput_rows.p_queue)
          union all
          select d.queue, d.errors from dead_letters d
          union all
          select a.queue, a.errors from archived a
           where a.errors <> '[]'::jsonb
             and (a.state = 'done' or not exists (select from pgfirst_private.job_dead d where d.id = a.id offset 0))
        ) f
        cross join lateral pg_catalog.jsonb_array_elements(f.errors) e
       where (e.value ->> 'at')::timestamptz >= v_from
    ), agg as (
      select ev.queue, pg_catalog.date_bin(queue_throughput_rows.p_bucket, ev.at, v_origin) as bucket_start,
             count(*) filter (where ev.kind = 1) as done,
             count(*) filter (where ev.kind = 2) as failed,
             count(*) filter (where ev.kind = 3) as dead,
             pg_catalog.percentile_cont(0.5) within group (order by ev.wait_ms) filter (where ev.kind = 1) as p50_wait_ms,
             pg_catalog.percentile_cont(0.95) within group (order by ev.wait_ms) filter (where ev.kind = 1) as p95_wait_ms,
             pg_catalog.percentile_cont(0.5) within group (order by ev.run_ms) filter (where ev.kind = 1) as p50_run_ms,
             pg_catalog.percentile_cont(0.95) within group (order by ev.run_ms) filter (where ev.kind = 1) as p95_run_ms
        from events ev
       where ev.at >= v_from
       group by 1, 2
    ), grid as (
      select q.queue, g.bucket_start
        from (select distinct x.queue from agg x) q
        cross join pg_catalog.generate_series(v_from, v_now, queue_throughput_rows.p_bucket) g(bucket_start)
    )
    select g.queue, g.bucket_start,
           coalesce(x.done, 0), coalesce(x.failed, 0), coalesce(x.dead, 0),
           x.p50_wait_ms, x.p95_wait_ms, x.p50_run_ms, x.p95_run_ms
      from grid g
      left join agg x on x.queue = g.queue and x.bucket_start = g.bucket_start
     order by g.queue, g.bucket_start;
end;
$$;


comment on function pgfirst_private.queue_throughput_rows(interval, interval, text) is
  'Internal: the body of pgfirst.queue_throughput (plpgsql cannot name an argument like a result column).';
revoke all on function pgfirst_private.queue_throughput_rows(interval, interval, text) from public;
--! EndIncluded functions/_internal/queue_throughput_rows.sql
--! Included functions/job/queue_throughput.sql
-- The body is pgfirst_private.queue_throughput_rows (sql/functions/_internal/queue_throughput_rows.sql): plpgsql cannot
-- name an argument like a result column, this language sql wrapper can.
create or replace function pgfirst.queue_throughput(
  since interval default '1 hour',
  bucket interval default '1 minute',
  queue text default null
)
returns table(queue text, bucket_start timestamptz, done bigint, failed bigint, dead bigint,
              p50_wait_ms double precision, p95_wait_ms double precision,
              p50_run_ms double precision, p95_run_ms double precision)
language sql
stable
called on null input
parallel unsafe
security definer -- reads pgfirst_private (job, job_dead, job_archive)
set search_path = pg_catalog, pg_temp
as $$
  select * from pgfirst_private.queue_throughput_rows(queue_throughput.since, queue_throughput.bucket, queue_throughput.queue)
$$;

comment on function pgfirst.queue_throughput(interval, interval, text) is
  'Per queue with activity and per bucket (aligned to bucket, every bucket of the window present): done jobs, failed attempts, dead jobs, p50/p95 wait (claim - run_at) and run (finish - claim) in ms of done jobs. since at most 7 days, bucket at least 10 seconds, at most 1000 buckets (PF419). Done counts and times need the queue''s keep_finished (archive).';
revoke all on function pgfirst.queue_throughput(interval, interval, text) from public;
grant execute on function pgfirst.queue_throughput(interval, interval, text) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/job/queue_throughput.sql
--! Included functions/job/queue_pause.sql
create or replace function pgfirst.queue_pause(queue text)
returns boolean
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job_queue and the admin audit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_changed boolean;
begin
  if queue_pause.queue is null or queue_pause.queue = '' then
    raise exception 'a job queue name must be non-empty' using errcode = 'PF406';
  end if;
  if octet_length(queue_pause.queue) > (pgfirst_private.arg_limits()).name_max_bytes then
    raise exception 'a job queue name is at most % bytes', (pgfirst_private.arg_limits()).name_max_bytes using errcode = 'PF416',
      detail = pg_catalog.format('queue: %s bytes.', octet_length(queue_pause.queue));
  end if;
  -- only the paused flag changes: concurrency and keep_finished are kept (a queue without a
  -- configuration row gets one with the defaults: unlimited, no archive)
  insert into pgfirst_private.job_queue as q (queue, paused, updated_at)
  values (queue_pause.queue, true, pg_catalog.now())
  on conflict on constraint job_queue_pkey do update
     set paused = true, updated_at = excluded.updated_at
   where not q.paused
  returning true into v_changed;
  if coalesce(v_changed, false) then
    perform pgfirst_private.audit_write('queue_pause', queue_pause.queue);
  end if;
  return coalesce(v_changed, false);
end;
$$;

comment on function pgfirst.queue_pause(text) is
  'Pauses a queue: claims that start after this commits take no job from it (jobs already running finish). Keeps concurrency and keep_finished; audited. True when it changed (false: already paused).';
revoke all on function pgfirst.queue_pause(text) from public;
grant execute on function pgfirst.queue_pause(text) to pgfirst_admin;
--! EndIncluded functions/job/queue_pause.sql
--! Included functions/job/queue_resume.sql
create or replace function pgfirst.queue_resume(queue text)
returns boolean
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job_queue and the admin audit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if queue_resume.queue is null or queue_resume.queue = '' then
    raise exception 'a job queue name must be non-empty' using errcode = 'PF406';
  end if;
  if octet_length(queue_resume.queue) > (pgfirst_private.arg_limits()).name_max_bytes then
    raise exception 'a job queue name is at most % bytes', (pgfirst_private.arg_limits()).name_max_bytes using errcode = 'PF416',
      detail = pg_catalog.format('queue: %s bytes.', octet_length(queue_resume.queue));
  end if;
  update pgfirst_private.job_queue q
     set paused = false, updated_at = pg_catalog.now()
   where q.queue = queue_resume.queue and q.paused;
  if not found then
    return false;
  end if;
  perform pgfirst_private.audit_write('queue_resume', queue_resume.queue);
  perform pgfirst_private.job_notify(queue_resume.queue); -- wake listening workers
  return true;
end;
$$;

comment on function pgfirst.queue_resume(text) is
  'Resumes a paused queue (claims take its jobs again; listening workers are notified). Keeps concurrency and keep_finished; audited. True when it changed (false: not paused or unknown).';
revoke all on function pgfirst.queue_resume(text) from public;
grant execute on function pgfirst.queue_resume(text) to pgfirst_admin;
--! EndIncluded functions/job/queue_resume.sql
--! Included functions/job/job_retry_many.sql
-- Bulk retry by filter: dead letters (dead or cancelled) matching every filter given,
-- oldest first, at most max_jobs, skipping rows another transaction holds (a concurrent
-- job_retry or purge): one set-based move through job_dead_revive (as job_retry).
create or replace function pgfirst.job_retry_many(
  state text default 'dead',
  queue text default null,
  task text default null,
  tenant text default null,
  since timestamptz default null,
  until timestamptz default null,
  max_jobs integer default 1000
)
returns integer
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
  v_ids bigint[];
  v_moved bigint[];
begin
  perform pgfirst_private.job_filter_check(job_retry_many.state, array['dead', 'cancelled'],
    job_retry_many.queue, job_retry_many.task, job_retry_many.tenant, job_retry_many.since,
    job_retry_many.until, job_retry_many.max_jobs, 'max_jobs', (pgfirst_private.arg_limits()).batch_max);
  if job_retry_many.state is null then
    raise exception 'state must be one of dead, cancelled' using errcode = 'PF417',
      detail = 'state was null.';
  end if;
  select pg_catalog.array_agg(c.id) into v_ids
    from (
      select d.id
        from pgfirst_private.job_dead d
       where d.state = job_retry_many.state
         and (job_retry_many.queue is null or d.queue = job_retry_many.queue)
         and (job_retry_many.task is null or d.task = job_retry_many.task)
         and (job_retry_many.tenant is null or d.tenant = job_retry_many.tenant)
         and (job_retry_many.since is null or d.created_at >= job_retry_many.since)
         and (job_retry_many.until is null or d.created_at < job_retry_many.until)
       order by d.id
       limit job_retry_many.max_jobs
         for update skip locked
    ) c;
  if v_ids is null then
    v_moved := '{}';
  else
    v_moved := pgfirst_private.job_dead_revive(v_ids, null, v_now);
  end if;
  perform pgfirst_private.audit_write('job_retry_many', job_retry_many.queue,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
      'state', job_retry_many.state, 'queue', job_retry_many.queue, 'task', job_retry_many.task,
      'tenant', job_retry_many.tenant, 'since', job_retry_many.since, 'until', job_retry_many.until,
      'max_jobs', job_retry_many.max_jobs, 'retried', pg_catalog.cardinality(v_moved),
      'first_id', v_moved[1], 'last_id', v_moved[pg_catalog.cardinality(v_moved)])));
  return pg_catalog.cardinality(v_moved);
end;
$$;

comment on function pgfirst.job_retry_many(text, text, text, text, timestamptz, timestamptz, integer) is
  'Retries up to max_jobs (1-10000) dead letters in state dead (default) or cancelled matching the filters (queue, task, tenant, created_at in [since, until)), oldest first, skipping locked rows: back to pending now, same ids, attempts reset. Returns how many moved; audited. Call again while it returns max_jobs.';
revoke all on function pgfirst.job_retry_many(text, text, text, text, timestamptz, timestamptz, integer) from public;
grant execute on function pgfirst.job_retry_many(text, text, text, text, timestamptz, timestamptz, integer) to pgfirst_admin;
--! EndIncluded functions/job/job_retry_many.sql
--! Included functions/job/job_cancel_many.sql
-- Bulk cancel by filter. Waiting jobs (pending = ready, scheduled, failed = awaiting retry)
-- are removed and recorded as cancelled dead letters through job_finished, like
-- job_cancel; running jobs are only flagged (their worker sees it on its next heartbeat).
-- Oldest first, at most max_jobs, skipping rows a claimer or another caller holds.
create or replace function pgfirst.job_cancel_many(
  state text default 'pending',
  queue text default null,
  task text default null,
  tenant text default null,
  since timestamptz default null,
  until timestamptz default null,
  max_jobs integer default 1000
)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- deletes/updates rows of pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_gone pgfirst_private.job[];
  v_n integer;
begin
  perform pgfirst_private.job_filter_check(job_cancel_many.state, array['waiting', 'pending', 'scheduled', 'failed', 'running'],
    job_cancel_many.queue, job_cancel_many.task, job_cancel_many.tenant, job_cancel_many.since,
    job_cancel_many.until, job_cancel_many.max_jobs, 'max_jobs', (pgfirst_private.arg_limits()).batch_max);
  if job_cancel_many.state is null then
    raise exception 'state must be one of waiting, pending, scheduled, failed, running' using errcode = 'PF417',
      detail = 'state was null.';
  end if;
  if job_cancel_many.state = 'running' then
    with c as (
      select j.id
        from pgfirst_private.job j
       where j.state = 'running' and not j.cancel_requested
         and (job_cancel_many.queue is null or j.queue = job_cancel_many.queue)
         and (job_cancel_many.task is null or j.task = job_cancel_many.task)
         and (job_cancel_many.tenant is null or j.tenant = job_cancel_many.tenant)
         and (job_cancel_many.since is null or j.created_at >= job_cancel_many.since)
         and (job_cancel_many.until is null or j.created_at < job_cancel_many.until)
       order by j.id
       limit job_cancel_many.max_jobs
         for update skip locked
    )
    update pgfirst_private.job j
       set cancel_requested = true, updated_at = v_now
      from c
     where j.id = c.id;
    get diagnostics v_n = row_count;
  else
    with c as (
      select j.id
        from pgfirst_private.job j
       where j.state = case when job_cancel_many.state = 'scheduled' then 'pending' else job_cancel_many.state end
         and (job_cancel_many.state <> 'pending' or j.run_at <= v_now)
         and (job_cancel_many.state <> 'scheduled' or j.run_at > v_now)
         and (job_cancel_many.queue is null or j.queue = job_cancel_many.queue)
         and (job_cancel_many.task is null or j.task = job_cancel_many.task)
         and (job_cancel_many.tenant is null or j.tenant = job_cancel_many.tenant)
         and (job_cancel_many.since is null or j.created_at >= job_cancel_many.since)
         and (job_cancel_many.until is null or j.created_at < job_cancel_many.until)
       order by j.id
       limit job_cancel_many.max_jobs
         for update skip locked
    ), d as (
      delete from pgfirst_private.job j using c where j.id = c.id
      returning j
    )
    select pg_catalog.array_agg(d.j) into v_gone from d;
    v_n := coalesce(pg_catalog.cardinality(v_gone), 0);
    if v_n > 0 then
      perform pgfirst_private.job_finished(v_gone, 'cancelled', v_now);
    end if;
  end if;
  perform pgfirst_private.audit_write('job_cancel_many', job_cancel_many.queue,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
      'state', job_cancel_many.state, 'queue', job_cancel_many.queue, 'task', job_cancel_many.task,
      'tenant', job_cancel_many.tenant, 'since', job_cancel_many.since, 'until', job_cancel_many.until,
      'max_jobs', job_cancel_many.max_jobs, 'cancelled', v_n)));
  return v_n;
end;
$$;

comment on function pgfirst.job_cancel_many(text, text, text, text, timestamptz, timestamptz, integer) is
  'Cancels up to max_jobs (1-10000) live jobs in state pending (ready, default), scheduled, failed (awaiting retry), waiting (on dependencies: their dependents follow their on_dependency_failure policy) or running matching the filters, oldest first, skipping locked rows: waiting jobs become cancelled dead letters at once, running ones are flagged for their worker. Returns how many; audited.';
revoke all on function pgfirst.job_cancel_many(text, text, text, text, timestamptz, timestamptz, integer) from public;
grant execute on function pgfirst.job_cancel_many(text, text, text, text, timestamptz, timestamptz, integer) to pgfirst_admin;
--! EndIncluded functions/job/job_cancel_many.sql
--! Included functions/schedule/schedule_enable.sql
create or replace function pgfirst.schedule_enable(name text)
returns boolean
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.schedule and the admin audit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_s pgfirst_private.schedule;
  v_now timestamptz := pg_catalog.now();
begin
  select * into v_s from pgfirst_private.schedule s where s.name = schedule_enable.name for update;
  if not found then
    raise exception 'schedule "%" does not exist', schedule_enable.name using errcode = 'PF514',
      hint = 'The schedules are listed in pgfirst.schedules.';
  end if;
  if v_s.enabled then
    return false;
  end if;
  -- the next tick after now on the schedule's own grid: ticks missed while disabled are
  -- not back-filled
  update pgfirst_private.schedule s
     set enabled = true,
         next_run = pgfirst_private.schedule_next_tick(v_s.spec, v_s.every, v_s.timezone, v_s.anchor, v_now),
         updated_at = v_now
   where s.name = schedule_enable.name;
  perform pgfirst_private.audit_write('schedule_enable', schedule_enable.name);
  return true;
end;
$$;

comment on function pgfirst.schedule_enable(text) is
  'Enables a disabled schedule; its next tick is the first one after now (nothing missed while disabled is back-filled). True when it changed; PF514 for an unknown name; audited.';
revoke all on function pgfirst.schedule_enable(text) from public;
grant execute on function pgfirst.schedule_enable(text) to pgfirst_admin;
--! EndIncluded functions/schedule/schedule_enable.sql
--! Included functions/schedule/schedule_disable.sql
create or replace function pgfirst.schedule_disable(name text)
returns boolean
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.schedule and the admin audit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_enabled boolean;
begin
  -- waits for a schedule_tick holding the row: a tick in progress finishes first
  select s.enabled into v_enabled from pgfirst_private.schedule s where s.name = schedule_disable.name for update;
  if not found then
    raise exception 'schedule "%" does not exist', schedule_disable.name using errcode = 'PF514',
      hint = 'The schedules are listed in pgfirst.schedules.';
  end if;
  if not v_enabled then
    return false;
  end if;
  update pgfirst_private.schedule s
     set enabled = false, updated_at = pg_catalog.now()
   where s.name = schedule_disable.name;
  perform pgfirst_private.audit_write('schedule_disable', schedule_disable.name);
  return true;
end;
$$;

comment on function pgfirst.schedule_disable(text) is
  'Disables a schedule (schedule_tick skips it until schedule_enable). True when it changed; PF514 for an unknown name; audited.';
revoke all on function pgfirst.schedule_disable(text) from public;
grant execute on function pgfirst.schedule_disable(text) to pgfirst_admin;
--! EndIncluded functions/schedule/schedule_disable.sql
--! Included functions/schedule/schedule_run_now.sql
create or replace function pgfirst.schedule_run_now(name text)
returns bigint
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- reads pgfirst_private.schedule, enqueues a job, writes the admin audit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_s pgfirst_private.schedule;
  v_now timestamptz := pg_catalog.now();
  v_id bigint;
begin
  -- key share: a concurrent schedule_set/delete waits for this, a tick does not
  select * into v_s from pgfirst_private.schedule s where s.name = schedule_run_now.name for key share;
  if not found then
    raise exception 'schedule "%" does not exist', schedule_run_now.name using errcode = 'PF514',
      hint = 'The schedules are listed in pgfirst.schedules.';
  end if;
  -- the job a tick would enqueue, marked manual; next_run, last_run and the counters of the
  -- schedule are left alone. Built-in schedules keep their one-outstanding-job key.
  v_id := pgfirst.job_enqueue(
    task => v_s.task,
    payload => v_s.payload || pg_catalog.jsonb_build_object('_schedule', pg_catalog.jsonb_build_object(
                 'name', v_s.name, 'tick', v_now, 'catch_up', false, 'manual', true)),
    queue => v_s.queue,
    job_key => case when v_s.name like 'pgfirst.%' then 'pgfirst.schedule:' || v_s.name end,
    job_key_mode => case when v_s.name like 'pgfirst.%' then 'keep' else 'replace' end,
    tenant => v_s.tenant);
  perform pgfirst_private.audit_write('schedule_run_now', schedule_run_now.name,
    pg_catalog.jsonb_build_object('job_id', v_id));
  return v_id;
end;
$$;

comment on function pgfirst.schedule_run_now(text) is
  'Enqueues the schedule''s job now (task, payload with _schedule {name, tick, manual: true}, queue, tenant) and returns its id; the schedule''s next tick is unchanged. Works on disabled schedules too. PF514 for an unknown name; audited.';
revoke all on function pgfirst.schedule_run_now(text) from public;
grant execute on function pgfirst.schedule_run_now(text) to pgfirst_admin;
--! EndIncluded functions/schedule/schedule_run_now.sql
--! Included functions/_internal/login_lockout_rows.sql
-- The plpgsql body of pgfirst.login_lockouts: its arguments carry a p_ prefix because plpgsql
-- refuses an argument named like a result column (the public API uses both names).
create or replace function pgfirst_private.login_lockout_rows(p_tenant text, p_page_size integer)
returns table(tenant text, scope text, subject_hex text, subject_short text, user_subject_hex text,
              failures integer, lockouts integer, locked_until timestamptz, updated_at timestamptz)
language plpgsql
stable
called on null input
parallel safe
-- (runs as the owner, called from the public SECURITY DEFINER wrapper) reads pgfirst_private.login_throttle
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if login_lockout_rows.p_page_size is null or login_lockout_rows.p_page_size < 1 or login_lockout_rows.p_page_size > 1000 then
    raise exception 'page_size must be between 1 and 1000' using errcode = 'PF309',
      detail = pg_catalog.format('page_size was %s.', coalesce(login_lockout_rows.p_page_size::text, 'null'));
  end if;
  -- subjects are keyed sha256 hashes: usernames and addresses are not stored in clear and
  -- cannot be shown; the hex identifies the counter for login_unlock_subject
  return query
    select t.tenant, t.scope, pg_catalog.encode(t.subject, 'hex'),
           pg_catalog.left(pg_catalog.encode(t.subject, 'hex'), 12),
           pg_catalog.encode(t.user_subject, 'hex'),
           t.failures, t.lockouts, t.locked_until, t.last_failure_at
      from pgfirst_private.login_throttle t
     where t.locked_until > pg_catalog.now()
       and (login_lockout_rows.p_tenant is null or t.tenant = login_lockout_rows.p_tenant)
     order by t.locked_until desc, t.tenant, t.scope, t.subject
     limit login_lockout_rows.p_page_size;
end;
$$;


comment on function pgfirst_private.login_lockout_rows(text, integer) is
  'Internal: the body of pgfirst.login_lockouts (plpgsql cannot name an argument like a result column).';
revoke all on function pgfirst_private.login_lockout_rows(text, integer) from public;
--! EndIncluded functions/_internal/login_lockout_rows.sql
--! Included functions/rate_limit/login_lockouts.sql
-- The body is pgfirst_private.login_lockout_rows (sql/functions/_internal/login_lockout_rows.sql): plpgsql cannot
-- name an argument like a result column, this language sql wrapper can.
create or replace function pgfirst.login_lockouts(tenant text default null, page_size integer default 100)
returns table(tenant text, scope text, subject_hex text, subject_short text, user_subject_hex text,
              failures integer, lockouts integer, locked_until timestamptz, updated_at timestamptz)
language sql
stable
called on null input
parallel unsafe
security definer -- reads pgfirst_private (login_throttle)
set search_path = pg_catalog, pg_temp
as $$
  select * from pgfirst_private.login_lockout_rows(login_lockouts.tenant, login_lockouts.page_size)
$$;

comment on function pgfirst.login_lockouts(text, integer) is
  'Login counters locked right now (of one tenant or all), latest lock end first, at most page_size (1-1000, PF309): scope (user, ip, user_ip), the keyed hash of the subject in hex (full, for login_unlock_subject, and a 12-character prefix for display), failures, lockouts so far, locked_until, last failure. Usernames and addresses are not stored in clear.';
revoke all on function pgfirst.login_lockouts(text, integer) from public;
grant execute on function pgfirst.login_lockouts(text, integer) to pgfirst_admin;
--! EndIncluded functions/rate_limit/login_lockouts.sql
--! Included functions/rate_limit/login_unlock_subject.sql
create or replace function pgfirst.login_unlock_subject(tenant text, scope text, subject_hex text)
returns boolean
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.login_throttle and the admin audit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_subject bytea;
begin
  if login_unlock_subject.tenant is null then
    raise exception 'tenant must not be null'
      using errcode = 'PF301', hint = 'Use '''' when tenants are not used.';
  end if;
  -- the full hash only (64 hex digits): a prefix could match several subjects
  if login_unlock_subject.scope is null or login_unlock_subject.scope not in ('user', 'ip', 'user_ip')
     or login_unlock_subject.subject_hex is null or login_unlock_subject.subject_hex !~ '^[0-9a-fA-F]{64}$' then
    raise exception 'scope must be user, ip or user_ip and subject_hex the 64 hex digits login_lockouts returns'
      using errcode = 'PF308',
            detail = pg_catalog.format('scope %L, subject_hex of %s characters.', login_unlock_subject.scope,
                                       coalesce(pg_catalog.length(login_unlock_subject.subject_hex)::text, 'null'));
  end if;
  v_subject := pg_catalog.decode(login_unlock_subject.subject_hex, 'hex');
  -- as login_unlock: a username's lock goes with its username+IP counters; rows locked in
  -- login_attempt's order (scope, subject) so the two cannot deadlock
  perform 1
     from pgfirst_private.login_throttle t
    where t.tenant = login_unlock_subject.tenant
      and ((t.scope = login_unlock_subject.scope and t.subject = v_subject)
           or (login_unlock_subject.scope = 'user' and t.scope = 'user_ip' and t.user_subject = v_subject))
    order by t.scope, t.subject
      for update;
  delete from pgfirst_private.login_throttle t
   where t.tenant = login_unlock_subject.tenant
     and ((t.scope = login_unlock_subject.scope and t.subject = v_subject)
          or (login_unlock_subject.scope = 'user' and t.scope = 'user_ip' and t.user_subject = v_subject));
  if not found then
    return false;
  end if;
  perform pgfirst_private.audit_write('login_unlock_subject',
    login_unlock_subject.scope || ':' || pg_catalog.lower(login_unlock_subject.subject_hex),
    pg_catalog.jsonb_build_object('tenant', login_unlock_subject.tenant));
  return true;
end;
$$;

comment on function pgfirst.login_unlock_subject(text, text, text) is
  'Admin: lifts the lock and forgets the failures of one login counter listed by login_lockouts (tenant, scope, full subject_hex); a user counter takes its user+IP counters with it, as login_unlock. True when there was any; PF308 for a bad scope or hex; audited.';
revoke all on function pgfirst.login_unlock_subject(text, text, text) from public;
grant execute on function pgfirst.login_unlock_subject(text, text, text) to pgfirst_admin;
--! EndIncluded functions/rate_limit/login_unlock_subject.sql
--! Included functions/dropdown/dropdown_refresh_now.sql
create or replace function pgfirst.dropdown_refresh_now(name text)
returns void
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- refreshes through dropdown_refresh and writes the admin audit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  -- dropdown_refresh stays the unaudited worker path (dispatched refresh jobs); this is
  -- the operator's button, audited
  perform pgfirst.dropdown_refresh(dropdown_refresh_now.name);
  perform pgfirst_private.audit_write('dropdown_refresh_now', dropdown_refresh_now.name);
end;
$$;

comment on function pgfirst.dropdown_refresh_now(text) is
  'Admin: refreshes dropdown <name> now (as dropdown_refresh: single flight, readers never blocked) and records it in the admin audit. PF601 for an unknown name.';
revoke all on function pgfirst.dropdown_refresh_now(text) from public;
grant execute on function pgfirst.dropdown_refresh_now(text) to pgfirst_admin;
--! EndIncluded functions/dropdown/dropdown_refresh_now.sql
--! Included functions/dashboard/dashboard_overview.sql
-- Everything the dashboard header shows, in one round trip. Cost: queue_stats scans the
-- live job table, cache_stats the cache entries and session_count the sessions (each one
-- aggregate pass); poll it every few seconds, not in a tight loop.
create or replace function pgfirst.dashboard_overview()
returns jsonb
language plpgsql
stable
called on null input
parallel unsafe
security definer -- reads pgfirst_private through the module report functions
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  -- the caller, not the owner this function runs as: SET ROLE value, else the login role
  v_caller name := coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)::name;
  v_now timestamptz := pg_catalog.now();
begin
  return pg_catalog.jsonb_build_object(
    'server_time', v_now,
    'capabilities', pg_catalog.jsonb_build_object(
      'admin', pg_catalog.pg_has_role(v_caller, 'pgfirst_admin', 'member'),
      'worker', pg_catalog.pg_has_role(v_caller, 'pgfirst_worker', 'member')),
    'queues', (
      select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'queue', s.queue, 'pending', s.pending, 'scheduled', s.scheduled, 'running', s.running,
               'dead', s.dead,
               'oldest_pending_age_s', pg_catalog.date_part('epoch', s.oldest_pending_age),
               'paused', coalesce(q.paused, false), 'concurrency', q.concurrency,
               'keep_finished', q.keep_finished) order by s.queue), '[]'::jsonb)
        from pgfirst.queue_stats() s
        left join pgfirst_private.job_queue q on q.queue = s.queue),
    'cache', (
      select pg_catalog.jsonb_build_object(
               'entries', coalesce(pg_catalog.sum(c.entries), 0), 'expired', coalesce(pg_catalog.sum(c.expired), 0),
               'bytes', coalesce(pg_catalog.sum(c.bytes), 0), 'hits', coalesce(pg_catalog.sum(c.hits), 0),
               'misses', coalesce(pg_catalog.sum(c.misses), 0),
               'namespaces', coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(c) order by c.namespace, c.tenant), '[]'::jsonb))
        from pgfirst.cache_stats() c),
    'sessions', (
      select pg_catalog.jsonb_build_object(
               'live', coalesce(pg_catalog.sum(s.live), 0), 'expired', coalesce(pg_catalog.sum(s.expired), 0),
               'destroyed', coalesce(pg_catalog.sum(s.destroyed), 0))
        from pgfirst.session_count() s),
    'lockouts', (
      select pg_catalog.jsonb_build_object('active', count(*))
        from pgfirst_private.login_throttle t
       where t.locked_until > v_now),
    'dropdowns', (
      select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'name', d.name, 'rows', d.rows, 'last_refresh_at', d.last_refresh_at,
               'last_duration_ms', pg_catalog.date_part('epoch', d.last_duration) * 1000,
               'stale_since', d.stale_since, 'pending_changes', d.pending_changes,
               'staleness_breached', d.staleness_breached,
               'max_staleness_s', pg_catalog.date_part('epoch', d.max_staleness)) order by d.name), '[]'::jsonb)
        from pgfirst.dropdown_status d),
    'schedules', (
      select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'name', s.name, 'task', s.task, 'spec', s.spec, 'timezone', s.timezone, 'queue', s.queue,
               'enabled', s.enabled, 'next_run', s.next_run, 'last_run', s.last_run,
               'last_job_id', s.last_job_id::text) order by s.name), '[]'::jsonb)
        from pgfirst.schedules s));
end;
$$;

comment on function pgfirst.dashboard_overview() is
  'The dashboard header in one jsonb: server_time, capabilities {admin, worker} of the caller, queues (queue_stats + paused, concurrency, keep_finished), cache totals and namespaces, session totals, active lockout count, dropdown freshness, schedules. One aggregate pass over the live jobs, cache entries and sessions.';
revoke all on function pgfirst.dashboard_overview() from public;
grant execute on function pgfirst.dashboard_overview() to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/dashboard/dashboard_overview.sql
--! Included functions/dashboard/audit_log.sql
create or replace function pgfirst.audit_log(before_id bigint default null, page_size integer default 100)
returns table(id bigint, at timestamptz, session_role name, role name, action text, target text, detail jsonb)
language plpgsql
stable
called on null input
parallel safe
security definer -- reads pgfirst_private.admin_audit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if audit_log.page_size is null or audit_log.page_size < 1 or audit_log.page_size > 1000 then
    raise exception 'page_size must be between 1 and 1000' using errcode = 'PF007',
      detail = pg_catalog.format('page_size was %s.', coalesce(audit_log.page_size::text, 'null'));
  end if;
  return query
    select a.id, a.at, a.session_role, a.role, a.action, a.target, a.detail
      from pgfirst_private.admin_audit a
     where audit_log.before_id is null or a.id < audit_log.before_id
     order by a.id desc
     limit audit_log.page_size;
end;
$$;

comment on function pgfirst.audit_log(bigint, integer) is
  'Admin actions, newest first, at most page_size (1-1000, PF007); next page: before_id => the last id. Each row: when, login role (session_role), effective role, action, target, detail. Kept audit.keep (maintenance purges older rows).';
revoke all on function pgfirst.audit_log(bigint, integer) from public;
grant execute on function pgfirst.audit_log(bigint, integer) to pgfirst_admin;
--! EndIncluded functions/dashboard/audit_log.sql

-- Dropdown word search (issue 16): the views gain label_key and haystack (folded words) and a
-- trigram index over the haystack; the generated functions and the dispatcher take the word
-- patterns and return a rank; the cursor may carry the rank.
drop function if exists pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[]);
drop function if exists pgfirst_private.dropdown_cursor_decode(text);
-- Cheaper change trigger (issue 16): the gate lanes carry the generation of the refresh that
-- last locked their parity and the refresh a writer on the lane found queued, so the writer's
-- usual path is one statement (see the trigger).
alter table pgfirst_private.dropdown_gate add column if not exists generation bigint not null default 0;
alter table pgfirst_private.dropdown_gate add column if not exists queued_generation bigint not null default -1;
alter table pgfirst_private.dropdown_gate add column if not exists queued_until timestamptz not null default '-infinity';
update pgfirst_private.dropdown_gate g set generation = d.generation
  from pgfirst_private.dropdown d where d.id = g.dropdown_id and g.generation <> d.generation;
comment on table pgfirst_private.dropdown_gate is
  'Refresh gate of each dropdown: 2 parities x 64 lanes, row-locked (writers: one lane per parity, SKIP LOCKED; refresh of generation g: all lanes of parity g % 2, which it updates to generation g + 1 when it commits). queued_generation / queued_until: a refresh job a writer on this lane found or queued, and until when its marker is fresh.';
--! Included triggers/dropdown_source__mark_changed.sql
-- Statement-level trigger function attached by dropdown_define to every source table of a
-- dropdown (tg_argv[0] = dropdown id). It never refreshes: it makes sure that one refresh
-- job which will see this change is queued, and usually does nothing at all.
--
-- Protocol (READ COMMITTED writers). A dropdown has a generation g = refreshes completed.
-- The refresh of generation g, before taking its snapshot, locks every lane of parity g % 2
-- in pgfirst_private.dropdown_gate and so waits for every writer holding one of them.
-- A writer first tries, without waiting, to lock a lane of BOTH parities, then reads g
-- (a snapshot taken after the locks):
--   * it holds the parity of g: refresh g has not passed its lock and will wait for this
--     transaction, so its snapshot will contain this change -> aim at g;
--   * it holds only the other parity: refresh g holds (or waits for) the lock of g, i.e. it
--     may already have its snapshot; refresh g+1 will wait for us -> aim at g+1.
-- (A refresh committing between the locks and the read is harmless: the read then shows
-- g+1, whose parity is the one the writer holds.) If a committed marker for the target
-- exists (recent enough, see max_staleness), its writer already queued that refresh:
-- nothing to do. Otherwise append a marker and enqueue the job keyed by (dropdown, target
-- generation) in mode 'keep', which neither duplicates nor postpones it. Writers only
-- append rows and lock gate lanes (only refreshes update them): no registry row is updated,
-- so writers never queue behind one another on it. The usual path (no refresh running, a
-- fresh marker exists) is one statement: the lock of this backend's lane of both parities,
-- which also reads the generation the last refresh wrote into them and the marker an earlier
-- transaction on this lane found, without the registry; each marker stores fresh_until = changed_at +
-- max_staleness, and the writer copies the target and that bound into its own lane rows
-- (which it holds), so that the next statements of its backend need only the lane lock.
-- Other isolation levels read g from an older snapshot, so they enqueue a refresh of their
-- own (keyed by their transaction; the job only becomes visible when they commit, so it sees
-- the change) and a marker with generation -1 that any later refresh clears: correct,
-- but not deduplicated across transactions.
create or replace function pgfirst_private.dropdown_source_changed()
returns trigger
language plpgsql
volatile
security definer -- writes pgfirst_private.dropdown_change and enqueues a job on behalf of any writer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_id integer := tg_argv[0]::integer;
  v_even boolean;
  v_odd boolean;
  v_queued boolean;
  v_own boolean;
  v_d record;
  v_key text;
begin
  if pg_catalog.current_setting('transaction_isolation') <> 'read committed' then
    select d.name, d.debounce, d.max_staleness into v_d from pgfirst_private.dropdown d where d.id = v_id;
    if not found then
      return null; -- dropped meanwhile
    end if;
    v_key := pg_catalog.format('pgfirst.dropdown_refresh:%s:tx%s', v_d.name, pg_catalog.txid_current());
    -- generation -1: any refresh (all of which start after this commits) clears it
    insert into pgfirst_private.dropdown_change (dropdown_id, generation, changed_at, fresh_until)
    values (v_id, -1, pg_catalog.statement_timestamp(), pg_catalog.statement_timestamp() + v_d.max_staleness);
  else
    -- Usual path, ONE statement (issue 16; before: a lock statement, then a probe of the
    -- marker index with a snapshot taken after it): lock this backend's own lane of both
    -- parities (lane = pid % 64; rows of a private table, so no role without pgfirst grants
    -- can hold them). A locking read returns the latest committed version of each lane row:
    -- its `generation` is the one the refresh that last locked that parity wrote when it
    -- committed, so max(generation) is the generation g as of the lock; `queued_generation`
    -- and `queued_until` are what an earlier transaction of a backend on this lane found or
    -- made: a marker (so a refresh job) for that generation, fresh until then. Holding BOTH
    -- parities means no refresh has passed its lock (one that committed before shows in g;
    -- one that comes later waits for us), so if the queued generation is still >= g, that
    -- refresh has not taken its snapshot and will see this change.
    -- (a join of the two lane rows rather than an aggregate: executor start-up of an Agg
    -- node cost as much as the rest of the statement)
    select greatest(g0.generation, g1.generation) <= least(g0.queued_generation, g1.queued_generation)
           and least(g0.queued_until, g1.queued_until) > pg_catalog.statement_timestamp()
      into v_queued
      from pgfirst_private.dropdown_gate g0
      join pgfirst_private.dropdown_gate g1 on g1.dropdown_id = g0.dropdown_id and g1.parity = 1 and g1.lane = g0.lane
     where g0.dropdown_id = v_id and g0.parity = 0 and g0.lane = pg_catalog.pg_backend_pid() & 63
       for no key update of g0, g1 skip locked;
    v_own := found;
    if v_own and v_queued then
      return null;
    end if;
    -- not both of the own lane (a lock skipped may still be held: taking it again succeeds)
    v_even := v_own;
    v_odd := v_own;
    -- otherwise a free lane for each parity not held (the own one, or another when a
    -- concurrent writer holds it)
    if not v_even then
      perform from pgfirst_private.dropdown_gate g where g.dropdown_id = v_id and g.parity = 0
        order by g.lane = pg_catalog.pg_backend_pid() & 63 desc
        limit 1 for no key update skip locked;
      v_even := found;
    end if;
    if not v_odd then
      perform from pgfirst_private.dropdown_gate g where g.dropdown_id = v_id and g.parity = 1
        order by g.lane = pg_catalog.pg_backend_pid() & 63 desc
        limit 1 for no key update skip locked;
      v_odd := found;
    end if;
    -- (a new snapshot from here on: it contains every refresh that committed before the locks)
    select d.name, d.debounce, d.max_staleness, t.target,
           (select pg_catalog.max(c.fresh_until) from pgfirst_private.dropdown_change c
             where c.dropdown_id = d.id and c.generation = t.target) as fresh_until
      into v_d
      from pgfirst_private.dropdown d
      cross join lateral (
        select case when (d.generation % 2 = 0 and v_even) or (d.generation % 2 = 1 and v_odd) then d.generation
                    when v_even or v_odd then d.generation + 1 end as target) t
     where d.id = v_id;
    if not found then
      return null; -- dropped meanwhile
    end if;
    if v_d.fresh_until > pg_catalog.statement_timestamp() then
      -- a refresh that will see this change is already queued: note it in this backend's own
      -- lane (held, both parities, so target = g) for the usual path of its next statements
      if v_own then
        update pgfirst_private.dropdown_gate g set queued_generation = v_d.target, queued_until = v_d.fresh_until
         where g.dropdown_id = v_id and g.lane = pg_catalog.pg_backend_pid() & 63;
      end if;
      return null;
    end if;
    if v_d.target is null then
      -- both parities taken (not expected: one refresh at a time): a refresh of our own is safe
      v_key := pg_catalog.format('pgfirst.dropdown_refresh:%s:tx%s', v_d.name, pg_catalog.txid_current());
      insert into pgfirst_private.dropdown_change (dropdown_id, generation, changed_at, fresh_until)
      values (v_id, -1, pg_catalog.statement_timestamp(), pg_catalog.statement_timestamp() + v_d.max_staleness);
    else
      insert into pgfirst_private.dropdown_change (dropdown_id, generation, changed_at, fresh_until)
      values (v_id, v_d.target, pg_catalog.statement_timestamp(), pg_catalog.statement_timestamp() + v_d.max_staleness);
      v_key := pg_catalog.format('pgfirst.dropdown_refresh:%s:%s', v_d.name, v_d.target);
      if v_own then
        update pgfirst_private.dropdown_gate g
           set queued_generation = v_d.target, queued_until = pg_catalog.statement_timestamp() + v_d.max_staleness
         where g.dropdown_id = v_id and g.lane = pg_catalog.pg_backend_pid() & 63;
      end if;
    end if;
  end if;
  perform pgfirst.job_enqueue(
    task => 'pgfirst.dropdown_refresh',
    payload => pg_catalog.jsonb_build_object('name', v_d.name),
    queue => pgfirst_private.setting_value('dropdown.queue') #>> '{}',
    run_at => pg_catalog.statement_timestamp() + v_d.debounce,
    priority => pgfirst_private.setting_int('dropdown.refresh_priority')::integer,
    job_key => v_key,
    job_key_mode => 'keep');
  return null;
end;
$$;

comment on function pgfirst_private.dropdown_source_changed() is
  'Internal trigger (statement level) on dropdown sources: records that a refresh is needed and enqueues at most one debounced refresh job per generation; never refreshes in the writer''s transaction.';
revoke all on function pgfirst_private.dropdown_source_changed() from public;
--! EndIncluded triggers/dropdown_source__mark_changed.sql
--! Included functions/dropdown/dropdown_refresh.sql
create or replace function pgfirst.dropdown_refresh(name text)
returns void
language plpgsql
volatile
security definer -- refreshes a view owned by pgfirst and records figures in pgfirst_private
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_d pgfirst_private.dropdown;
  v_generation bigint;
  v_populated boolean;
  v_started timestamptz;
  v_writes bigint;
  v_rows bigint;
begin
  select * into v_d from pgfirst_private.dropdown d where d.name = dropdown_refresh.name;
  if not found then
    raise exception 'dropdown "%" is not defined', name using errcode = 'PF601',
      hint = 'Define it with pgfirst.dropdown_define; the defined ones are listed in pgfirst.dropdown_status.';
  end if;
  -- single flight: one refresh of a dropdown at a time (a second caller waits, then refreshes
  -- again, which is what it asked for: a view at least as new as its call)
  -- (the registry row, locked until commit: unreachable to roles without pgfirst grants)
  perform from pgfirst_private.dropdown d where d.id = v_d.id for no key update;
  if not found then
    return; -- dropped meanwhile
  end if;
  select d.generation into v_generation from pgfirst_private.dropdown d where d.id = v_d.id;
  -- wait for the writers that aimed their change at this generation (each holds a lane of
  -- its parity until it commits): the snapshot taken below then contains their changes.
  -- Lanes are taken in order; each one held is closed to new writers, so this ends.
  perform from pgfirst_private.dropdown_gate g
   where g.dropdown_id = v_d.id and g.parity = (v_generation % 2)::smallint
   order by g.lane
     for update;

  v_started := pg_catalog.clock_timestamp();
  v_writes := pgfirst_private.dropdown_source_writes(v_d.sources);
  select c.relispopulated into v_populated from pg_catalog.pg_class c
   where c.oid = pg_catalog.format('%I.%I', v_d.view_schema, v_d.view_name)::regclass;
  if v_populated then
    -- readers keep reading the previous contents meanwhile (ExclusiveLock allows SELECT)
    execute pg_catalog.format('refresh materialized view concurrently %I.%I', v_d.view_schema, v_d.view_name);
  else
    execute pg_catalog.format('refresh materialized view %I.%I', v_d.view_schema, v_d.view_name);
  end if;
  execute pg_catalog.format('select pg_catalog.count(*) from %I.%I', v_d.view_schema, v_d.view_name) into v_rows;
  -- a refreshed view has no planner statistics until autovacuum gets to it: gather them on
  -- the first refresh and whenever the row count moved by more than 10%
  if not v_populated or v_d.last_refresh_rows is null
     or pg_catalog.abs(v_rows - v_d.last_refresh_rows) > v_d.last_refresh_rows / 10 then
    execute pg_catalog.format('analyze %I.%I', v_d.view_schema, v_d.view_name);
  end if;

  update pgfirst_private.dropdown d
     set generation = v_generation + 1,
         populated = true,
         last_refresh_started_at = v_started,
         last_refresh_at = pg_catalog.clock_timestamp(),
         last_refresh_duration = pg_catalog.clock_timestamp() - v_started,
         last_refresh_rows = v_rows,
         refresh_count = d.refresh_count + 1,
         source_writes_at_refresh = v_writes
   where d.id = v_d.id;
  -- the lanes of this parity carry the new generation: a writer's locking read of its lane
  -- returns this version, so its usual path learns g without reading the registry
  update pgfirst_private.dropdown_gate g set generation = v_generation + 1
   where g.dropdown_id = v_d.id and g.parity = (v_generation % 2)::smallint;
  -- markers aimed at this generation (or older, or -1) are now reflected in the view
  delete from pgfirst_private.dropdown_change c
   where c.dropdown_id = v_d.id and c.generation <= v_generation;
end;
$$;

comment on function pgfirst.dropdown_refresh(text) is
  'Refreshes dropdown <name>: REFRESH MATERIALIZED VIEW CONCURRENTLY (plain the first time), never blocking readers; single flight per dropdown; records duration, row count and refresh time. Raises PF601 for an unknown name.';
revoke all on function pgfirst.dropdown_refresh(text) from public;
grant execute on function pgfirst.dropdown_refresh(text) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/dropdown/dropdown_refresh.sql
--! Included functions/_internal/dropdown_fold.sql
-- Search folding (issue 16): what a user types and what a user sees become the same words.
-- Lower case, accents removed (as dropdown_normalize), then every run of spaces and
-- punctuation (ASCII, Latin-1 and general/CJK/fullwidth punctuation) becomes one space,
-- trimmed. So "Zimmermann, Brigitte", "zimmermann brigitte" and "ZIMMERMANN (Brigitte)" fold
-- alike. Read with the C collation so that the result does not depend on the database's
-- locale. The folded text contains no LIKE wildcard (% _ \ are punctuation): patterns built
-- from its words need no escaping. Stable (unaccent reads a dictionary): used at refresh time
-- for the stored columns and once per search for the term, never in an index expression.
-- The body names unaccent directly (not dropdown_normalize): refreshes run it as
-- pgfirst_dropdown, which has USAGE on unaccent's schema but not on pgfirst_private.
do $do$
declare
  v_schema text := pgfirst_private.dropdown_ext_schema('unaccent');
begin
  if v_schema is null then
    raise exception 'extension unaccent is not installed' using errcode = 'PF610',
      hint = 'Install the PostgreSQL contrib package and run the pgfirst migrations again.';
  end if;
  execute pg_catalog.format($f$
    create or replace function pgfirst_private.dropdown_fold(value text)
    returns text
    language sql
    stable
    strict
    parallel safe
    set search_path = pg_catalog, pg_temp
    as $b$
      select pg_catalog.btrim(pg_catalog.regexp_replace(
               pg_catalog.lower(%1$I.unaccent(%2$L::pg_catalog.regdictionary, value)) collate "C",
               '[[:space:][:punct:]\u00a0-\u00a9\u00ab-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf\u00d7\u00f7\u2000-\u206f\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+',
               ' ', 'g'))
    $b$
  $f$, v_schema, pg_catalog.quote_ident(v_schema) || '.unaccent');
end
$do$;

comment on function pgfirst_private.dropdown_fold(text) is
  'Internal: the words of a label, search text or term, lower-cased, accent-free, separated by single spaces (punctuation and spaces folded); stable, so only used on stored columns and terms.';
revoke all on function pgfirst_private.dropdown_fold(text) from public;
--! EndIncluded functions/_internal/dropdown_fold.sql
grant execute on function pgfirst_private.dropdown_fold(text) to pgfirst_dropdown;
--! Included functions/_internal/dropdown_cursor_decode.sql
-- Inverse of the cursor dropdown_search emits in "next": base64url of the JSON array
-- [sort_key, id] of the last row of the page, or [sort_key, id, rank] for a word search
-- (rank 0-3, see dropdown_search). Anything else is PF606.
create or replace function pgfirst_private.dropdown_cursor_decode(cursor text, out sort_key text, out id text, out rank integer)
language plpgsql
immutable
strict
parallel safe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_json jsonb;
  v_b64 text := pg_catalog.translate(cursor, '-_', '+/');
begin
  begin
    v_b64 := v_b64 || pg_catalog.repeat('=', (4 - pg_catalog.length(v_b64) % 4) % 4);
    v_json := pg_catalog.convert_from(pg_catalog.decode(v_b64, 'base64'), 'UTF8')::jsonb;
  exception
    when invalid_parameter_value or character_not_in_repertoire or invalid_text_representation
         or untranslatable_character then
      v_json := null;
  end;
  if v_json is null or pg_catalog.jsonb_typeof(v_json) <> 'array' or pg_catalog.jsonb_array_length(v_json) not in (2, 3)
     or pg_catalog.jsonb_typeof(v_json -> 0) <> 'string' or pg_catalog.jsonb_typeof(v_json -> 1) <> 'string'
     or (pg_catalog.jsonb_array_length(v_json) = 3
         and (pg_catalog.jsonb_typeof(v_json -> 2) <> 'number' or (v_json -> 2)::text not in ('0', '1', '2', '3'))) then
    raise exception 'the paging cursor is not one that dropdown_search returned' using errcode = 'PF606',
      detail = pg_catalog.format('after = %s', pg_catalog.left(cursor, 80)),
      hint = 'Pass the "next" value of the previous page unchanged, or null for the first page.';
  end if;
  sort_key := v_json ->> 0;
  id := v_json ->> 1;
  rank := (v_json ->> 2)::integer;
end;
$$;

comment on function pgfirst_private.dropdown_cursor_decode(text) is
  'Internal: decodes a dropdown_search keyset cursor into (sort_key, id, rank: null for an unranked page); raises PF606 for anything else.';
revoke all on function pgfirst_private.dropdown_cursor_decode(text) from public;
--! EndIncluded functions/_internal/dropdown_cursor_decode.sql
--! Included functions/_internal/dropdown_view_create.sql
-- Creates the materialized view of one registered dropdown (WITH NO DATA) with its indexes,
-- and hands it to pgfirst_dropdown. Used by dropdown_define and by migrations that change
-- the view's shape (they drop the old view and call this, then refresh). Which optional
-- columns the query yields (sort_key, search, group_label) is read from a temporary view of
-- the stored query: parse analysis only, nothing is planned or run (see dropdown_define).
create or replace function pgfirst_private.dropdown_view_create(dropdown_id integer)
returns void
language plpgsql
volatile
strict
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_d pgfirst_private.dropdown;
  v_columns text[];
  v_trgm text := pgfirst_private.dropdown_ext_schema('pg_trgm');
  v_search text;
begin
  select * into strict v_d from pgfirst_private.dropdown d where d.id = dropdown_view_create.dropdown_id;
  if pg_catalog.to_regclass('pg_temp.pgfirst_dropdown_probe') is not null then
    drop view pg_temp.pgfirst_dropdown_probe;
  end if;
  execute pg_catalog.format(E'create temporary view pgfirst_dropdown_probe as %s\n', v_d.query);
  select pg_catalog.array_agg(a.attname::text order by a.attnum) into v_columns
    from pg_catalog.pg_attribute a
   where a.attrelid = 'pg_temp.pgfirst_dropdown_probe'::regclass and a.attnum > 0 and not a.attisdropped;
  drop view pg_temp.pgfirst_dropdown_probe;
  v_search := case when 'search' = any (v_columns) then 'coalesce(q.search::text, q.text::text)' else 'q.text::text' end;

  -- Rows without tenant or id cannot be paged or looked up: they are left out.
  -- label_key: the folded label (exact / prefix rank); haystack: the folded label and search
  -- text between single spaces, so ' word' marks the start of a word (see dropdown_search).
  execute pg_catalog.format($f$
    create materialized view %1$I.%2$I as
    select q.tenant::text collate "C" as tenant,
           q.id::text collate "C" as id,
           coalesce(q.text::text, q.id::text) as text,
           coalesce(%3$s, '') collate "C" as sort_key,
           pg_catalog.left(coalesce(pgfirst_private.dropdown_normalize(%4$s), ''), 1000) collate "C" as search,
           %5$s as group_label,
           pg_catalog.left(coalesce(pgfirst_private.dropdown_fold(coalesce(q.text::text, q.id::text)), ''), 1000) collate "C" as label_key,
           (' ' || pg_catalog.left(pgfirst_private.dropdown_fold(coalesce(q.text::text, q.id::text) || ' ' || %7$s), 2000) || ' ') collate "C" as haystack
      from (%6$s
           ) q
     where q.tenant is not null and q.id is not null
     -- stored in page order: rows a search finds often sit together (a surname when sorting
     -- by surname), so a page touches few heap blocks; refreshes keep most rows in place
     order by 1, 4, 2
    with no data
  $f$, v_d.view_schema, v_d.view_name,
    case when 'sort_key' = any (v_columns) then 'q.sort_key::text'
         else 'pgfirst_private.dropdown_normalize(q.text::text)' end,
    v_search,
    case when 'group_label' = any (v_columns) then 'q.group_label::text' else 'null::text' end,
    v_d.query,
    case when 'search' = any (v_columns) then 'coalesce(q.search::text, '''')' else '''''' end);
  -- unique: required by REFRESH CONCURRENTLY, and the lookup path
  execute pg_catalog.format('create unique index %I on %I.%I (tenant, id)', v_d.view_name || '_key', v_d.view_schema, v_d.view_name);
  -- first page and keyset paging, covering (index-only once the visibility map is set)
  execute pg_catalog.format('create index %I on %I.%I (tenant, sort_key, id) include (text, group_label)',
    v_d.view_name || '_page', v_d.view_schema, v_d.view_name);
  -- search, ranks 0-1 (the label starts with the term): a range in (label_key, id) order
  execute pg_catalog.format('create index %I on %I.%I (tenant, label_key, id) include (text, group_label)',
    v_d.view_name || '_label', v_d.view_schema, v_d.view_name);
  -- search, the other matches: trigram GIN over the haystack, tenant inside the same index through btree_gin;
  -- serves '%word%' (3+ characters) and '% wo%' (a word starting with 1-2 characters)
  execute pg_catalog.format('create index %I on %I.%I using gin (tenant, haystack %I.gin_trgm_ops)',
    v_d.view_name || '_words', v_d.view_schema, v_d.view_name, v_trgm);
  execute pg_catalog.format('comment on materialized view %I.%I is %L', v_d.view_schema, v_d.view_name,
    pg_catalog.format('pgfirst dropdown %s: read it through pgfirst.dropdown_search (tenant isolation lives there); refreshed by pgfirst.dropdown_refresh.', v_d.name));
  execute pg_catalog.format('revoke all on %I.%I from public', v_d.view_schema, v_d.view_name);
  -- Owned by pgfirst_dropdown: REFRESH runs the query as the view's owner (in a
  -- security-restricted operation), so the query's code never has more rights than that role.
  perform pgfirst_private.dropdown_view_own(v_d.view_name, v_d.view_schema);
end;
$$;

comment on function pgfirst_private.dropdown_view_create(integer) is
  'Internal: creates (WITH NO DATA) the materialized view of a registered dropdown with its key, page, label and word-search indexes, owned by pgfirst_dropdown.';
revoke all on function pgfirst_private.dropdown_view_create(integer) from public;
--! EndIncluded functions/_internal/dropdown_view_create.sql
--! Included functions/_internal/dropdown_generate.sql
-- Writes the search function of one dropdown: static SQL against its materialized view, so
-- plans are prepared once per session and reused (no dynamic SQL per search). Called by
-- dropdown_define and, for every dropdown, by each migration that changes this template.
-- mode: 0 = every row, 2 = word search (see dropdown_search), 3 = lookup by ids. With
-- after_id set, rows strictly after the keyset cursor.
create or replace function pgfirst_private.dropdown_generate(dropdown_id integer)
returns void
language plpgsql
volatile
strict
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_d pgfirst_private.dropdown;
  v_mv text;
  v_cols text := 'm.id, m.text, m.sort_key, m.group_label, null::integer';
  v_order text := 'order by m.sort_key, m.id';
  v_after text := 'and (m.sort_key, m.id) > ($6 collate "C", $7 collate "C")';
begin
  select * into strict v_d from pgfirst_private.dropdown d where d.id = dropdown_generate.dropdown_id;
  v_mv := pg_catalog.format('%I.%I', v_d.view_schema, v_d.view_name);
  -- the signature before issue 16 (no word patterns, no rank)
  execute pg_catalog.format('drop function if exists pgfirst_private.%I(text, text, integer, integer, integer, text, text, text[])',
    v_d.function_name);
  execute pg_catalog.format($f$
    create or replace function pgfirst_private.%2$I(text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[])
    returns table(r_id text, r_text text, r_sort_key text, r_group text, r_rank integer)
    language plpgsql
    stable
    parallel safe
    -- Generic plans, made once per session: the plan shapes are fixed by construction (page
    -- index walk, label range + trigram bitmap and top-N sort, key lookup). With custom plans the LIMIT
    -- and OFFSET parameters make every call re-plan, which costs more than the query.
    set plan_cache_mode = force_generic_plan
    -- the ranked search relies on UNION ALL returning its branches in order
    set max_parallel_workers_per_gather = 0
    set search_path = pg_catalog, pg_temp
    as $b$
    -- generated by pgfirst_private.dropdown_generate for dropdown %3$L: do not edit
    -- $1 tenant, $2 folded term, $3 mode, $4 limit, $5 offset, $6/$7/$10 cursor (sort_key or,
    -- in mode 2, label_key; id; rank), $8 ids (mode 3) or one LIKE pattern per word (mode 2,
    -- the longest first), $9 one word-start pattern per word, $11 the end of the label_key
    -- range of the term, $12 the patterns but the first two (mode 2)
    begin
      if $3 = 3 then
        return query select %4$s from %1$s m where m.tenant = $1 and m.id = any ($8);
      elsif $3 = 0 then
        if $7 is null then
          return query select %4$s from %1$s m where m.tenant = $1 %5$s limit $4 offset $5;
        else
          return query select %4$s from %1$s m where m.tenant = $1 %6$s %5$s limit $4;
        end if;
      else
        -- Word search, ordered by (rank, label_key, id). Rank 0 (the label is the term) and 1
        -- (the label starts with it) are exactly a label_key range: those rows come first,
        -- straight from the label index in order (and match every word by construction), so a
        -- term most labels start with costs one page. Only when they run out are the other
        -- matches read: the longest words drive the trigram index, the others are the LIKE
        -- ALL; rank 2 (every word starts a word) before 3 (substrings), then a top-N sort.
        -- one word / several: with several, the two longest are both index conditions (the GIN
        -- scan intersects them), the others are the LIKE ALL
        if pg_catalog.cardinality($8) = 1 then
          if $7 is null then
            return query
              (select m.id, m.text, m.label_key, m.group_label, case when m.label_key = $2 collate "C" then 0 else 1 end
                 from %1$s m
                where m.tenant = $1 and m.label_key >= $2 collate "C" and m.label_key < $11 collate "C"
                order by m.label_key, m.id)
              union all
              (select s.id, s.text, s.label_key, s.group_label, s.rank from (
                 select m.id, m.text, m.label_key, m.group_label, case when m.haystack like all ($9) then 2 else 3 end as rank
                   from %1$s m
                  where m.tenant = $1 and m.haystack like ($8)[1]
                    and not (m.label_key >= $2 collate "C" and m.label_key < $11 collate "C")) s
                order by s.rank, s.label_key, s.id limit $4 + $5)
              limit $4 offset $5;
          else
            return query
              (select m.id, m.text, m.label_key, m.group_label, case when m.label_key = $2 collate "C" then 0 else 1 end
                 from %1$s m
                where m.tenant = $1 and $10 <= 1 and m.label_key >= $2 collate "C" and m.label_key < $11 collate "C"
                  and (m.label_key, m.id) > ($6 collate "C", $7 collate "C")
                order by m.label_key, m.id)
              union all
              (select s.id, s.text, s.label_key, s.group_label, s.rank from (
                 select m.id, m.text, m.label_key, m.group_label, case when m.haystack like all ($9) then 2 else 3 end as rank
                   from %1$s m
                  where m.tenant = $1 and m.haystack like ($8)[1]
                    and not (m.label_key >= $2 collate "C" and m.label_key < $11 collate "C")) s
                where (s.rank, s.label_key, s.id) > ($10, $6 collate "C", $7 collate "C")
                order by s.rank, s.label_key, s.id limit $4)
              limit $4;
          end if;
        else
          if $7 is null then
            return query
              (select m.id, m.text, m.label_key, m.group_label, case when m.label_key = $2 collate "C" then 0 else 1 end
                 from %1$s m
                where m.tenant = $1 and m.label_key >= $2 collate "C" and m.label_key < $11 collate "C"
                order by m.label_key, m.id)
              union all
              (select s.id, s.text, s.label_key, s.group_label, s.rank from (
                 select m.id, m.text, m.label_key, m.group_label, case when m.haystack like all ($9) then 2 else 3 end as rank
                   from %1$s m
                  where m.tenant = $1 and m.haystack like ($8)[1] and m.haystack like ($8)[2]
                    and m.haystack like all ($12)
                    and not (m.label_key >= $2 collate "C" and m.label_key < $11 collate "C")) s
                order by s.rank, s.label_key, s.id limit $4 + $5)
              limit $4 offset $5;
          else
            return query
              (select m.id, m.text, m.label_key, m.group_label, case when m.label_key = $2 collate "C" then 0 else 1 end
                 from %1$s m
                where m.tenant = $1 and $10 <= 1 and m.label_key >= $2 collate "C" and m.label_key < $11 collate "C"
                  and (m.label_key, m.id) > ($6 collate "C", $7 collate "C")
                order by m.label_key, m.id)
              union all
              (select s.id, s.text, s.label_key, s.group_label, s.rank from (
                 select m.id, m.text, m.label_key, m.group_label, case when m.haystack like all ($9) then 2 else 3 end as rank
                   from %1$s m
                  where m.tenant = $1 and m.haystack like ($8)[1] and m.haystack like ($8)[2]
                    and m.haystack like all ($12)
                    and not (m.label_key >= $2 collate "C" and m.label_key < $11 collate "C")) s
                where (s.rank, s.label_key, s.id) > ($10, $6 collate "C", $7 collate "C")
                order by s.rank, s.label_key, s.id limit $4)
              limit $4;
          end if;
        end if;
      end if;
    end
    $b$
  $f$, v_mv, v_d.function_name, v_d.name, v_cols, v_order, v_after);
  execute pg_catalog.format('comment on function pgfirst_private.%I(text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[]) is %L',
    v_d.function_name, pg_catalog.format('Internal, generated: search and lookup rows of dropdown %s (%s).', v_d.name, v_mv));
  execute pg_catalog.format('revoke all on function pgfirst_private.%I(text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[]) from public',
    v_d.function_name);
end;
$$;

comment on function pgfirst_private.dropdown_generate(integer) is
  'Internal: (re)creates the generated static-SQL search function of one dropdown.';
revoke all on function pgfirst_private.dropdown_generate(integer) from public;
--! EndIncluded functions/_internal/dropdown_generate.sql
--! Included functions/_internal/dropdown_dispatch_rebuild.sql
-- Rewrites pgfirst_private.dropdown_dispatch, a static IF chain from dropdown id to its
-- generated function, so dropdown_search needs no dynamic SQL. With regenerate = true the
-- generated functions are rewritten from the current template first.
create or replace function pgfirst_private.dropdown_dispatch_rebuild(regenerate boolean default false)
returns void
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_body text;
  v_id integer;
begin
  if regenerate then
    for v_id in select d.id from pgfirst_private.dropdown d order by d.id loop
      perform pgfirst_private.dropdown_generate(v_id);
    end loop;
  end if;
  select pg_catalog.string_agg(
           pg_catalog.format('%s $1 = %s then return query select * from pgfirst_private.%I($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);',
                  case when d.rn = 1 then 'if' else 'elsif' end, d.id, d.function_name),
           E'\n      ' order by d.id)
         || E'\n      end if;'
    into v_body
    from (select x.id, x.function_name, pg_catalog.row_number() over (order by x.id) as rn
            from pgfirst_private.dropdown x) d;
  execute pg_catalog.format($f$
    create or replace function pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[])
    returns table(r_id text, r_text text, r_sort_key text, r_group text, r_rank integer)
    language plpgsql
    stable
    parallel safe
    set search_path = pg_catalog, pg_temp
    as $b$
    -- generated by pgfirst_private.dropdown_dispatch_rebuild: do not edit
    -- $1 dropdown id, then the arguments of the generated function
    begin
      %s
      return;
    end
    $b$
  $f$, coalesce(v_body, ''));
  comment on function pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[]) is
    'Internal, generated: routes a dropdown id to its generated search function (rows for dropdown_search and dropdown_lookup).';
  revoke all on function pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[]) from public;
end;
$$;

comment on function pgfirst_private.dropdown_dispatch_rebuild(boolean) is
  'Internal: rewrites the dispatcher from the registry (and, with regenerate, every generated search function).';
revoke all on function pgfirst_private.dropdown_dispatch_rebuild(boolean) from public;
--! EndIncluded functions/_internal/dropdown_dispatch_rebuild.sql
--! Included functions/dropdown/dropdown_define.sql
create or replace function pgfirst.dropdown_define(
  name text,
  query text,
  sources regclass[],
  debounce interval default '1 second',
  max_staleness interval default '30 seconds',
  view_schema text default 'pgfirst_mv'
)
returns void
language plpgsql
volatile
security definer -- writes the registry, creates the view (then owned by pgfirst_dropdown) and triggers on the sources, runs the first refresh
set search_path = pg_catalog, pg_temp
-- the lexical check in dropdown_query_check reads strings as the parser will
set standard_conforming_strings = on
as $$
#variable_conflict use_column
declare
  v_query text;
  v_columns text[];
  v_missing text[];
  v_view text := 'mv_' || name || '_dropdown';
  v_id integer;
  v_source regclass;
  v_kind "char";
begin
  if name is null or name !~ '^[a-z][a-z0-9_]{0,29}$' then
    raise exception 'a dropdown name is 1 to 30 characters of a-z, 0-9 and _, starting with a letter'
      using errcode = 'PF602', detail = pg_catalog.format('name = %L', name),
            hint = 'The view is named <view_schema>.mv_<name>_dropdown.';
  end if;
  if sources is null or pg_catalog.cardinality(sources) = 0 or pg_catalog.array_position(sources, null) is not null then
    raise exception 'a dropdown needs at least one source table' using errcode = 'PF607',
      detail = pg_catalog.format('sources = %L', sources),
      hint = 'List the tables whose changes must refresh the view, e.g. array[''demo.person'']::regclass[].';
  end if;
  foreach v_source in array sources loop
    select c.relkind into v_kind from pg_catalog.pg_class c where c.oid = v_source;
    if v_kind not in ('r', 'p') then
      raise exception 'dropdown sources must be tables' using errcode = 'PF607',
        detail = pg_catalog.format('%s is not a table (relkind %s)', v_source, v_kind),
        hint = 'Name the base tables behind a view; triggers cannot watch views or materialized views.';
    end if;
  end loop;
  if debounce is null or debounce < interval '0' or max_staleness is null or max_staleness <= debounce then
    raise exception 'debounce must be zero or more and max_staleness longer than debounce' using errcode = 'PF609',
      detail = pg_catalog.format('debounce = %s, max_staleness = %s', debounce, max_staleness);
  end if;
  if view_schema is null or not exists (select from pg_catalog.pg_namespace n where n.nspname = view_schema) then
    raise exception 'the view schema does not exist' using errcode = 'PF611',
      detail = pg_catalog.format('view_schema = %L', view_schema);
  end if;
  -- dropdown_search reads the view with the rights of the pgfirst owner: whoever could drop
  -- it and put a view of their own under its name would run code with those rights. So the
  -- schema must belong to the pgfirst owner and nobody else may create in it.
  if view_schema <> 'pgfirst_mv' and not exists (
       select from pg_catalog.pg_namespace n
        where n.nspname = dropdown_define.view_schema
          and n.nspowner = (select r.oid from pg_catalog.pg_roles r where r.rolname = current_user)
          and not exists (select from pg_catalog.aclexplode(n.nspacl) a
                           where a.privilege_type = 'CREATE' and a.grantee <> n.nspowner)) then
    raise exception 'a dropdown view schema must be owned by the pgfirst owner with CREATE granted to nobody else'
      using errcode = 'PF611',
      detail = pg_catalog.format('view_schema = %L', view_schema),
      hint = 'Use the default, pgfirst_mv.';
  end if;
  if query is null or pg_catalog.btrim(query, E' \t\r\n\f;') = '' then
    raise exception 'a dropdown query is required' using errcode = 'PF603',
      hint = 'A SELECT yielding tenant, id and text (optionally sort_key, search, group_label).';
  end if;
  -- exactly one SELECT, before any of the text reaches the parser (PF614)
  v_query := pgfirst_private.dropdown_query_check(query);

  -- Which columns does the query yield? A temporary view answers by parse analysis alone:
  -- CREATE VIEW neither plans nor runs the query (EXPLAIN or a cursor would plan it, and
  -- planning evaluates immutable functions on constants with the rights of the caller).
  if pg_catalog.to_regclass('pg_temp.pgfirst_dropdown_probe') is not null then
    drop view pg_temp.pgfirst_dropdown_probe;
  end if;
  begin
    execute pg_catalog.format(E'create temporary view pgfirst_dropdown_probe as %s\n', v_query);
  exception when feature_not_supported or syntax_error or invalid_object_definition then
    -- data-modifying WITH, SELECT INTO, or not parsable as a query
    raise exception 'a dropdown query must be exactly one SELECT (or WITH … SELECT) statement' using errcode = 'PF614',
      detail = pg_catalog.format('%s (%s); nothing was run.', sqlerrm, sqlstate),
      hint = 'Data-modifying WITH, SELECT INTO and utility statements are refused.';
  end;
  select pg_catalog.array_agg(a.attname::text order by a.attnum) into v_columns
    from pg_catalog.pg_attribute a
   where a.attrelid = 'pg_temp.pgfirst_dropdown_probe'::regclass and a.attnum > 0 and not a.attisdropped;
  select pg_catalog.array_agg(r) into v_missing
    from pg_catalog.unnest(array['tenant', 'id', 'text']) r
   where r <> all (v_columns);
  if v_missing is not null then
    raise exception 'a dropdown query must yield the columns tenant, id and text' using errcode = 'PF603',
      detail = pg_catalog.format('missing: %s; the query yields: %s', pg_catalog.array_to_string(v_missing, ', '),
                                 pg_catalog.array_to_string(v_columns, ', ')),
      hint = 'Alias them, e.g. select ''''::text as tenant, p.id::text as id, p.name as text from ...';
  end if;
  -- The refresh runs the query as pgfirst_dropdown: name every grant it lacks (PF615).
  perform pgfirst_private.dropdown_grants_check('pg_temp.pgfirst_dropdown_probe'::regclass);
  drop view pg_temp.pgfirst_dropdown_probe;

  -- Replace: remove the previous definition (view, triggers, generated function) first.
  if exists (select from pgfirst_private.dropdown d where d.name = dropdown_define.name) then
    perform pgfirst.dropdown_drop(name);
  end if;
  if pg_catalog.to_regclass(pg_catalog.format('%I.%I', view_schema, v_view)) is not null then
    raise exception 'a relation with the dropdown''s view name already exists' using errcode = 'PF611',
      detail = pg_catalog.format('%I.%I is not a pgfirst dropdown view', view_schema, v_view),
      hint = 'Choose another dropdown name or view_schema, or drop that relation.';
  end if;

  insert into pgfirst_private.dropdown (name, query, sources, debounce, max_staleness, view_schema, view_name, function_name, grouped)
  values (name, v_query, sources, debounce, max_staleness, view_schema, v_view, '', 'group_label' = any (v_columns))
  returning id into v_id;
  update pgfirst_private.dropdown d set function_name = 'dropdown_rows_' || v_id where d.id = v_id;
  -- the refresh gate's lanes (see dropdown_source_changed): only ever row-locked
  insert into pgfirst_private.dropdown_gate (dropdown_id, parity, lane)
  select v_id, p, l from pg_catalog.generate_series(0, 1) p, pg_catalog.generate_series(0, 63) l;

  -- the view (WITH NO DATA), its indexes, owned by pgfirst_dropdown
  perform pgfirst_private.dropdown_view_create(v_id);

  for v_source in select distinct s from pg_catalog.unnest(sources) s loop
    execute pg_catalog.format(
      'create trigger %I after insert or update or delete or truncate on %s for each statement execute function pgfirst_private.dropdown_source_changed(%L)',
      'pgfirst_dropdown_' || name, v_source, v_id);
  end loop;

  perform pgfirst_private.dropdown_generate(v_id);
  perform pgfirst_private.dropdown_dispatch_rebuild();
  perform pgfirst.dropdown_refresh(name);
end;
$$;

comment on function pgfirst.dropdown_define(text, text, regclass[], interval, interval, text) is
  'Creates or replaces dropdown <name>: materialized view <view_schema>.mv_<name>_dropdown from query (tenant, id, text; optional sort_key, search, group_label) with its unique, first-page and word-search (trigram) indexes, statement-level change triggers on sources, and a first (plain) refresh. The query must be exactly one SELECT (PF614); the view is owned by pgfirst_dropdown, so the query runs only with that role''s grants (PF615 names any it lacks). Takes strong locks on the sources while adding triggers.';
revoke all on function pgfirst.dropdown_define(text, text, regclass[], interval, interval, text) from public;
grant execute on function pgfirst.dropdown_define(text, text, regclass[], interval, interval, text) to pgfirst_admin;
--! EndIncluded functions/dropdown/dropdown_define.sql
--! Included functions/dropdown/dropdown_drop.sql
create or replace function pgfirst.dropdown_drop(name text)
returns boolean
language plpgsql
volatile
security definer -- removes a view, triggers and registry rows owned by pgfirst
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_d pgfirst_private.dropdown;
  v_source regclass;
begin
  select * into v_d from pgfirst_private.dropdown d where d.name = dropdown_drop.name for update;
  if not found then
    return false;
  end if;
  for v_source in select distinct s from pg_catalog.unnest(v_d.sources) s loop
    -- a source dropped since (regclass of a dropped table no longer resolves) has no trigger
    if exists (select from pg_catalog.pg_class c where c.oid = v_source) then
      execute pg_catalog.format('drop trigger if exists %I on %s', 'pgfirst_dropdown_' || v_d.name, v_source);
    end if;
  end loop;
  execute pg_catalog.format('drop materialized view if exists %I.%I', v_d.view_schema, v_d.view_name);
  delete from pgfirst_private.dropdown d where d.id = v_d.id;
  delete from pgfirst_private.dropdown_change c where c.dropdown_id = v_d.id;
  perform pgfirst_private.dropdown_dispatch_rebuild();
  if v_d.function_name <> '' then
    execute pg_catalog.format('drop function if exists pgfirst_private.%I(text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[])',
      v_d.function_name);
  end if;
  -- refresh jobs still queued for it find no dropdown and finish without work
  return true;
end;
$$;

comment on function pgfirst.dropdown_drop(text) is
  'Removes dropdown <name>: its change triggers, materialized view, generated search function and registry row. Returns false when no such dropdown exists.';
revoke all on function pgfirst.dropdown_drop(text) from public;
grant execute on function pgfirst.dropdown_drop(text) to pgfirst_admin;
--! EndIncluded functions/dropdown/dropdown_drop.sql
--! Included functions/dropdown/dropdown_search.sql
create or replace function pgfirst.dropdown_search(
  name text,
  tenant text,
  term text default '',
  page integer default 1,
  page_size integer default 30,
  after text default null
)
returns jsonb
language plpgsql
stable
security definer -- reads the dropdown views, which application roles cannot read: the tenant filter is enforced here
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_id integer;
  v_as_of timestamptz;
  v_term text;
  v_mode integer;
  v_sort text;
  v_after_id text;
  v_after_rank integer;
  v_like text[];
  v_starts text[];
  v_result jsonb;
  v_grouped boolean;
begin
  if page_size is null or page_size < 1 or page_size > 100 then
    raise exception 'page_size must be between 1 and 100' using errcode = 'PF604',
      detail = pg_catalog.format('page_size = %s', page_size);
  end if;
  -- bounds (issue 10): a huge page overflowed (page - 1) * page_size; a huge term is
  -- normalised and trigram-matched in full
  if page is null or page < 1 or page > (pgfirst_private.arg_limits()).page_max then
    raise exception 'page must be between 1 and %', (pgfirst_private.arg_limits()).page_max using errcode = 'PF605',
      detail = pg_catalog.format('page = %s', page),
      hint = 'Deep paging: pass the cursor from "next" as after => instead.';
  end if;
  if octet_length(term) > (pgfirst_private.arg_limits()).term_max_bytes then
    raise exception 'a search term is at most % bytes', (pgfirst_private.arg_limits()).term_max_bytes using errcode = 'PF612',
      detail = pg_catalog.format('term: %s bytes', octet_length(term));
  end if;
  if tenant is null then
    raise exception 'tenant is required (use '''' when the dropdown has no tenants)' using errcode = 'PF608';
  end if;
  select d.id, d.last_refresh_at, d.grouped into v_id, v_as_of, v_grouped
    from pgfirst_private.dropdown d where d.name = dropdown_search.name;
  if not found then
    raise exception 'dropdown "%" is not defined', name using errcode = 'PF601',
      hint = 'Define it with pgfirst.dropdown_define; the defined ones are listed in pgfirst.dropdown_status.';
  end if;
  if after is not null then
    select c.sort_key, c.id, c.rank into v_sort, v_after_id, v_after_rank from pgfirst_private.dropdown_cursor_decode(after) c;
  end if;

  -- Words (issue 16): the term is folded like the view's label_key and haystack (lower case,
  -- no accents, punctuation and spaces -> one space) and split into words; every word must
  -- match, in any order: one of 3+ characters anywhere, a shorter one at the start of a word
  -- (' wo' in the haystack, whose words sit between single spaces). The folded text holds no
  -- LIKE wildcard, so the patterns need no escaping. A term of punctuation only matches nothing.
  v_term := pg_catalog.btrim(coalesce(term, ''));
  if v_term = '' then
    v_mode := 0;
  else
    v_mode := 2;
    v_term := pgfirst_private.dropdown_fold(v_term);
    if v_term = '' then
      return pg_catalog.jsonb_build_object('results', '[]'::jsonb, 'pagination', pg_catalog.jsonb_build_object('more', false),
                                           'as_of', v_as_of, 'next', null);
    end if;
    -- longest words first: the first two drive the trigram index
    select pg_catalog.array_agg(case when pg_catalog.length(w.w) >= 3 then '%' || w.w || '%' else '% ' || w.w || '%' end
                                order by pg_catalog.length(w.w) desc, w.w),
           pg_catalog.array_agg('% ' || w.w || '%' order by w.w)
      into v_like, v_starts
      from (select distinct x.w from pg_catalog.unnest(pg_catalog.string_to_array(v_term, ' ')) x(w)) w;
    v_after_rank := coalesce(v_after_rank, 0);
  end if;

  -- one more row than the page tells whether there is a next page (no COUNT)
  if not v_grouped then
    -- built as json (text, no per-object key sorting), cast to jsonb once
    select pg_catalog.json_build_object(
             'results', coalesce(pg_catalog.json_agg(pg_catalog.json_build_object('id', x.r_id, 'text', x.r_text)
                                   order by x.n) filter (where x.n <= page_size), '[]'::json),
             'pagination', pg_catalog.json_build_object('more', pg_catalog.count(*) > page_size),
             'as_of', v_as_of,
             'next', case when pg_catalog.count(*) > page_size then
                       pg_catalog.translate(pg_catalog.encode(pg_catalog.convert_to(
                         (pg_catalog.array_agg(case when x.r_rank is null then pg_catalog.jsonb_build_array(x.r_sort_key, x.r_id)
                                                    else pg_catalog.jsonb_build_array(x.r_sort_key, x.r_id, x.r_rank) end)
                           filter (where x.n = page_size))[1]::text,
                         'UTF8'), 'base64'), E'+/=\n', '-_')
                     end)::jsonb
      into v_result
      from pgfirst_private.dropdown_dispatch(v_id, tenant, v_term, v_mode, page_size + 1,
             case when after is null then (page - 1) * page_size else 0 end, v_sort, v_after_id, v_like, v_starts,
             v_after_rank, v_term || pg_catalog.chr(1114111), v_like[3:])
           with ordinality as x(r_id, r_text, r_sort_key, r_group, r_rank, n);
    return v_result;
  end if;

  -- grouped: consecutive rows with the same group_label form one Select2 group
  with r as (
    select x.r_id as id, x.r_text as text, x.r_sort_key as sort_key, x.r_group as grp, x.r_rank as rank, x.n
      from pgfirst_private.dropdown_dispatch(v_id, tenant, v_term, v_mode, page_size + 1,
             case when after is null then (page - 1) * page_size else 0 end, v_sort, v_after_id, v_like, v_starts,
             v_after_rank, v_term || pg_catalog.chr(1114111), v_like[3:])
           with ordinality as x(r_id, r_text, r_sort_key, r_group, r_rank, n)
  ),
  pg as (
    select r.*, case when r.grp is null then r.n
                     else r.n - pg_catalog.row_number() over (partition by r.grp order by r.n) end as island
      from r where r.n <= page_size
  ),
  items as (
    select pg_catalog.min(pg.n) as first_n, pg.grp,
           pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', pg.id, 'text', pg.text) order by pg.n) as children
      from pg group by pg.grp, pg.island
  )
  select pg_catalog.jsonb_build_object(
           'results', coalesce((select pg_catalog.jsonb_agg(
                                   case when i.grp is null then i.children -> 0
                                        else pg_catalog.jsonb_build_object('text', i.grp, 'children', i.children) end
                                   order by i.first_n) from items i), '[]'::jsonb),
           'pagination', pg_catalog.jsonb_build_object('more', exists (select from r where r.n > page_size)),
           'as_of', v_as_of,
           'next', (select pg_catalog.translate(pg_catalog.encode(pg_catalog.convert_to(
                             case when l.rank is null then pg_catalog.jsonb_build_array(l.sort_key, l.id)
                                  else pg_catalog.jsonb_build_array(l.sort_key, l.id, l.rank) end::text, 'UTF8'), 'base64'), E'+/=\n', '-_')
                      from r l where l.n = page_size and exists (select from r where r.n > page_size)))
    into v_result;
  return v_result;
end;
$$;

comment on function pgfirst.dropdown_search(text, text, text, integer, integer, text) is
  'Select2 AJAX page of dropdown <name> for one tenant: {"results":[{"id","text"}] (or groups with "children"), "pagination":{"more"}, "as_of": refresh time, "next": keyset cursor for after}. Every word of the term must match the label or search text (any order; case, accents and punctuation ignored; 3+ character words anywhere, shorter ones at a word start); exact and prefix label matches rank first; no COUNT. One statement, static plans.';
revoke all on function pgfirst.dropdown_search(text, text, text, integer, integer, text) from public;
grant execute on function pgfirst.dropdown_search(text, text, text, integer, integer, text) to pgfirst_app;
--! EndIncluded functions/dropdown/dropdown_search.sql
--! Included functions/dropdown/dropdown_lookup.sql
create or replace function pgfirst.dropdown_lookup(name text, tenant text, ids text[])
returns table(id text, text text)
language plpgsql
stable
security definer -- reads the dropdown views, which application roles cannot read: the tenant filter is enforced here
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_id integer;
begin
  if tenant is null then
    raise exception 'tenant is required (use '''' when the dropdown has no tenants)' using errcode = 'PF608';
  end if;
  if pg_catalog.cardinality(ids) > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'dropdown_lookup takes at most % ids', (pgfirst_private.arg_limits()).batch_max using errcode = 'PF613',
      detail = pg_catalog.format('%s ids', pg_catalog.cardinality(ids));
  end if;
  select d.id into v_id from pgfirst_private.dropdown d where d.name = dropdown_lookup.name;
  if not found then
    raise exception 'dropdown "%" is not defined', name using errcode = 'PF601',
      hint = 'Define it with pgfirst.dropdown_define; the defined ones are listed in pgfirst.dropdown_status.';
  end if;
  if ids is null or pg_catalog.cardinality(ids) = 0 then
    return;
  end if;
  -- in the order asked for; unknown ids (or other tenants' ids) are simply absent
  return query
    select x.r_id, x.r_text
      from pgfirst_private.dropdown_dispatch(v_id, dropdown_lookup.tenant, null, 3, null, null, null, null, ids, null, null, null, null) x
      join lateral (select pg_catalog.min(o.n) as n
                      from pg_catalog.unnest(ids) with ordinality as o(v, n) where o.v = x.r_id) o on true
     order by o.n;
end;
$$;

comment on function pgfirst.dropdown_lookup(text, text, text[]) is
  'Labels of preselected values: (id, text) for the given ids of one tenant, in the order given; ids that do not exist for that tenant are absent.';
revoke all on function pgfirst.dropdown_lookup(text, text, text[]) from public;
grant execute on function pgfirst.dropdown_lookup(text, text, text[]) to pgfirst_app;
--! EndIncluded functions/dropdown/dropdown_lookup.sql

-- Existing dropdowns: rebuild their views in the new shape. Views that others read go last
-- when dropping and first when creating (the order of refresh_materialized_views); a view of
-- someone else's that reads a dropdown view makes the DROP fail, and with it the migration
-- (nothing is dropped with CASCADE). Each view is refreshed here (plainly: readers of the
-- new view wait for this transaction anyway).
do $do$
declare
  v_order text[];
  v_i integer;
  v_id integer;
begin
  with recursive
  registered as (
    select d.id, d.name, pg_catalog.format('%I.%I', d.view_schema, d.view_name)::regclass::oid as relid
      from pgfirst_private.dropdown d
     where pg_catalog.to_regclass(pg_catalog.format('%I.%I', d.view_schema, d.view_name)) is not null
  ),
  edge as (
    select distinct rw.ev_class as r, dep.refobjid as ref
      from pg_catalog.pg_rewrite rw
      join pg_catalog.pg_depend dep on dep.classid = 'pg_catalog.pg_rewrite'::regclass and dep.objid = rw.oid
     where dep.refclassid = 'pg_catalog.pg_class'::regclass and dep.refobjid <> rw.ev_class
  ),
  reach (root, relid, depth) as (
    select g.relid, e.ref, 1 from registered g join edge e on e.r = g.relid
    union
    select r.root, e.ref, r.depth + 1 from reach r join edge e on e.r = r.relid where r.depth < 32
  )
  select pg_catalog.array_agg(g.name order by coalesce(x.depth, 0), g.name) into v_order
    from registered g
    left join lateral (
      select pg_catalog.max(r.depth) as depth
        from reach r join registered below on below.relid = r.relid
       where r.root = g.relid
    ) x on true;
  if v_order is null then
    perform pgfirst_private.dropdown_dispatch_rebuild(true);
    return;
  end if;
  for v_i in reverse pg_catalog.cardinality(v_order) .. 1 loop
    execute (select pg_catalog.format('drop materialized view %I.%I', d.view_schema, d.view_name)
               from pgfirst_private.dropdown d where d.name = v_order[v_i]);
  end loop;
  for v_i in 1 .. pg_catalog.cardinality(v_order) loop
    select d.id into v_id from pgfirst_private.dropdown d where d.name = v_order[v_i];
    perform pgfirst_private.dropdown_view_create(v_id);
    perform pgfirst.dropdown_refresh(v_order[v_i]);
  end loop;
  perform pgfirst_private.dropdown_dispatch_rebuild(true);
end
$do$;

--! Included functions/_internal/hot_settings.sql
-- Settings read on every call of a hot path, as constants the planner folds in.
--
-- cache_get / cache_get_many read cache.stats_sample_rate and session_get reads
-- session.touch_interval on every call. As a join with pgfirst_private.setting that read was
-- a fifth of the server instructions of cache_get (callgrind: 236k → 190k per call without
-- it; docs/benchmarks.md, "Where the time goes"): a second relation opened, locked and probed.
-- Here each value is the body of an IMMUTABLE `language sql` function without SET, which
-- the planner inlines and folds into the caller's cached plan. hot_settings_sync() rewrites
-- the bodies from pgfirst_private.setting; the trigger setting__hot_sync runs it after every
-- change of the table (setting_set, a reset, setting_register, a migration), so the
-- setting stays the one source of truth. Replacing a function invalidates every cached plan
-- that inlined it (PostgreSQL records the dependency), in every session, from the commit on:
-- a change takes effect at the next call, as the join did.
--
-- Security: the bodies are generated from values setting_set already type- and
-- range-checked, rendered through pg_catalog.format with %L/%s of a typed value (a number,
-- interval parts), never from text. Only the owner can replace the functions (the sync runs
-- in the trigger of a table only the owner and pgfirst's SECURITY DEFINER functions write).
create or replace function pgfirst_private.hot_cache_stats_sample_rate()
returns double precision
language sql
immutable
parallel safe
as $$ select 0.01::double precision $$;

comment on function pgfirst_private.hot_cache_stats_sample_rate() is
  'Internal, inlined, generated by hot_settings_sync: the value of setting cache.stats_sample_rate as a constant.';
revoke all on function pgfirst_private.hot_cache_stats_sample_rate() from public;

create or replace function pgfirst_private.hot_session_touch_interval()
returns interval
language sql
immutable
parallel safe
as $$ select pg_catalog.make_interval(0, 0, 0, 0, 0, 0, 60) $$;

comment on function pgfirst_private.hot_session_touch_interval() is
  'Internal, inlined, generated by hot_settings_sync: the value of setting session.touch_interval as a constant.';
revoke all on function pgfirst_private.hot_session_touch_interval() from public;

create or replace function pgfirst_private.hot_settings_sync()
returns void
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_rate double precision;
  v_touch interval;
  v_months bigint;
  v_days bigint;
  v_secs numeric;
  v_body text;
begin
  select (coalesce(s.value, s.default_value) #>> '{}')::double precision into v_rate
    from pgfirst_private.setting s where s.name = 'cache.stats_sample_rate';
  v_body := pg_catalog.format('select %s::double precision', coalesce(v_rate, 0.01)::text);
  if v_body is distinct from (select p.prosrc from pg_catalog.pg_proc p
                               where p.oid = 'pgfirst_private.hot_cache_stats_sample_rate()'::regprocedure) then
    execute pg_catalog.format(
      'create or replace function pgfirst_private.hot_cache_stats_sample_rate() returns double precision '
      'language sql immutable parallel safe as %L', v_body);
  end if;

  select (coalesce(s.value, s.default_value) #>> '{}')::interval into v_touch
    from pgfirst_private.setting s where s.name = 'session.touch_interval';
  v_touch := coalesce(v_touch, interval '1 minute');
  -- parts, so the body does not depend on IntervalStyle: months, days, seconds
  v_months := extract(year from v_touch)::bigint * 12 + extract(month from v_touch)::bigint;
  v_days := extract(day from v_touch)::bigint;
  v_secs := extract(epoch from v_touch) - (v_months * 30 + v_days) * 86400;
  v_body := pg_catalog.format('select pg_catalog.make_interval(0, %s, 0, %s, 0, 0, %s)', v_months, v_days, v_secs);
  if v_body is distinct from (select p.prosrc from pg_catalog.pg_proc p
                               where p.oid = 'pgfirst_private.hot_session_touch_interval()'::regprocedure) then
    execute pg_catalog.format(
      'create or replace function pgfirst_private.hot_session_touch_interval() returns interval '
      'language sql immutable parallel safe as %L', v_body);
  end if;
end;
$$;

comment on function pgfirst_private.hot_settings_sync() is
  'Internal: rewrites the constant bodies of hot_cache_stats_sample_rate and hot_session_touch_interval from pgfirst_private.setting (run by trigger setting__hot_sync).';
revoke all on function pgfirst_private.hot_settings_sync() from public;
--! EndIncluded functions/_internal/hot_settings.sql
--! Included triggers/setting__hot_sync.sql
-- After any change of pgfirst_private.setting: re-generate the hot-path setting constants
-- (sql/functions/_internal/hot_settings.sql explains why they exist).
create or replace function pgfirst_private.setting_hot_sync()
returns trigger
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  perform pgfirst_private.hot_settings_sync();
  return null;
end;
$$;

comment on function pgfirst_private.setting_hot_sync() is
  'Internal trigger function: after any change of pgfirst_private.setting, re-generates the hot-path setting constants (hot_settings_sync).';
revoke all on function pgfirst_private.setting_hot_sync() from public;
--! EndIncluded triggers/setting__hot_sync.sql
drop trigger if exists setting__hot_sync on pgfirst_private.setting;
create trigger setting__hot_sync
  after insert or update or delete or truncate on pgfirst_private.setting
  for each statement execute function pgfirst_private.setting_hot_sync();
select pgfirst_private.hot_settings_sync();
--! Included functions/cache/cache_get.sql
create or replace function pgfirst.cache_get(
  namespace text,
  key text,
  tenant text default '',
  now timestamptz default null
)
returns jsonb
language plpgsql
volatile -- records a sampled hit/miss (cache.stats_sample_rate)
security definer -- reads pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_value jsonb;
  v_rate double precision;
  v_ok boolean;
begin
  -- Hot path: the address rules are tested inline (a nested function call costs more than
  -- the lookup); cache_check only runs to raise the right PF error.
  if not (pgfirst_private.cache_address_ok(cache_get.namespace, cache_get.tenant, cache_get.key)
          and pgfirst_private.arg_time_ok(cache_get.now)) then
    v_ok := pgfirst_private.cache_check(cache_get.namespace, cache_get.tenant, array[cache_get.key]);
    perform pgfirst_private.arg_time(cache_get.now, 'now');
  end if;
  -- One index probe. The stats sample rate is a constant folded into this cached plan
  -- (hot_cache_stats_sample_rate, regenerated when the setting changes): reading it from
  -- pgfirst_private.setting cost a fifth of this function's server time.
  select e.value
    into v_value
    from pgfirst_private.cache_entry e
   where e.tenant = cache_get.tenant
     and e.namespace = cache_get.namespace
     and e.key = cache_get.key
     and (e.expires_at is null or e.expires_at > coalesce(cache_get.now, pg_catalog.now()));
  v_rate := pgfirst_private.hot_cache_stats_sample_rate();
  if pg_catalog.random() < v_rate then
    v_ok := pgfirst_private.cache_stat_sample(cache_get.namespace, cache_get.tenant,
                                              (v_value is not null)::int, (v_value is null)::int, v_rate);
  end if;
  return v_value;
end;
$$;

comment on function pgfirst.cache_get(text, text, text, timestamptz) is
  'The live value of (tenant, namespace, key), or null when missing or expired (Redis GET). Never deletes; one primary-key lookup; a sampled fraction of calls records the hit/miss.';
revoke all on function pgfirst.cache_get(text, text, text, timestamptz) from public;
grant execute on function pgfirst.cache_get(text, text, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/cache/cache_get.sql
--! Included functions/cache/cache_get_many.sql
create or replace function pgfirst.cache_get_many(
  namespace text,
  keys text[],
  tenant text default '',
  now timestamptz default null
)
returns table (key text, value jsonb)
language plpgsql
volatile -- records a sampled hit/miss (cache.stats_sample_rate)
security definer -- reads pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_ok boolean;
  v_found bigint;
  v_bad_keys bigint;
  v_rate double precision;
begin
  -- One statement for the rules (address test inlined); cache_check raises the precise PF error only when a rule is broken (a null list
  -- counts as an invalid key).
  select count(*) filter (where not pgfirst_private.cache_address_ok(cache_get_many.namespace, cache_get_many.tenant, k.k))
    into v_bad_keys
    from unnest(coalesce(cache_get_many.keys, array[null::text])) k(k);
  v_rate := pgfirst_private.hot_cache_stats_sample_rate();  -- a constant in the cached plan (hot_settings.sql)
  if v_bad_keys > 0 or not pgfirst_private.cache_address_ok(cache_get_many.namespace, cache_get_many.tenant, 'k')
     or pg_catalog.cardinality(cache_get_many.keys) > (pgfirst_private.arg_limits()).batch_max
     or not pgfirst_private.arg_time_ok(cache_get_many.now) then
    v_ok := pgfirst_private.cache_check(cache_get_many.namespace, cache_get_many.tenant,
                                        coalesce(cache_get_many.keys, array[null::text]));
    perform pgfirst_private.arg_time(cache_get_many.now, 'now');
  end if;
  return query
    select e.key, e.value
      from pgfirst_private.cache_entry e
     where e.tenant = cache_get_many.tenant
       and e.namespace = cache_get_many.namespace
       and e.key = any (cache_get_many.keys)
       and (e.expires_at is null or e.expires_at > coalesce(cache_get_many.now, pg_catalog.now()));
  get diagnostics v_found = row_count;
  if pg_catalog.random() < v_rate then
    v_ok := pgfirst_private.cache_stat_sample(cache_get_many.namespace, cache_get_many.tenant, v_found,
              cardinality(cache_get_many.keys) - v_found, v_rate);
  end if;
end;
$$;

comment on function pgfirst.cache_get_many(text, text[], text, timestamptz) is
  'The live entries among keys, one row per key found (missing and expired keys are left out; Redis MGET). One index scan with the key array; never deletes.';
revoke all on function pgfirst.cache_get_many(text, text[], text, timestamptz) from public;
grant execute on function pgfirst.cache_get_many(text, text[], text, timestamptz) to pgfirst_app;
--! EndIncluded functions/cache/cache_get_many.sql
--! Included functions/session/session_get.sql
-- The per-request hot path. One round trip: a plain indexed read, and only when the last
-- touch is older than session.touch_interval, a conditional UPDATE sliding the idle expiry
-- (a HOT update: last_seen_at has no index). Most calls therefore run one SELECT and write
-- nothing. The UPDATE re-checks the touch condition on the row it locks, so concurrent
-- readers of a due session write it once, not once each; it also skips a session destroyed
-- in between (the read then returns what was live when it started). The token hash and
-- the setting (a planner constant, see hot_settings.sql) are computed inline: a nested helper would pay for its own search_path switch
-- (measured: the plain SELECT form costs about a third less server time than a CTE with
-- the UPDATE in it).
create or replace function pgfirst.session_get(token text, now timestamptz default null)
returns table(user_id text, tenant text, data jsonb, created_at timestamptz, last_seen_at timestamptz, expires_at timestamptz)
language plpgsql
volatile
security definer -- reads and touches pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_hash bytea;
  v_row record;
  v_seen timestamptz;
begin
  if token is null or token = '' then
    raise exception 'a session token must be a non-empty string'
      using errcode = 'PF201',
            hint = 'Pass the token returned by session_create or session_rotate.';
  end if;
  v_hash := pg_catalog.sha256(pg_catalog.convert_to(token, 'UTF8'));

  select x.user_id, x.tenant, x.data, x.created_at, x.last_seen_at, x.idle_timeout, x.absolute_expires_at,
         -- session.touch_interval as a constant folded into this cached plan
         -- (hot_session_touch_interval, regenerated when the setting changes)
         v_now - pgfirst_private.hot_session_touch_interval() as touch_before
    into v_row
    from pgfirst_private.session x
   where x.token_hash = v_hash
     and x.revoked_at is null
     and x.absolute_expires_at > v_now
     and x.last_seen_at + x.idle_timeout > v_now;
  if not found then
    return;
  end if;

  v_seen := v_row.last_seen_at;
  if v_row.last_seen_at <= v_row.touch_before then
    update pgfirst_private.session u
       set last_seen_at = v_now
     where u.token_hash = v_hash
       and u.last_seen_at <= v_row.touch_before
       and u.revoked_at is null
    returning u.last_seen_at into v_seen;
    v_seen := coalesce(v_seen, v_row.last_seen_at);
  end if;

  return query select v_row.user_id, v_row.tenant, v_row.data, v_row.created_at, v_seen,
                      least(v_seen + v_row.idle_timeout, v_row.absolute_expires_at);
end;
$$;

comment on function pgfirst.session_get(text, timestamptz) is
  'The live session for a token (zero rows when unknown, expired or destroyed). Slides the idle expiry but writes at most once per session.touch_interval, so most reads are one index probe and write nothing. One round trip.';
revoke all on function pgfirst.session_get(text, timestamptz) from public;
grant execute on function pgfirst.session_get(text, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_get.sql

-- ---- job dependencies, workflows and results (issue 15, items 1-2; docs/jobs.md) ----
-- A job with unresolved dependencies is 'waiting': outside the claim index predicate
-- (state in ('pending', 'failed')), so job_claim never sees it. The transaction that
-- finishes its last dependency promotes it to 'pending' (pgfirst_private.job_settle).
alter table pgfirst_private.job drop constraint if exists job_state_live;
alter table pgfirst_private.job add constraint job_state_live
  check (state in ('waiting', 'pending', 'failed', 'running'));
-- Flags read by the finishing transaction: only jobs with has_dependents or a workflow_id
-- pay for dependency resolution (the hot completion path tests two in-memory fields).
alter table pgfirst_private.job add column if not exists has_dependents boolean not null default false;
alter table pgfirst_private.job add column if not exists workflow_id bigint;
alter table pgfirst_private.job add column if not exists on_dependency_failure text;
alter table pgfirst_private.job drop constraint if exists job_on_dependency_failure_known;
alter table pgfirst_private.job add constraint job_on_dependency_failure_known
  check (on_dependency_failure is null or on_dependency_failure in ('fail', 'cancel', 'run'));
comment on column pgfirst_private.job.has_dependents is
  'True once another job depends on this one: its finish is recorded in job_result and its dependents resolved.';
comment on column pgfirst_private.job.workflow_id is
  'The workflow (pgfirst_private.workflow) this job is a step of; its finish is recorded in job_result.';
comment on column pgfirst_private.job.on_dependency_failure is
  'What a dead or cancelled dependency does to this job: fail (it becomes dead), cancel (cancelled) or run (it runs anyway); null when it has no dependencies.';

-- Edges child -> parent, kept until the child is promoted or finished, so a parent's
-- record (job_result) is never purged while a dependent still needs it. position is the
-- index in depends_on (the order of parent_results).
create table if not exists pgfirst_private.job_dependency (
  job_id bigint not null,
  depends_on bigint not null,
  position integer not null,
  constraint job_dependency_pkey primary key (job_id, depends_on),
  constraint job_dependency_no_self check (job_id <> depends_on)
);
create index if not exists job_dependency_parent_idx on pgfirst_private.job_dependency (depends_on);
comment on table pgfirst_private.job_dependency is
  'Dependency edges (job_id waits for depends_on) of jobs not yet promoted or finished; see pgfirst_private.job_settle.';

-- The durable finish record of jobs that matter after they finish: jobs with dependents,
-- workflow steps and jobs completed with a result. Purged by maintenance after
-- job.result_retention unless an edge still points at it.
create table if not exists pgfirst_private.job_result (
  id bigint not null,
  state text not null,
  result jsonb,
  workflow_id bigint,
  finished_at timestamptz not null,
  constraint job_result_pkey primary key (id),
  constraint job_result_state check (state in ('done', 'dead', 'cancelled'))
);
create index if not exists job_result_finished_idx on pgfirst_private.job_result (finished_at);
comment on table pgfirst_private.job_result is
  'Finish records (state, optional JSON result) of jobs with dependents, workflow steps and jobs completed with a result; kept job.result_retention and while a dependent still waits.';

alter table pgfirst_private.job_archive add column if not exists result jsonb;

create sequence if not exists pgfirst_private.workflow_id_seq as bigint;
create table if not exists pgfirst_private.workflow (
  id bigint not null default pg_catalog.nextval('pgfirst_private.workflow_id_seq'),
  name text,
  tenant text not null default '',
  created_at timestamptz not null,
  constraint workflow_pkey primary key (id)
);
alter sequence pgfirst_private.workflow_id_seq owned by pgfirst_private.workflow.id;
create index if not exists workflow_created_idx on pgfirst_private.workflow (created_at);
comment on table pgfirst_private.workflow is
  'Workflows enqueued by pgfirst.workflow_enqueue; purged with their steps after job.result_retention once no step is live.';
create table if not exists pgfirst_private.workflow_step (
  workflow_id bigint not null references pgfirst_private.workflow (id) on delete cascade,
  position integer not null,
  job_id bigint not null,
  name text,
  group_id text,
  constraint workflow_step_pkey primary key (workflow_id, position)
);
comment on table pgfirst_private.workflow_step is
  'The jobs of a workflow in document order; group_id is the JSON path of the innermost group node holding the step ($.chain[1] ...), null outside groups.';

select pgfirst_private.setting_register('job.result_retention', 'interval', '"1 day"',
  'Finish records and results (pgfirst_private.job_result) and finished workflows are purged by maintenance after this long (never while a dependent job still waits on them).',
  '"0 seconds"', '"100 years"');

--! Included functions/_internal/job_resolve.sql
-- Resolves waiting jobs against their dependencies' finish records (job_result): a job
-- with a dead or cancelled dependency and policy fail | cancel is deleted and returned
-- (new_state dead | cancelled) for the caller to record; a job whose every dependency is
-- done (or finished at all, with policy run) becomes pending with the dependencies'
-- results in payload.parent_results (depends_on order). The caller holds the row locks
-- of the children (job_settle) or created them in this transaction (job_depend).
create or replace function pgfirst_private.job_resolve(children bigint[], now timestamptz)
returns table(job pgfirst_private.job, new_state text)
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_failing bigint[];
  v_queues text[];
begin
  -- 1. children with a dead or cancelled dependency (policy fail or cancel) leave the hot table
  with x as (
    select distinct on (e.job_id) e.job_id, r.id as parent, r.state as parent_state
      from pgfirst_private.job_dependency e
      join pgfirst_private.job_result r on r.id = e.depends_on
     where e.job_id = any (job_resolve.children)
       and r.state in ('dead', 'cancelled')
     order by e.job_id, e.position
  ), u as (
    update pgfirst_private.job c
       set last_error = pg_catalog.format('dependency %s is %s', x.parent, x.parent_state),
           updated_at = job_resolve.now
      from x
     where c.id = x.job_id and c.state = 'waiting' and c.on_dependency_failure is distinct from 'run'
    returning c.id
  )
  select pg_catalog.array_agg(u.id) into v_failing from u;
  if v_failing is not null then
    return query
      with d as (
        delete from pgfirst_private.job j where j.id = any (v_failing) returning j
      )
      select d.j, case when (d.j).on_dependency_failure = 'cancel' then 'cancelled' else 'dead' end
        from d;
  end if;

  -- 2. children whose every dependency is satisfied become pending, with the results
  with ready as (
    select c.id
      from pgfirst_private.job c
     where c.id = any (job_resolve.children)
       and c.state = 'waiting'
       and not exists (
             select 1
               from pgfirst_private.job_dependency e
               left join pgfirst_private.job_result r on r.id = e.depends_on
              where e.job_id = c.id
                and not (r.state is not null and (r.state = 'done' or c.on_dependency_failure = 'run')))
  ), res as (
    select e.job_id, pg_catalog.jsonb_agg(r.result order by e.position) as results
      from pgfirst_private.job_dependency e
      left join pgfirst_private.job_result r on r.id = e.depends_on
     where e.job_id in (select ready.id from ready)
     group by e.job_id
  ), up as (
    update pgfirst_private.job j
       set state = 'pending',
           updated_at = job_resolve.now,
           payload = case when pg_catalog.jsonb_typeof(j.payload) = 'object'
                          then j.payload || pg_catalog.jsonb_build_object('parent_results', res.results)
                          else j.payload end
      from res
     where j.id = res.job_id
    returning j.id, j.queue, j.run_at
  ), gone as (
    delete from pgfirst_private.job_dependency e using up where e.job_id = up.id
  )
  select pg_catalog.array_agg(distinct up.queue) filter (where up.run_at <= job_resolve.now)
    into v_queues from up;
  perform pgfirst_private.job_notify(q) from pg_catalog.unnest(v_queues) q;
end;
$$;

comment on function pgfirst_private.job_resolve(bigint[], timestamptz) is
  'Internal: promotes waiting jobs whose dependencies are all satisfied (results into payload.parent_results) and deletes and returns those failed by a dead or cancelled dependency (policy fail or cancel).';
revoke all on function pgfirst_private.job_resolve(bigint[], timestamptz) from public;
--! EndIncluded functions/_internal/job_resolve.sql
--! Included functions/_internal/job_settle.sql
-- Called by job_finished for jobs that have dependents, belong to a workflow or were still
-- waiting on dependencies. Records their finish (job_result), drops their own edges, then
-- resolves their dependents round by round (no recursion: a failed dependency fails or
-- cancels its dependents transitively, one round per level of the DAG).
--
-- Concurrency: the children of a round are row-locked in id order before they are
-- resolved. Two transactions finishing two dependencies of one child serialise on the
-- child's row; the second one's next statement takes a fresh snapshot and sees the first
-- one's finish record, so exactly one of them promotes the child, never neither (and
-- never early: an unfinished dependency has no record).
create or replace function pgfirst_private.job_settle(
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
#variable_conflict use_column
declare
  v_ids bigint[];
  v_states text[];
  v_wf bigint[];
  v_dep boolean[];
  v_parents bigint[];
  v_children bigint[];
  v_failed pgfirst_private.job[];
  v_failed_states text[];
  v_strip jsonb := '{"has_dependents": false, "workflow_id": null, "state": "running"}';
  v_round integer := 0;
begin
  select pg_catalog.array_agg(j.id), pg_catalog.array_agg(job_settle.state), pg_catalog.array_agg(j.workflow_id),
         pg_catalog.array_agg(j.has_dependents)
    into v_ids, v_states, v_wf, v_dep
    from pg_catalog.unnest(jobs) j
   where j.has_dependents or j.workflow_id is not null or j.state = 'waiting';

  while v_ids is not null loop
    v_round := v_round + 1;
    -- finish records (a result stored by job_complete stays)
    insert into pgfirst_private.job_result as r (id, state, workflow_id, finished_at)
    select f.id, f.state, f.wf, job_settle.now
      from rows from (pg_catalog.unnest(v_ids), pg_catalog.unnest(v_states), pg_catalog.unnest(v_wf), pg_catalog.unnest(v_dep)) as f(id, state, wf, dep)
     where f.dep or f.wf is not null
    on conflict on constraint job_result_pkey do update
       set state = excluded.state, workflow_id = excluded.workflow_id, finished_at = excluded.finished_at;
    -- a job that finished while waiting (cancelled, failed by a dependency) waits no more
    delete from pgfirst_private.job_dependency e where e.job_id = any (v_ids);

    select pg_catalog.array_agg(f.id) into v_parents
      from rows from (pg_catalog.unnest(v_ids), pg_catalog.unnest(v_dep)) as f(id, dep)
     where f.dep;
    exit when v_parents is null;

    -- lock the dependents in id order (see the header): a separate statement, so the
    -- resolution below sees every finish record committed before the locks were granted
    select pg_catalog.array_agg(c.id) into v_children
      from (select j.id
              from pgfirst_private.job j
             where j.id in (select e.job_id from pgfirst_private.job_dependency e where e.depends_on = any (v_parents))
             order by j.id
               for no key update of j) c;
    exit when v_children is null;

    select pg_catalog.array_agg(x.job), pg_catalog.array_agg(x.new_state)
      into v_failed, v_failed_states
      from pgfirst_private.job_resolve(v_children, job_settle.now) x;
    exit when v_failed is null;

    -- dead letters / archive for the failed dependents, without re-entering job_settle
    -- (the flags are stripped from the copies; this loop settles them next round)
    perform pgfirst_private.job_finished(
              pg_catalog.array_agg(pg_catalog.jsonb_populate_record(null::pgfirst_private.job,
                                   pg_catalog.to_jsonb(v_failed[i]) || v_strip)),
              v_failed_states[i], job_settle.now)
       from pg_catalog.generate_subscripts(v_failed, 1) i
      group by v_failed_states[i];

    select pg_catalog.array_agg((v_failed[i]).id), pg_catalog.array_agg(v_failed_states[i]),
           pg_catalog.array_agg((v_failed[i]).workflow_id), pg_catalog.array_agg((v_failed[i]).has_dependents)
      into v_ids, v_states, v_wf, v_dep
      from pg_catalog.generate_subscripts(v_failed, 1) i;
  end loop;
end;
$$;

comment on function pgfirst_private.job_settle(pgfirst_private.job[], text, timestamptz) is
  'Internal (job_finished): records finished jobs that have dependents or belong to a workflow, and promotes, fails or cancels their dependents transitively (per on_dependency_failure).';
revoke all on function pgfirst_private.job_settle(pgfirst_private.job[], text, timestamptz) from public;
--! EndIncluded functions/_internal/job_settle.sql
--! Included functions/_internal/job_depend.sql
-- Attaches dependencies to a job just inserted in this transaction in state 'waiting'
-- (job_enqueue, job_enqueue_many, workflow_enqueue). Input validated by the caller except
-- the ids themselves.
--
-- Race with a dependency finishing concurrently: live dependencies are row-locked first
-- (and flagged has_dependents), so a transaction deleting one of them waits for this one
-- to commit and then sees its edge; a dependency that finished before the lock was taken
-- is looked up afterwards (next statement, fresh snapshot) in the finish records, the dead
-- letters and the archive. An id that was issued (at most the sequence's last value) but
-- is found nowhere finished without a record: done jobs are deleted unless their queue
-- keeps finished jobs, dead letters are kept job.dead_retention, so it counts as done.
create or replace function pgfirst_private.job_depend(
  job_id bigint,
  depends_on bigint[],
  now timestamptz
)
returns void
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_last bigint;
  v_unknown bigint;
  v_failed pgfirst_private.job[];
  v_state text;
begin
  if pg_catalog.array_position(depends_on, null) is not null then
    raise exception 'depends_on must not contain null' using errcode = 'PF430';
  end if;
  if pg_catalog.cardinality(depends_on) > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'a job depends on at most % jobs', (pgfirst_private.arg_limits()).batch_max using errcode = 'PF415',
      detail = pg_catalog.format('%s dependencies.', pg_catalog.cardinality(depends_on));
  end if;
  if job_depend.job_id = any (depends_on) then
    raise exception 'a job cannot depend on itself' using errcode = 'PF430';
  end if;

  -- 1. live dependencies: lock (id order) and flag them
  perform from (select j.id from pgfirst_private.job j where j.id = any (depends_on) order by j.id
                  for no key update of j) l;
  update pgfirst_private.job j set has_dependents = true
   where j.id = any (depends_on) and not j.has_dependents;

  -- 2. finished dependencies without a finish record get one (state and result from the
  -- dead letters or the archive; found nowhere = done without a result, see above)
  select s.last_value into v_last from pgfirst_private.job_id_seq s;
  select d.id into v_unknown
    from pg_catalog.unnest(depends_on) d(id)
   where (d.id < 1 or d.id > v_last)
     and not exists (select 1 from pgfirst_private.job j where j.id = d.id)
   limit 1;
  if found then
    raise exception 'job % does not exist, so no job can depend on it', v_unknown using errcode = 'PF431',
      hint = 'depends_on takes ids returned by job_enqueue, job_enqueue_many or workflow_enqueue.';
  end if;
  insert into pgfirst_private.job_result (id, state, result, finished_at)
  select d.id,
         coalesce(x.state, a.state, 'done'),
         a.result,
         coalesce(x.finished_at, a.finished_at, job_depend.now)
    from (select distinct u.id from pg_catalog.unnest(depends_on) u(id)) d
    left join pgfirst_private.job_dead x on x.id = d.id
    left join lateral (select a.state, a.result, a.finished_at from pgfirst_private.job_archive a
                        where a.id = d.id order by a.finished_at desc limit 1) a on true
   where not exists (select 1 from pgfirst_private.job j where j.id = d.id)
     and not exists (select 1 from pgfirst_private.job_result r where r.id = d.id)
  on conflict on constraint job_result_pkey do nothing;

  -- 3. the edges, in depends_on order (a repeated id keeps its first position)
  insert into pgfirst_private.job_dependency (job_id, depends_on, position)
  select job_depend.job_id, u.id, pg_catalog.min(u.ord)
    from pg_catalog.unnest(depends_on) with ordinality u(id, ord)
   group by u.id;

  -- 4. resolve now: every dependency may already be finished
  select pg_catalog.array_agg(x.job), pg_catalog.min(x.new_state) into v_failed, v_state
    from pgfirst_private.job_resolve(array[job_depend.job_id], job_depend.now) x;
  if v_failed is not null then
    perform pgfirst_private.job_finished(v_failed, v_state, job_depend.now);
  end if;
end;
$$;

comment on function pgfirst_private.job_depend(bigint, bigint[], timestamptz) is
  'Internal: records the dependencies of a job just inserted as waiting (edges, flags on live dependencies, finish records for finished ones) and resolves it at once when they are all finished. PF431 for an id never issued.';
revoke all on function pgfirst_private.job_depend(bigint, bigint[], timestamptz) from public;
--! EndIncluded functions/_internal/job_depend.sql
--! Included functions/_internal/job_result_purge.sql
-- Bounded purge for the maintenance run: finish records (job_result) older than
-- job.result_retention that no waiting job still depends on, then workflows older than
-- that with no live step (their steps go with them). SKIP LOCKED: safe from several
-- processes at once.
create or replace function pgfirst_private.job_result_purge(now timestamptz default null, max_rows integer default 1000)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_cutoff timestamptz := coalesce(job_result_purge.now, pg_catalog.now()) - pgfirst_private.setting_interval('job.result_retention');
  v_n integer;
  v_w integer;
begin
  with x as (
    select r.id
      from pgfirst_private.job_result r
     where r.finished_at < v_cutoff
       and not exists (select 1 from pgfirst_private.job_dependency e where e.depends_on = r.id)
     order by r.finished_at
     limit greatest(job_result_purge.max_rows, 0)
       for update skip locked
  )
  delete from pgfirst_private.job_result r using x where r.id = x.id;
  get diagnostics v_n = row_count;

  with x as (
    select w.id
      from pgfirst_private.workflow w
     where w.created_at < v_cutoff
       and not exists (select 1 from pgfirst_private.workflow_step s join pgfirst_private.job j on j.id = s.job_id
                        where s.workflow_id = w.id)
     order by w.created_at
     limit greatest(job_result_purge.max_rows, 0)
       for update skip locked
  )
  delete from pgfirst_private.workflow w using x where w.id = x.id;
  get diagnostics v_w = row_count;
  return v_n + v_w;
end;
$$;

comment on function pgfirst_private.job_result_purge(timestamptz, integer) is
  'Internal (maintenance): deletes up to max_rows finish records and up to max_rows finished workflows older than job.result_retention (never a record a waiting job depends on); returns how many.';
revoke all on function pgfirst_private.job_result_purge(timestamptz, integer) from public;
--! EndIncluded functions/_internal/job_result_purge.sql
drop function if exists pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz);
drop function if exists pgfirst.job_complete(bigint[], text, timestamptz, integer[]);
--! Included functions/job/job_complete.sql
create or replace function pgfirst.job_complete(
  ids bigint[],
  worker_id text,
  now timestamptz default null,
  attempts integer[] default null,
  results jsonb[] default null
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
  v_now timestamptz := case when pgfirst_private.arg_time_ok(job_complete.now) then coalesce(job_complete.now, pg_catalog.now())
                          else pgfirst_private.arg_time(job_complete.now, 'now') end;
  v_done pgfirst_private.job[];
begin
  if job_complete.worker_id is null or job_complete.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  if pg_catalog.cardinality(job_complete.ids) > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'job_complete takes at most % ids per call', (pgfirst_private.arg_limits()).batch_max using errcode = 'PF415',
      detail = pg_catalog.format('%s ids.', pg_catalog.cardinality(job_complete.ids));
  end if;
  if job_complete.results is not null then
    if pg_catalog.cardinality(job_complete.results) <> pg_catalog.cardinality(job_complete.ids) then
      raise exception 'results must have one entry per id' using errcode = 'PF433',
        detail = pg_catalog.format('%s ids, %s results.', pg_catalog.cardinality(job_complete.ids),
                                   pg_catalog.cardinality(job_complete.results));
    end if;
    if exists (select 1 from pg_catalog.unnest(job_complete.results) r
                where pg_catalog.pg_column_size(r) > (pgfirst_private.arg_limits()).payload_max_bytes) then
      raise exception 'a job result is at most % bytes', (pgfirst_private.arg_limits()).payload_max_bytes
        using errcode = 'PF432',
              hint = 'Store large results elsewhere (a table, object storage) and return their key.';
    end if;
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
  -- Results (a null entry stores nothing): before job_finished, which archives them and
  -- hands them to dependents. A notification on the result channel wakes waiters.
  if job_complete.results is not null
     and exists (select 1 from pg_catalog.unnest(job_complete.results) r where r is not null) then
    insert into pgfirst_private.job_result as r (id, state, result, workflow_id, finished_at)
    select d.id, 'done', t.result, d.workflow_id, v_now
      from pg_catalog.unnest(v_done) d
      join rows from (pg_catalog.unnest(job_complete.ids), pg_catalog.unnest(job_complete.results)) as t(id, result) on t.id = d.id
     where t.result is not null
    on conflict on constraint job_result_pkey do update
       set state = excluded.state, result = excluded.result, finished_at = excluded.finished_at;
    perform pg_catalog.pg_notify('pgfirst_results_' || pg_catalog.md5(c.name || ':results'), '')
       from pgfirst_private.job_channel c;
  end if;
  perform pgfirst_private.job_finished(v_done, 'done', v_now);
  return pg_catalog.cardinality(v_done);
end;
$$;

comment on function pgfirst.job_complete(bigint[], text, timestamptz, integer[], jsonb[]) is
  'Marks jobs done and removes them from the hot table, in one statement. Fenced: only jobs still leased to worker_id (and to the given attempts, when passed) count; others are left alone. Returns how many were completed. results (one jsonb per id, null = none, at most 8 MiB each) are kept for job_result, dependents and the archive.';
revoke all on function pgfirst.job_complete(bigint[], text, timestamptz, integer[], jsonb[]) from public;
grant execute on function pgfirst.job_complete(bigint[], text, timestamptz, integer[], jsonb[]) to pgfirst_worker;
--! EndIncluded functions/job/job_complete.sql
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
    perform pgfirst_private.job_cancel_audit(job_cancel.id, 'running');
    return true;
  end if;
  with d as (
    delete from pgfirst_private.job j
     where j.id = job_cancel.id and j.state in ('waiting', 'pending', 'failed')
    returning j
  )
  select pg_catalog.array_agg(d.j) into v_gone from d;
  if v_gone is null then
    return false;
  end if;
  perform pgfirst_private.job_finished(v_gone, 'cancelled', pg_catalog.now());
  perform pgfirst_private.job_cancel_audit(job_cancel.id, (v_gone[1]).state);
  return true;
end;
$$;

comment on function pgfirst.job_cancel(bigint) is
  'Cancels a job: a job not running (waiting for dependencies, pending, failed) becomes cancelled at once, and so do (per their on_dependency_failure) the jobs depending on it (kept as a dead letter for job_retry); a running one is flagged for its worker (job_heartbeat reports it). False when the job is not live.';
revoke all on function pgfirst.job_cancel(bigint) from public;
grant execute on function pgfirst.job_cancel(bigint) to pgfirst_app;
--! EndIncluded functions/job/job_cancel.sql

--! Included functions/job/job_result.sql
create or replace function pgfirst.job_result(id bigint)
returns table(state text, result jsonb, finished_at timestamptz)
language sql
stable
parallel safe
strict
security definer -- reads pgfirst_private job tables and the id sequence
set search_path = pg_catalog, pg_temp
as $$
  -- live first (no result yet), then finish records, dead letters, the archive; an id that
  -- was issued but is found nowhere was completed without a stored result (or its record
  -- was purged after job.result_retention / job.dead_retention): done, result null.
  select x.state, x.result, x.finished_at
    from (
      select 1 as rank, j.state, null::jsonb as result, null::timestamptz as finished_at
        from pgfirst_private.job j
       where j.id = job_result.id
      union all
      select 2, r.state, r.result, r.finished_at
        from pgfirst_private.job_result r
       where r.id = job_result.id
      union all
      select 3, d.state, null, d.finished_at
        from pgfirst_private.job_dead d
       where d.id = job_result.id
      union all
      (select 4, a.state, a.result, a.finished_at
         from pgfirst_private.job_archive a
        where a.id = job_result.id
        order by a.finished_at desc
        limit 1)
      union all
      select 5, 'done', null, null
        from pgfirst_private.job_id_seq s
       where job_result.id between 1 and s.last_value
    ) x
   order by x.rank
   limit 1
$$;

comment on function pgfirst.job_result(bigint) is
  'The state of a job and, once done, the JSON result its worker returned (job_complete results) and when it finished: waiting | pending | failed | running (result null) or done | dead | cancelled. An issued id found nowhere counts as done without a result (completed without a result, or its record purged); zero rows for an id never issued. Primary-key lookups.';
revoke all on function pgfirst.job_result(bigint) from public;
grant execute on function pgfirst.job_result(bigint) to pgfirst_app;
--! EndIncluded functions/job/job_result.sql
--! Included functions/job/job_result_channel.sql
create or replace function pgfirst.job_result_channel()
returns text
language sql
stable
strict
parallel safe
security definer -- reads pgfirst_private.job_channel, which no pgfirst role may read directly
set search_path = pg_catalog, pg_temp
as $$
  -- derived one-way from the worker channel, which must stay unknown to pgfirst_app
  select 'pgfirst_results_' || pg_catalog.md5(c.name || ':results') from pgfirst_private.job_channel c
$$;

comment on function pgfirst.job_result_channel() is
  'The NOTIFY channel on which job_complete signals that results were stored (empty payload: "look again" with job_result). LISTEN on it to wait for a result without busy polling; behind a transaction-mode pooler, poll job_result instead.';
revoke all on function pgfirst.job_result_channel() from public;
grant execute on function pgfirst.job_result_channel() to pgfirst_app;
--! EndIncluded functions/job/job_result_channel.sql
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
           count(*) filter (where j.state in ('pending', 'failed') and j.run_at <= pg_catalog.now()) as pending,
           count(*) filter (where j.state in ('pending', 'failed') and j.run_at > pg_catalog.now()) as scheduled,
           count(*) filter (where j.state = 'running') as running,
           pg_catalog.min(j.run_at) filter (where j.state in ('pending', 'failed') and j.run_at <= pg_catalog.now()) as oldest
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
         pgfirst_private.age_clamped(pg_catalog.now(), l.oldest)
    from names n
    left join live l on l.queue = n.queue
    left join dead d on d.queue = n.queue
   order by n.queue
$$;

comment on function pgfirst.queue_stats() is
  'Per queue: ready (pending), future (scheduled), running and dead job counts (jobs waiting for dependencies are in none of them) and the age of the oldest ready job. One scan of the live-jobs table (small by design) plus the dead letters.';
revoke all on function pgfirst.queue_stats() from public;
grant execute on function pgfirst.queue_stats() to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/job/queue_stats.sql
--! Included functions/_internal/workflow_build.sql
-- One node of a workflow spec (workflow_enqueue): enqueues its steps so that they depend
-- on deps and returns its tail (the jobs whose results the next node receives):
--   {"task": ...}                      one job                      tail: [it]
--   {"chain": [n1, n2, ...]}           n2 depends on n1's tail ...  tail: last node's tail
--   {"group": [n1, n2, ...]}           all depend on deps           tail: all tails, in order
--   {"chord": [n1, ...], "callback": c}  chain(group, c)            tail: c's tail
-- Recursion depth is the spec's nesting depth (bounded by the caller's check).
create or replace function pgfirst_private.workflow_build(
  node jsonb,
  deps bigint[],
  workflow_id bigint,
  tenant text,
  path text,
  group_id text,
  depth integer,
  now timestamptz
)
returns bigint[]
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_kind text;
  v_tail bigint[] := deps;
  v_all bigint[] := '{}';
  v_child record;
  v_id bigint;
begin
  if depth > 32 then
    raise exception 'a workflow spec nests at most 32 levels' using errcode = 'PF434', detail = pg_catalog.format('At %s.', path);
  end if;
  if pg_catalog.jsonb_typeof(node) is distinct from 'object' then
    raise exception 'a workflow node must be an object' using errcode = 'PF434', detail = pg_catalog.format('At %s.', path);
  end if;
  v_kind := case when node ? 'task' then 'task' when node ? 'chain' then 'chain'
                 when node ? 'group' then 'group' when node ? 'chord' then 'chord' end;
  if v_kind is null
     or (node - array['task', 'payload', 'queue', 'priority', 'max_attempts', 'run_at', 'on_dependency_failure', 'name']
          <> '{}'::jsonb and v_kind = 'task')
     or (v_kind in ('chain', 'group') and node - v_kind <> '{}'::jsonb)
     or (v_kind = 'chord' and node - array['chord', 'callback'] <> '{}'::jsonb) then
    raise exception 'a workflow node is {"task": ...}, {"chain": [...]}, {"group": [...]} or {"chord": [...], "callback": {...}}'
      using errcode = 'PF434', detail = pg_catalog.format('At %s: %s.', path, pg_catalog.left(node::text, 200));
  end if;

  if v_kind = 'task' then
    begin
      v_id := pgfirst.job_enqueue(
        task => node ->> 'task',
        payload => coalesce(node -> 'payload', '{}'),
        queue => coalesce(node ->> 'queue', 'default'),
        run_at => (node ->> 'run_at')::timestamptz,
        priority => coalesce((node ->> 'priority')::integer, 0),
        max_attempts => coalesce((node ->> 'max_attempts')::integer, 25),
        tenant => tenant,
        now => now,
        depends_on => deps,
        on_dependency_failure => coalesce(node ->> 'on_dependency_failure', 'fail'));
    exception
      when invalid_datetime_format or datetime_field_overflow or invalid_text_representation
        or numeric_value_out_of_range then
        raise exception 'workflow step % has a malformed value: %', path, sqlerrm using errcode = 'PF434';
    end;
    update pgfirst_private.job j set workflow_id = workflow_build.workflow_id where j.id = v_id;
    insert into pgfirst_private.workflow_step (workflow_id, position, job_id, name, group_id)
    select workflow_build.workflow_id, coalesce(pg_catalog.max(s.position), 0) + 1, v_id, node ->> 'name',
           workflow_build.group_id
      from pgfirst_private.workflow_step s
     where s.workflow_id = workflow_build.workflow_id;
    return array[v_id];
  end if;

  if pg_catalog.jsonb_typeof(node -> v_kind) is distinct from 'array' or pg_catalog.jsonb_array_length(node -> v_kind) = 0 then
    raise exception 'a workflow % needs a non-empty array of nodes', v_kind using errcode = 'PF434',
      detail = pg_catalog.format('At %s.', path);
  end if;
  for v_child in
    select e.value, e.ordinality - 1 as i from pg_catalog.jsonb_array_elements(node -> v_kind) with ordinality e
     order by e.ordinality
  loop
    if v_kind = 'chain' then
      v_tail := pgfirst_private.workflow_build(v_child.value, v_tail, workflow_id, tenant,
                  pg_catalog.format('%s.chain[%s]', path, v_child.i), group_id, depth + 1, now);
    else
      v_all := v_all || pgfirst_private.workflow_build(v_child.value, deps, workflow_id, tenant,
                  pg_catalog.format('%s.%s[%s]', path, v_kind, v_child.i),
                  pg_catalog.format('%s.%s', path, v_kind), depth + 1, now);
    end if;
  end loop;
  if v_kind = 'chain' then
    return v_tail;
  elsif v_kind = 'group' then
    return v_all;
  end if;
  -- chord: the callback depends on every member's tail and receives their results in order
  return pgfirst_private.workflow_build(node -> 'callback', v_all, workflow_id, tenant, path || '.callback',
                                        group_id, depth + 1, now);
end;
$$;

comment on function pgfirst_private.workflow_build(jsonb, bigint[], bigint, text, text, text, integer, timestamptz) is
  'Internal (workflow_enqueue): enqueues one spec node (task, chain, group, chord) depending on deps; returns its tail job ids.';
revoke all on function pgfirst_private.workflow_build(jsonb, bigint[], bigint, text, text, text, integer, timestamptz) from public;
--! EndIncluded functions/_internal/workflow_build.sql
--! Included functions/job/workflow_enqueue.sql
create or replace function pgfirst.workflow_enqueue(
  spec jsonb,
  name text default null,
  tenant text default '',
  now timestamptz default null
)
returns table(workflow_id bigint, step integer, step_name text, task text, job_id bigint)
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job, workflow and workflow_step
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(workflow_enqueue.now) then coalesce(workflow_enqueue.now, pg_catalog.now())
                          else pgfirst_private.arg_time(workflow_enqueue.now, 'now') end;
  v_wf bigint;
  v_steps integer;
begin
  if spec is null then
    raise exception 'a workflow spec is required' using errcode = 'PF434';
  end if;
  -- bound the work before doing it: at most batch_max task nodes
  v_steps := (select count(*) from pg_catalog.jsonb_path_query(spec, 'strict $.**.task'));
  if v_steps > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'a workflow has at most % steps', (pgfirst_private.arg_limits()).batch_max using errcode = 'PF415',
      detail = pg_catalog.format('%s steps.', v_steps);
  end if;
  if octet_length(workflow_enqueue.name) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(workflow_enqueue.tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes then
    raise exception 'a workflow name is at most % bytes, a tenant % bytes', (pgfirst_private.arg_limits()).name_max_bytes,
      (pgfirst_private.arg_limits()).tenant_max_bytes using errcode = 'PF416';
  end if;
  insert into pgfirst_private.workflow (name, tenant, created_at)
  values (workflow_enqueue.name, coalesce(workflow_enqueue.tenant, ''), v_now)
  returning pgfirst_private.workflow.id into v_wf;
  perform pgfirst_private.workflow_build(spec, '{}', v_wf, coalesce(workflow_enqueue.tenant, ''), '$', null, 1, v_now);
  return query
    select s.workflow_id, s.position, s.name, j.task, s.job_id
      from pgfirst_private.workflow_step s
      left join pgfirst_private.job j on j.id = s.job_id
     where s.workflow_id = v_wf
     order by s.position;
end;
$$;

comment on function pgfirst.workflow_enqueue(jsonb, text, text, timestamptz) is
  'Enqueues a workflow in one call, all or nothing: spec is a node {"task": ...} | {"chain": [nodes]} | {"group": [nodes]} | {"chord": [nodes], "callback": node}; each step depends on the tail of what precedes it and receives its results in payload.parent_results. Returns one row per step (document order) with its job id.';
revoke all on function pgfirst.workflow_enqueue(jsonb, text, text, timestamptz) from public;
grant execute on function pgfirst.workflow_enqueue(jsonb, text, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/job/workflow_enqueue.sql
--! Included functions/job/workflow_status.sql
create or replace function pgfirst.workflow_status(workflow_id bigint)
returns table(step integer, step_name text, job_id bigint, group_id text, state text, result jsonb,
              finished_at timestamptz, group_done integer, group_total integer, workflow_state text)
language sql
stable
parallel safe
strict
security definer -- reads pgfirst_private job and workflow tables
set search_path = pg_catalog, pg_temp
as $$
  with s as (
    select st.position, st.name, st.job_id, st.group_id,
           coalesce(j.state, r.state, d.state, 'done') as state,
           r.result,
           coalesce(r.finished_at, d.finished_at) as finished_at
      from pgfirst_private.workflow_step st
      left join pgfirst_private.job j on j.id = st.job_id
      left join pgfirst_private.job_result r on r.id = st.job_id and j.id is null
      left join pgfirst_private.job_dead d on d.id = st.job_id and j.id is null and r.id is null
     where st.workflow_id = workflow_status.workflow_id
  )
  select s.position, s.name, s.job_id, s.group_id, s.state, s.result, s.finished_at,
         (count(*) filter (where s.state = 'done') over g)::integer,
         (count(*) over g)::integer,
         case when bool_or(s.state in ('waiting', 'pending', 'failed', 'running')) over () then 'running'
              when bool_or(s.state = 'dead') over () then 'dead'
              when bool_or(s.state = 'cancelled') over () then 'cancelled'
              else 'done' end
    from s
  window g as (partition by s.group_id)
   order by s.position
$$;

comment on function pgfirst.workflow_status(bigint) is
  'Every step of a workflow in document order with its state (waiting | pending | failed | running | done | dead | cancelled), result and finish time, its group''s progress (group_done of group_total; whole-workflow counts for steps outside groups), and the workflow''s state: running while any step is live, else dead, cancelled or done. One query; zero rows for an unknown or purged workflow.';
revoke all on function pgfirst.workflow_status(bigint) from public;
grant execute on function pgfirst.workflow_status(bigint) to pgfirst_app;
--! EndIncluded functions/job/workflow_status.sql
--! Included functions/core/maintenance.sql
-- Every module's bounded cleanup in one call. Modules are optional: a cleanup function that
-- is not installed (cache, sessions, rate limits live in other migrations) is looked up with
-- to_regprocedure and skipped when absent, then called through format('%I') + EXECUTE USING,
-- so maintenance works whatever set of modules is installed. Safe to run from several
-- processes at once: the cleanups delete in bounded SKIP LOCKED batches (each row once),
-- job_reap uses SKIP LOCKED, and archive DDL is serialised by a row lock.
create or replace function pgfirst.maintenance(now timestamptz default null)
returns jsonb
language plpgsql
volatile
security definer -- runs private cleanups, partition DDL and the module cleanup functions
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_batch integer := pgfirst_private.setting_int('maintenance.batch');
  v_result jsonb;
  v_cleanup jsonb := '{}';
  v_missing text[] := '{}';
  v_fn text;
  v_n bigint;
  v_reaped integer;
  v_dead bigint;
  v_results bigint;
  v_archive jsonb;
  v_log bigint;
  v_audit bigint;
begin
  v_reaped := pgfirst.job_reap(now => v_now);

  v_dead := pgfirst_private.job_dead_purge(now => v_now, max_rows => v_batch);

  v_results := pgfirst_private.job_result_purge(now => v_now, max_rows => v_batch);

  v_archive := pgfirst_private.archive_maintain(v_now, v_batch);

  foreach v_fn in array array['cache_cleanup', 'session_cleanup', 'rate_limit_cleanup'] loop
    if pg_catalog.to_regprocedure('pgfirst.' || v_fn || '(integer, timestamp with time zone)') is null then
      v_missing := v_missing || v_fn;
      continue;
    end if;
    execute pg_catalog.format('select %I.%I(max_rows => $1, now => $2)', 'pgfirst', v_fn)
       into v_n using v_batch, v_now;
    v_cleanup := v_cleanup || pg_catalog.jsonb_build_object(v_fn, v_n);
  end loop;

  with x as (
    select m.ctid from pgfirst_private.maintenance_run m
     where m.at < v_now - interval '1 day' limit v_batch
  )
  delete from pgfirst_private.maintenance_run m using x where m.ctid = x.ctid;
  get diagnostics v_log = row_count;

  -- admin audit retention (audit.keep), bounded like every cleanup
  with x as (
    select a.id from pgfirst_private.admin_audit a
     where a.at < v_now - pgfirst_private.setting_interval('audit.keep')
     order by a.at limit v_batch
  )
  delete from pgfirst_private.admin_audit a using x where a.id = x.id;
  get diagnostics v_audit = row_count;

  v_result := pg_catalog.jsonb_build_object(
    'at', v_now,
    'jobs_reaped', v_reaped,
    'dead_purged', v_dead,
    'results_purged', v_results,
    'archive', v_archive,
    'cleanup', v_cleanup,
    'not_installed', pg_catalog.to_jsonb(v_missing),
    'log_pruned', v_log,
    'audit_purged', v_audit);
  insert into pgfirst_private.maintenance_run (at, result) values (v_now, v_result);
  return v_result;
end;
$$;

comment on function pgfirst.maintenance(timestamptz) is
  'Runs every installed module''s bounded cleanup (job reaping, dead-letter and job-result retention, archive partitions ahead and retention, cache/session/rate-limit cleanups when installed) and returns what it did as jsonb. Safe from several processes at once; installed as the schedule pgfirst.maintenance (every minute).';
revoke all on function pgfirst.maintenance(timestamptz) from public;
grant execute on function pgfirst.maintenance(timestamptz) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/core/maintenance.sql

-- Issue 15 (fair): per-key fairness and limits, rate-limited starts, sequences, max run
-- time, progress, job_key hold after finish.
alter table pgfirst_private.job add column if not exists concurrency_key text;
alter table pgfirst_private.job add column if not exists fair_key text;
alter table pgfirst_private.job add column if not exists sequence_key text;
alter table pgfirst_private.job add column if not exists max_run_time interval;
alter table pgfirst_private.job add column if not exists unique_for interval;
alter table pgfirst_private.job add column if not exists progress jsonb;
comment on column pgfirst_private.job.fair_key is
  'coalesce(concurrency_key, tenant), set only while the job''s queue is fair or has a per-key limit (job_available_fair_idx stays empty otherwise).';
-- Keyed (fair or per-key limited) queues: distinct ready keys by a loose index scan, then
-- the best job of each key.
create index if not exists job_available_fair_idx on pgfirst_private.job (queue, fair_key, priority desc, run_at, id)
  where fair_key is not null and state in ('pending', 'failed');
-- Sequences: "is there an earlier unfinished job of this sequence?"
create index if not exists job_sequence_idx on pgfirst_private.job (tenant, sequence_key, id)
  where sequence_key is not null;

alter table pgfirst_private.job_queue add column if not exists key_concurrency integer;
alter table pgfirst_private.job_queue add column if not exists fair boolean not null default false;
alter table pgfirst_private.job_queue add column if not exists rate_limit integer;
alter table pgfirst_private.job_queue add column if not exists rate_period interval;
alter table pgfirst_private.job_queue add column if not exists rate_tat timestamptz;
alter table pgfirst_private.job_queue add column if not exists fair_cursor text;
alter table pgfirst_private.job_queue drop constraint if exists job_queue_key_concurrency_positive;
alter table pgfirst_private.job_queue add constraint job_queue_key_concurrency_positive
  check (key_concurrency is null or key_concurrency >= 1);
alter table pgfirst_private.job_queue drop constraint if exists job_queue_rate_valid;
alter table pgfirst_private.job_queue add constraint job_queue_rate_valid
  check ((rate_limit is null) = (rate_period is null) and (rate_limit is null or rate_limit >= 1)
         and (rate_period is null or rate_period > interval '0'));

-- job_key held after its job succeeded (job_enqueue unique_for): enqueues of the key
-- return the finished job's id until `until`.
create table if not exists pgfirst_private.job_key_hold (
  tenant text not null,
  job_key text not null,
  job_id bigint not null,
  until timestamptz not null,
  constraint job_key_hold_pkey primary key (tenant, job_key)
);
comment on table pgfirst_private.job_key_hold is
  'job_key uniqueness after finish: a job enqueued with unique_for holds its key until finished_at + unique_for (expired rows purged by maintenance).';

drop function if exists pgfirst.queue_configure(text, integer, boolean, interval);
drop function if exists pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz);
drop function if exists pgfirst.job_claim(text, text[], integer, interval, timestamptz);
drop function if exists pgfirst.job_get(bigint);

--! Included functions/_internal/job_finished.sql
-- THE "job finished" transition: every path that removes a job from the hot table
-- (complete, fail → dead, reap → dead, cancel) deletes the rows and hands them here, in
-- one call per statement. Dead and cancelled jobs become dead letters; done jobs are
-- dropped; jobs with dependents or in a workflow are recorded and their dependents
-- resolved (job_settle). The job archive (queue keep_finished) hooks in here and nowhere else.
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
#variable_conflict use_column
begin
  -- Job archive (schedule/maintenance module): queues configured with keep_finished keep a
  -- copy of every finished job in the partitioned pgfirst_private.job_archive.
  if state in ('done', 'dead', 'cancelled')
     and exists (select 1 from pgfirst_private.job_queue q where q.keep_finished is not null) then
    insert into pgfirst_private.job_archive
      (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts,
       job_key, last_error, errors, created_at, updated_at, finished_at, claimed_at, result)
    select j.id, j.tenant, j.queue, j.task, j.payload, j.priority, j.run_at, job_finished.state,
           j.attempt, j.max_attempts, j.job_key, j.last_error, j.errors, j.created_at,
           job_finished.now, job_finished.now, j.claimed_at,
           -- job_complete stored the result (if any) in job_result before calling here
           (select r.result from pgfirst_private.job_result r where r.id = j.id)
      from pg_catalog.unnest(jobs) j
     where j.queue in (select q.queue from pgfirst_private.job_queue q where q.keep_finished is not null);
  end if;
  -- job_key hold (issue 15): a keyed job enqueued with unique_for keeps its key for that
  -- long after it succeeded; only jobs still holding their key (not detached by a replace).
  if state = 'done' then
    insert into pgfirst_private.job_key_hold as h (tenant, job_key, job_id, until)
    select j.tenant, j.job_key, j.id, job_finished.now + j.unique_for
      from pg_catalog.unnest(jobs) j
     where j.unique_for is not null and j.job_key is not null
    on conflict on constraint job_key_hold_pkey do update
       set job_id = excluded.job_id, until = excluded.until;
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
  -- Dependencies and workflows (docs/jobs.md): only jobs flagged at enqueue (or still
  -- waiting: their edges go) pay for this; the common case tests fields of in-memory rows.
  if exists (select 1 from pg_catalog.unnest(jobs) j where j.has_dependents or j.workflow_id is not null or j.state = 'waiting') then
    perform pgfirst_private.job_settle(jobs, state, now);
  end if;
end;
$$;

comment on function pgfirst_private.job_finished(pgfirst_private.job[], text, timestamptz) is
  'Internal: records jobs that just left the hot table in their final state (done, dead, cancelled); the single hook for dead letters and the archive.';
revoke all on function pgfirst_private.job_finished(pgfirst_private.job[], text, timestamptz) from public;
--! EndIncluded functions/_internal/job_finished.sql
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
#variable_conflict use_column
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
  -- expired job_key holds (job_enqueue unique_for); small table, bounded like the above
  delete from pgfirst_private.job_key_hold h
   where h.ctid = any (array(select x.ctid from pgfirst_private.job_key_hold x
                              where x.until < coalesce(job_dead_purge.now, pg_catalog.now())
                              limit greatest(job_dead_purge.max_rows, 0)));
  return v_n;
end;
$$;

comment on function pgfirst_private.job_dead_purge(timestamptz, integer) is
  'Internal (maintenance): deletes up to max_rows dead letters older than job.dead_retention (returns how many) and up to max_rows expired job_key holds.';
revoke all on function pgfirst_private.job_dead_purge(timestamptz, integer) from public;
--! EndIncluded functions/_internal/job_dead_purge.sql
--! Included functions/_internal/job_enqueue_flow.sql
-- Flow-control columns of one job (issue 15), for the keyed enqueue paths (job_enqueue and
-- job_enqueue_many with a job_key): the keyed upsert keeps its arguments, this sets the
-- rest in the same transaction, then applies the job_key hold (unique_for of a finished
-- job; `existing`: the job that held the key before a mode-keep upsert, left alone). Returns the job id the caller returns: the enqueued one, or the finished job that
-- still holds the key (the new row is then removed again).
-- Checked after the upsert, not before: the upsert waited for any transaction finishing
-- the key's previous job, so this statement's snapshot sees the hold that job wrote.
create or replace function pgfirst_private.job_enqueue_flow(
  id bigint,
  concurrency_key text,
  sequence_key text,
  max_run_time interval,
  unique_for interval,
  now timestamptz,
  existing bigint
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
  v_held bigint;
  v_tenant text;
  v_key text;
begin
  if job_enqueue_flow.id = job_enqueue_flow.existing then
    return job_enqueue_flow.id; -- mode keep returned the job that held the key: left alone
  end if;
  update pgfirst_private.job j
     set concurrency_key = job_enqueue_flow.concurrency_key,
         sequence_key = job_enqueue_flow.sequence_key,
         max_run_time = job_enqueue_flow.max_run_time,
         unique_for = job_enqueue_flow.unique_for,
         fair_key = (select coalesce(job_enqueue_flow.concurrency_key, j.tenant)
                       from pgfirst_private.job_queue q
                      where q.queue = j.queue and (q.fair or q.key_concurrency is not null))
   where j.id = job_enqueue_flow.id and j.state <> 'running'
  returning j.tenant, j.job_key into v_tenant, v_key;
  if v_key is null then
    return job_enqueue_flow.id; -- 'keep' returned a running job: left alone
  end if;
  select h.job_id into v_held
    from pgfirst_private.job_key_hold h
   where h.tenant = v_tenant and h.job_key = v_key and h.until > job_enqueue_flow.now;
  if v_held is null or v_held = job_enqueue_flow.id then
    return job_enqueue_flow.id;
  end if;
  -- The key is held by a job that succeeded less than its unique_for ago: no new job.
  -- (While the holder was live no other job had its key, so this row is the one just written.)
  delete from pgfirst_private.job j where j.id = job_enqueue_flow.id and j.state <> 'running';
  return v_held;
end;
$$;

comment on function pgfirst_private.job_enqueue_flow(bigint, text, text, interval, interval, timestamptz, bigint) is
  'Internal: sets the flow-control columns of a job just enqueued by key and applies the job_key hold (unique_for); returns the id to hand back.';
revoke all on function pgfirst_private.job_enqueue_flow(bigint, text, text, interval, interval, timestamptz, bigint) from public;
--! EndIncluded functions/_internal/job_enqueue_flow.sql
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
  now timestamptz default null,
  depends_on bigint[] default null,
  on_dependency_failure text default 'fail',
  concurrency_key text default null,
  sequence_key text default null,
  max_run_time interval default null,
  unique_for interval default null
)
returns bigint
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_run_at timestamptz := coalesce(run_at, v_now);
  v_id bigint;
  v_waits boolean := coalesce(pg_catalog.cardinality(depends_on), 0) > 0;
  v_existing bigint;
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
  -- Bounds (pgfirst_private.arg_limits, folded to constants): names and keys stay far below
  -- the btree tuple limit, and a job at run_at +-infinity would never run or poison health.
  if octet_length(task) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(queue) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(job_key) > (pgfirst_private.arg_limits()).job_key_max_bytes
     or octet_length(tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes then
    raise exception 'job task and queue names are at most % bytes, job_key % bytes, tenant % bytes',
      (pgfirst_private.arg_limits()).name_max_bytes, (pgfirst_private.arg_limits()).job_key_max_bytes,
      (pgfirst_private.arg_limits()).tenant_max_bytes
      using errcode = 'PF416',
            detail = pg_catalog.format('task %s, queue %s, job_key %s, tenant %s bytes.', octet_length(task),
                                       octet_length(queue), octet_length(job_key), octet_length(tenant));
  end if;
  if pg_catalog.pg_column_size(payload) > (pgfirst_private.arg_limits()).payload_max_bytes then
    raise exception 'a job payload is at most % bytes', (pgfirst_private.arg_limits()).payload_max_bytes
      using errcode = 'PF414',
            detail = pg_catalog.format('payload: %s bytes (jsonb datum).', pg_catalog.pg_column_size(payload)),
            hint = 'Store large data elsewhere (a table, object storage) and pass its key.';
  end if;
  if on_dependency_failure is null or on_dependency_failure not in ('fail', 'cancel', 'run') then
    raise exception 'on_dependency_failure must be fail, cancel or run' using errcode = 'PF430',
      detail = pg_catalog.format('on_dependency_failure was %L.', on_dependency_failure);
  end if;
  if v_waits and job_key is not null then
    raise exception 'a job with depends_on cannot have a job_key' using errcode = 'PF430',
      hint = 'Deduplicate the first job of the chain instead.';
  end if;
  if concurrency_key = '' or sequence_key = ''
     or octet_length(concurrency_key) > (pgfirst_private.arg_limits()).job_key_max_bytes
     or octet_length(sequence_key) > (pgfirst_private.arg_limits()).job_key_max_bytes then
    raise exception 'concurrency_key and sequence_key must be null or non-empty texts of at most % bytes',
      (pgfirst_private.arg_limits()).job_key_max_bytes using errcode = 'PF444';
  end if;
  if max_run_time <= interval '0' or max_run_time > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'max_run_time must be a positive interval of at most %', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF442', detail = pg_catalog.format('max_run_time was %s.', max_run_time);
  end if;
  if unique_for <= interval '0' or unique_for > (pgfirst_private.arg_limits()).interval_max
     or (unique_for is not null and job_key is null) then
    raise exception 'unique_for must be a positive interval of at most % and needs a job_key', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF443', detail = pg_catalog.format('unique_for was %s, job_key %L.', unique_for, job_key);
  end if;
  if not pgfirst_private.arg_time_ok(run_at) then
    v_run_at := pgfirst_private.arg_time(run_at, 'run_at');
  end if;

  if v_waits then
    -- waiting (never claimed) until job_depend or the last dependency's finish promotes it
    insert into pgfirst_private.job
      (tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at,
       state, on_dependency_failure, concurrency_key, sequence_key, max_run_time, fair_key)
    values (coalesce(tenant, ''), queue, task, coalesce(payload, '{}'), coalesce(priority, 0),
            v_run_at, max_attempts, v_now, v_now, 'waiting', on_dependency_failure,
            concurrency_key, sequence_key, max_run_time,
            (select coalesce(job_enqueue.concurrency_key, job_enqueue.tenant, '')
               from pgfirst_private.job_queue q
              where q.queue = job_enqueue.queue and (q.fair or q.key_concurrency is not null)))
    returning id into v_id;
    perform pgfirst_private.job_depend(v_id, depends_on, v_now);
    return v_id;
  elsif job_key is null then
    -- fair_key: only while the queue is fair or limited per key (one primary-key probe of
    -- the tiny job_queue table; null keeps the row out of job_available_fair_idx).
    insert into pgfirst_private.job
      (tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at,
       concurrency_key, sequence_key, max_run_time, fair_key)
    values (coalesce(tenant, ''), queue, task, coalesce(payload, '{}'), coalesce(priority, 0),
            v_run_at, max_attempts, v_now, v_now, concurrency_key, sequence_key, max_run_time,
            (select coalesce(job_enqueue.concurrency_key, job_enqueue.tenant, '')
               from pgfirst_private.job_queue q
              where q.queue = job_enqueue.queue and (q.fair or q.key_concurrency is not null)))
    returning id into v_id;
  else
    if job_key_mode = 'keep' then
      select j.id into v_existing
        from pgfirst_private.job j
       where j.tenant = coalesce(job_enqueue.tenant, '') and j.job_key = job_enqueue.job_key;
    end if;
    v_id := pgfirst_private.job_enqueue_keyed(task, coalesce(payload, '{}'), queue, v_run_at,
              coalesce(priority, 0), max_attempts, job_key, job_key_mode, coalesce(tenant, ''), v_now);
    v_id := pgfirst_private.job_enqueue_flow(v_id, concurrency_key, sequence_key, max_run_time,
              unique_for, v_now, v_existing);
  end if;

  -- Wake idle workers (one notifying transaction per queue at a time: see job_notify).
  if v_run_at <= v_now then
    perform pgfirst_private.job_notify(queue);
  end if;
  return v_id;
end;
$$;

comment on function pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz, bigint[], text, text, text, interval, interval) is
  'Enqueues one job and returns its id (with job_key: the id of the deduplicated job, per job_key_mode replace | preserve_run_at | keep). One statement, callable from triggers; wakes listening workers (NOTIFY on pgfirst.job_listen_channel(), empty payload) when ready now. With depends_on (ids of existing jobs) it waits until they all succeed; a dead or cancelled dependency makes it dead (on_dependency_failure fail), cancelled (cancel) or run anyway (run); the dependencies'' results arrive in payload.parent_results. Flow control (docs/jobs.md): concurrency_key (per-key limits and fairness; default the tenant), sequence_key (strict FIFO: runs after every earlier job of the sequence finished), max_run_time (reaped as timed out), unique_for (with job_key: the key stays taken that long after the job succeeded; enqueues then return the finished job''s id).';
revoke all on function pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz, bigint[], text, text, text, interval, interval) from public;
grant execute on function pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz, bigint[], text, text, text, interval, interval) to pgfirst_app;
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
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_bad record;
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
  if v_n > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'job_enqueue_many takes at most % jobs per call', (pgfirst_private.arg_limits()).batch_max
      using errcode = 'PF415',
            detail = pg_catalog.format('jobs has %s elements.', v_n),
            hint = 'Split the batch.';
  end if;

  -- Shape check, set-based: report the first offending element (1-based) by its rule.
  select x.ord, x.problem into v_bad
    from (select e.ordinality as ord,
                 case
                   when pg_catalog.jsonb_typeof(e.value) <> 'object' then 'PF405:element is not an object'
                   when (e.value - array['task', 'payload', 'queue', 'run_at', 'priority', 'max_attempts',
                                         'job_key', 'job_key_mode', 'tenant', 'now',
                                         'depends_on', 'on_dependency_failure', 'concurrency_key',
                                         'sequence_key', 'max_run_time', 'unique_for']) <> '{}'::jsonb
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
                   when pg_catalog.jsonb_typeof(e.value -> 'depends_on') not in ('array', 'null')
                     or pg_catalog.jsonb_path_exists(e.value, '$.depends_on[*] ? (@.type() != "number" && @.type() != "string")')
                     then 'PF405:depends_on is not an array of job ids'
                   when pg_catalog.jsonb_typeof(e.value -> 'on_dependency_failure') not in ('string', 'null') then 'PF405:on_dependency_failure is not a string'
                   when pg_catalog.jsonb_typeof(e.value -> 'concurrency_key') not in ('string', 'null')
                     or pg_catalog.jsonb_typeof(e.value -> 'sequence_key') not in ('string', 'null')
                     or pg_catalog.jsonb_typeof(e.value -> 'max_run_time') not in ('string', 'null')
                     or pg_catalog.jsonb_typeof(e.value -> 'unique_for') not in ('string', 'null')
                     then 'PF405:concurrency_key, sequence_key, max_run_time or unique_for is not a string'
                   when e.value ->> 'concurrency_key' = '' or e.value ->> 'sequence_key' = ''
                     or octet_length(e.value ->> 'concurrency_key') > (pgfirst_private.arg_limits()).job_key_max_bytes
                     or octet_length(e.value ->> 'sequence_key') > (pgfirst_private.arg_limits()).job_key_max_bytes
                     then 'PF444:concurrency_key or sequence_key empty or too long'
                   when e.value ->> 'unique_for' is not null and e.value ->> 'job_key' is null
                     then 'PF443:unique_for needs a job_key'
                   when octet_length(e.value ->> 'task') > (pgfirst_private.arg_limits()).name_max_bytes
                     or octet_length(e.value ->> 'queue') > (pgfirst_private.arg_limits()).name_max_bytes
                     or octet_length(e.value ->> 'job_key') > (pgfirst_private.arg_limits()).job_key_max_bytes
                     or octet_length(e.value ->> 'tenant') > (pgfirst_private.arg_limits()).tenant_max_bytes
                     then 'PF416:task, queue, job_key or tenant too long'
                   when pg_catalog.pg_column_size(e.value -> 'payload') > (pgfirst_private.arg_limits()).payload_max_bytes
                     then 'PF414:payload too large'
                 end as problem
            from pg_catalog.jsonb_array_elements(jobs) with ordinality e) x
   where x.problem is not null
   order by x.ord
   limit 1;
  if found then
    raise exception 'jobs element % is invalid: %', v_bad.ord, pg_catalog.split_part(v_bad.problem, ':', 2)
      using errcode = pg_catalog.split_part(v_bad.problem, ':', 1),
            detail = pg_catalog.format('Element %s of the jobs array.', v_bad.ord),
            hint = 'Each element is an object with task (required) and optionally payload, queue, run_at, priority, max_attempts, job_key, job_key_mode, tenant, now, depends_on, on_dependency_failure, concurrency_key, sequence_key, max_run_time, unique_for.';
  end if;

  -- Timestamps: finite, years 1..9999 (PF006), as for job_enqueue. A separate pass because
  -- the cast itself may fail (PF405), which the shape check above must not raise.
  if pg_catalog.jsonb_path_exists(jobs, '$[*] ? (exists (@.run_at) || exists (@.now))') then
    begin
      select x.ord, x.arg, x.ts into v_bad
        from (select e.ordinality as ord, a.arg, (e.value ->> a.arg)::timestamptz as ts
                from pg_catalog.jsonb_array_elements(jobs) with ordinality e,
                     (values ('run_at'), ('now')) a(arg)) x
       where not pgfirst_private.arg_time_ok(x.ts)
       order by x.ord
       limit 1;
    exception
      when invalid_datetime_format or datetime_field_overflow then
        raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405',
          hint = 'run_at and now must be ISO 8601 timestamps; priority and max_attempts integers.';
    end;
    if found then
      perform pgfirst_private.arg_time(v_bad.ts, pg_catalog.format('jobs element %s: %s', v_bad.ord, v_bad.arg));
    end if;
  end if;

  -- Intervals (max_run_time, unique_for): positive, at most 100 years; a separate pass, as
  -- the cast may fail (PF405).
  if pg_catalog.jsonb_path_exists(jobs, '$[*] ? (exists (@.max_run_time) || exists (@.unique_for))') then
    begin
      select x.ord, x.arg, x.iv into v_bad
        from (select e.ordinality as ord, a.arg, (e.value ->> a.arg)::interval as iv
                from pg_catalog.jsonb_array_elements(jobs) with ordinality e,
                     (values ('max_run_time'), ('unique_for')) a(arg)) x
       where x.iv <= interval '0' or x.iv > (pgfirst_private.arg_limits()).interval_max
       order by x.ord
       limit 1;
    exception
      when invalid_datetime_format or datetime_field_overflow or interval_field_overflow then
        raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405',
          hint = 'max_run_time and unique_for must be intervals such as ''5 minutes''.';
    end;
    if found then
      raise exception 'jobs element %: % must be a positive interval of at most %', v_bad.ord, v_bad.arg,
        (pgfirst_private.arg_limits()).interval_max
        using errcode = case v_bad.arg when 'max_run_time' then 'PF442' else 'PF443' end;
    end if;
  end if;

  -- Jobs with dependencies (rare in batches; workflow_enqueue builds whole DAGs): one
  -- job_enqueue per element, in input order, so the rules are exactly job_enqueue's.
  if pg_catalog.jsonb_path_exists(jobs, '$[*].depends_on ? (@ != null)') then
    begin
      return query
        select pgfirst.job_enqueue(
                 task => e.value ->> 'task', payload => coalesce(e.value -> 'payload', '{}'),
                 queue => coalesce(e.value ->> 'queue', 'default'),
                 run_at => (e.value ->> 'run_at')::timestamptz,
                 priority => coalesce((e.value ->> 'priority')::integer, 0),
                 max_attempts => coalesce((e.value ->> 'max_attempts')::integer, 25),
                 job_key => e.value ->> 'job_key', job_key_mode => coalesce(e.value ->> 'job_key_mode', 'replace'),
                 tenant => coalesce(e.value ->> 'tenant', ''), now => coalesce((e.value ->> 'now')::timestamptz, v_now),
                 depends_on => (select pg_catalog.array_agg(d.value::bigint order by d.ordinality)
                                  from pg_catalog.jsonb_array_elements_text(e.value -> 'depends_on') with ordinality d),
                 on_dependency_failure => coalesce(e.value ->> 'on_dependency_failure', 'fail'),
                 concurrency_key => e.value ->> 'concurrency_key', sequence_key => e.value ->> 'sequence_key',
                 max_run_time => (e.value ->> 'max_run_time')::interval, unique_for => (e.value ->> 'unique_for')::interval)
          from pg_catalog.jsonb_array_elements(jobs) with ordinality e
         order by e.ordinality;
    exception
      when invalid_datetime_format or datetime_field_overflow or invalid_text_representation
        or numeric_value_out_of_range then
        raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405',
          hint = 'run_at and now must be ISO 8601 timestamps; priority, max_attempts and depends_on ids integers.';
    end;
    return;
  end if;

  if not pg_catalog.jsonb_path_exists(jobs, '$[*].job_key ? (@ != null)') then
    -- The common case, no job_key anywhere: one INSERT in input order (ids ascend with it).
    begin
      with ins as (
        insert into pgfirst_private.job
          (tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at,
           concurrency_key, sequence_key, max_run_time, fair_key)
        select coalesce(e.value ->> 'tenant', ''),
               coalesce(e.value ->> 'queue', 'default'),
               e.value ->> 'task',
               coalesce(e.value -> 'payload', '{}'),
               coalesce((e.value ->> 'priority')::integer, 0),
               coalesce((e.value ->> 'run_at')::timestamptz, (e.value ->> 'now')::timestamptz, v_now),
               coalesce((e.value ->> 'max_attempts')::integer, 25),
               coalesce((e.value ->> 'now')::timestamptz, v_now),
               coalesce((e.value ->> 'now')::timestamptz, v_now),
               e.value ->> 'concurrency_key',
               e.value ->> 'sequence_key',
               (e.value ->> 'max_run_time')::interval,
               case when q.queue is not null then coalesce(e.value ->> 'concurrency_key', e.value ->> 'tenant', '') end
          from pg_catalog.jsonb_array_elements(jobs) with ordinality e
          left join pgfirst_private.job_queue q
            on q.queue = coalesce(e.value ->> 'queue', 'default') and (q.fair or q.key_concurrency is not null)
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
        (id, tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at,
         concurrency_key, sequence_key, max_run_time, fair_key)
      select n.id,
             coalesce(n.v ->> 'tenant', ''),
             coalesce(n.v ->> 'queue', 'default'),
             n.v ->> 'task',
             coalesce(n.v -> 'payload', '{}'),
             coalesce((n.v ->> 'priority')::integer, 0),
             coalesce((n.v ->> 'run_at')::timestamptz, (n.v ->> 'now')::timestamptz, v_now),
             coalesce((n.v ->> 'max_attempts')::integer, 25),
             coalesce((n.v ->> 'now')::timestamptz, v_now),
             coalesce((n.v ->> 'now')::timestamptz, v_now),
             n.v ->> 'concurrency_key',
             n.v ->> 'sequence_key',
             (n.v ->> 'max_run_time')::interval,
             case when q.queue is not null then coalesce(n.v ->> 'concurrency_key', n.v ->> 'tenant', '') end
        from numbered n
        left join pgfirst_private.job_queue q
          on q.queue = coalesce(n.v ->> 'queue', 'default') and (q.fair or q.key_concurrency is not null)
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
    v_existing bigint;
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
          v_existing := null;
          if v_keyed.v ->> 'job_key_mode' = 'keep' then
            select j.id into v_existing
              from pgfirst_private.job j
             where j.tenant = coalesce(v_keyed.v ->> 'tenant', '') and j.job_key = v_keyed.v ->> 'job_key';
          end if;
          v_kid := pgfirst_private.job_enqueue_keyed(
            v_keyed.v ->> 'task', coalesce(v_keyed.v -> 'payload', '{}'),
            coalesce(v_keyed.v ->> 'queue', 'default'),
            coalesce((v_keyed.v ->> 'run_at')::timestamptz, (v_keyed.v ->> 'now')::timestamptz, v_now),
            coalesce((v_keyed.v ->> 'priority')::integer, 0),
            coalesce((v_keyed.v ->> 'max_attempts')::integer, 25),
            v_keyed.v ->> 'job_key', coalesce(v_keyed.v ->> 'job_key_mode', 'replace'),
            coalesce(v_keyed.v ->> 'tenant', ''), coalesce((v_keyed.v ->> 'now')::timestamptz, v_now));
          v_kid := pgfirst_private.job_enqueue_flow(v_kid, v_keyed.v ->> 'concurrency_key', v_keyed.v ->> 'sequence_key',
            (v_keyed.v ->> 'max_run_time')::interval, (v_keyed.v ->> 'unique_for')::interval,
            coalesce((v_keyed.v ->> 'now')::timestamptz, v_now), v_existing);
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
  'Enqueues a JSON array of jobs (fields as job_enqueue, including depends_on and on_dependency_failure, plus optional now) and returns their ids in input order. Unkeyed jobs go in one INSERT; keyed jobs are deduplicated as in job_enqueue. All or nothing; one NOTIFY per ready queue.';
revoke all on function pgfirst.job_enqueue_many(jsonb) from public;
grant execute on function pgfirst.job_enqueue_many(jsonb) to pgfirst_app;
--! EndIncluded functions/job/job_enqueue_many.sql
--! Included functions/job/queue_configure.sql
create or replace function pgfirst.queue_configure(
  queue text,
  concurrency integer default null,
  paused boolean default false,
  keep_finished interval default null,
  key_concurrency integer default null,
  fair boolean default false,
  rate_limit integer default null,
  rate_period interval default null
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
  if octet_length(queue_configure.queue) > (pgfirst_private.arg_limits()).name_max_bytes then
    raise exception 'a job queue name is at most % bytes', (pgfirst_private.arg_limits()).name_max_bytes using errcode = 'PF416',
      detail = pg_catalog.format('queue: %s bytes.', octet_length(queue_configure.queue));
  end if;
  if queue_configure.concurrency < 1 then
    raise exception 'queue concurrency must be at least 1 (null = unlimited)' using errcode = 'PF409',
      detail = pg_catalog.format('concurrency was %s.', queue_configure.concurrency);
  end if;
  if queue_configure.keep_finished <= interval '0' or queue_configure.keep_finished > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'keep_finished must be a positive interval of at most 100 years (null = do not archive)' using errcode = 'PF512',
      detail = pg_catalog.format('keep_finished was %s.', queue_configure.keep_finished);
  end if;
  if queue_configure.key_concurrency < 1 then
    raise exception 'key_concurrency must be at least 1 (null = no per-key limit)' using errcode = 'PF440',
      detail = pg_catalog.format('key_concurrency was %s.', queue_configure.key_concurrency);
  end if;
  if (queue_configure.rate_limit is null) <> (queue_configure.rate_period is null)
     or queue_configure.rate_limit < 1 or queue_configure.rate_limit > 1000000
     or queue_configure.rate_period <= interval '0'
     or queue_configure.rate_period > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'rate_limit (1 to 1000000 starts) and rate_period (a positive interval of at most %) go together (both null = no rate limit)',
      (pgfirst_private.arg_limits()).interval_max using errcode = 'PF441',
      detail = pg_catalog.format('rate_limit was %s, rate_period %s.', queue_configure.rate_limit, queue_configure.rate_period);
  end if;
  insert into pgfirst_private.job_queue as q
    (queue, concurrency, paused, keep_finished, key_concurrency, fair, rate_limit, rate_period, updated_at)
  values (queue_configure.queue, queue_configure.concurrency, coalesce(queue_configure.paused, false),
          queue_configure.keep_finished, queue_configure.key_concurrency, coalesce(queue_configure.fair, false),
          queue_configure.rate_limit, queue_configure.rate_period, pg_catalog.now())
  on conflict on constraint job_queue_pkey do update
     set concurrency = excluded.concurrency, paused = excluded.paused,
         keep_finished = excluded.keep_finished, key_concurrency = excluded.key_concurrency,
         fair = excluded.fair, rate_limit = excluded.rate_limit, rate_period = excluded.rate_period,
         rate_tat = case when excluded.rate_limit is null then null else q.rate_tat end,
         updated_at = excluded.updated_at;
  -- Keyed claiming (fair or per-key limit) reads fair_key: set it on the queue's live jobs
  -- when turned on, clear it when turned off (index job_available_fair_idx stays small).
  if coalesce(queue_configure.fair, false) or queue_configure.key_concurrency is not null then
    update pgfirst_private.job j
       set fair_key = coalesce(j.concurrency_key, j.tenant)
     where j.queue = queue_configure.queue and j.fair_key is distinct from coalesce(j.concurrency_key, j.tenant);
  else
    update pgfirst_private.job j
       set fair_key = null
     where j.queue = queue_configure.queue and j.fair_key is not null;
  end if;
  if not coalesce(queue_configure.paused, false) then
    perform pgfirst_private.job_notify(queue_configure.queue);
  end if;
end;
$$;

comment on function pgfirst.queue_configure(text, integer, boolean, interval, integer, boolean, integer, interval) is
  'Sets a queue''s whole configuration: concurrency (max running jobs across all workers; 1 = serial; null = unlimited) and paused (claims skip the queue). Takes effect on the next claim. keep_finished (null = off) copies the queue''s finished jobs into the partitioned job archive, kept at least that long (PF512 if not positive). key_concurrency: at most that many running jobs per key (the job''s concurrency_key, else its tenant) across all workers. fair: claims go round-robin over keys. rate_limit starts per rate_period across all workers, spaced evenly (GCRA without burst). See docs/jobs.md.';
revoke all on function pgfirst.queue_configure(text, integer, boolean, interval, integer, boolean, integer, interval) from public;
grant execute on function pgfirst.queue_configure(text, integer, boolean, interval, integer, boolean, integer, interval) to pgfirst_admin;
--! EndIncluded functions/job/queue_configure.sql
--! Included functions/_internal/job_claim_pick.sql
-- The pick of a keyed claim (job_claim: fair queues and queues with a per-key limit):
-- round-robin over the keys with claimable jobs, starting after `cursor` (the key served
-- last), found by a loose index scan of job_available_fair_idx. Round 1 takes the best job
-- (priority, run_at, id) of each of the first `slots` keys with a claimable job and room
-- (key_concurrency minus its running jobs); later rounds the second, third... best.
-- Returns the picked ids in serving order (not locked: job_claim locks them with SKIP
-- LOCKED) and the key served last. A function of its own for plan_cache_mode: planning this
-- statement per call (a custom plan) costs ~10x its execution; its generic plan is the one
-- wanted for every parameter value (the shape is pinned below).
-- Key walk: one probe per key, at most c_max_keys after the cursor and c_max_keys from the
-- start, and only until `slots` keys with a claimable job and room were found (LIMIT stops
-- the recursive scans). `worker_id is null` (true of every waiting job) makes each probe
-- read the heap: an index-only scan would not mark the entries of claimed jobs dead, and
-- every later probe would walk them again.
create or replace function pgfirst_private.job_claim_pick(
  queue text,
  cursor text,
  key_concurrency integer,
  slots integer,
  now timestamptz,
  out ids bigint[],
  out last_key text
)
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
set plan_cache_mode = force_generic_plan
as $$
#variable_conflict use_column
declare
  c_max_keys constant integer := 1000; -- keys walked after the cursor, and again from the start
begin
    with recursive after_c(k, n) as (
      -- two subqueries so that each has an index condition on fair_key (a generic plan of
      -- `cursor is null or fair_key > cursor` would filter every entry of the cursor's key)
      select case when job_claim_pick.cursor is null
                  then (select j.fair_key from pgfirst_private.job j
                         where j.queue = job_claim_pick.queue and j.fair_key >= '' and j.state in ('pending', 'failed')
                           and j.worker_id is null
                         order by j.fair_key limit 1)
                  else (select j.fair_key from pgfirst_private.job j
                         where j.queue = job_claim_pick.queue and j.fair_key > job_claim_pick.cursor
                           and j.state in ('pending', 'failed') and j.worker_id is null
                         order by j.fair_key limit 1)
             end, 1
      union all
      select (select j.fair_key from pgfirst_private.job j
               where j.queue = job_claim_pick.queue and j.fair_key > a.k and j.state in ('pending', 'failed')
                 and j.worker_id is null
               order by j.fair_key limit 1), a.n + 1
        from after_c a where a.k is not null and a.n < c_max_keys
    ), before_c(k, n) as (
      select (select j.fair_key from pgfirst_private.job j
               where j.queue = job_claim_pick.queue and j.fair_key is not null and j.state in ('pending', 'failed')
                 and j.worker_id is null
               order by j.fair_key limit 1), 1
       where job_claim_pick.cursor is not null
      union all
      select (select j.fair_key from pgfirst_private.job j
               where j.queue = job_claim_pick.queue and j.fair_key > b.k and j.state in ('pending', 'failed')
                 and j.worker_id is null
               order by j.fair_key limit 1), b.n + 1
        from before_c b where b.k is not null and b.k < job_claim_pick.cursor and b.n < c_max_keys
    ), ks as (
      select a.k, a.n as pos from after_c a where a.k is not null
      union all
      select b.k, c_max_keys + b.n from before_c b where b.k is not null and b.k <= job_claim_pick.cursor
    ), running as (
      select j.fair_key as k, count(*) as n
        from pgfirst_private.job j
       where job_claim_pick.key_concurrency is not null
         and j.state = 'running' and j.queue = job_claim_pick.queue and j.fair_key is not null
       group by j.fair_key
    ), served as (
      -- the first job_claim_pick.slots keys (in round-robin order) with a claimable job and room:
      -- LIMIT stops the key walk there (the recursive scans run on demand)
      select ks.k, ks.pos, r.room
        from ks
       cross join lateral (
         select least(job_claim_pick.slots::bigint, coalesce(job_claim_pick.key_concurrency
                  - coalesce((select x.n from running x where x.k = ks.k), 0), job_claim_pick.slots::bigint)) as room
       ) r
       -- Plan shape, on purpose (here and in `pick`): a LATERAL ... LIMIT 1, not EXISTS (no
       -- hash semi-join over every ready job of the queue), and fair_key as the range
       -- k..k ordered by fair_key: with `fair_key = k` the planner may walk
       -- job_available_idx in priority order instead, through every job of the big keys,
       -- as its statistics see only them.
       cross join lateral (
         select 1
           from pgfirst_private.job j
          where j.queue = job_claim_pick.queue and j.fair_key >= ks.k and j.fair_key <= ks.k
            and j.state in ('pending', 'failed') and j.run_at <= job_claim_pick.now
            and (j.sequence_key is null or not exists (
                  select from pgfirst_private.job p
                   where p.tenant = j.tenant and p.sequence_key = j.sequence_key and p.id < j.id))
          order by j.fair_key, j.priority desc, j.run_at, j.id
          limit 1
       ) e
       where r.room > 0
       limit job_claim_pick.slots
    ), pick as (
      -- round 1 takes the best job of each key, round 2 the second best, ...
      select s.id, sv.k, sv.pos, s.rn
        from served sv
       cross join lateral (
         select j.id, pg_catalog.row_number() over (order by j.fair_key, j.priority desc, j.run_at, j.id) as rn
           from pgfirst_private.job j
          where j.queue = job_claim_pick.queue and j.fair_key >= sv.k and j.fair_key <= sv.k
            and j.state in ('pending', 'failed') and j.run_at <= job_claim_pick.now
            and (j.sequence_key is null or not exists (
                  select from pgfirst_private.job p
                   where p.tenant = j.tenant and p.sequence_key = j.sequence_key and p.id < j.id))
          order by j.fair_key, j.priority desc, j.run_at, j.id
          limit sv.room
       ) s
       order by s.rn, sv.pos
       limit job_claim_pick.slots
    )
    select pg_catalog.array_agg(pick.id order by pick.rn, pick.pos),
           (pg_catalog.array_agg(pick.k order by pick.rn desc, pick.pos desc))[1]
      into job_claim_pick.ids, job_claim_pick.last_key
      from pick;
end;
$$;

comment on function pgfirst_private.job_claim_pick(text, text, integer, integer, timestamptz) is
  'Internal (job_claim): round-robin pick over the keys of a fair or per-key-limited queue; ids in serving order and the last key served.';
revoke all on function pgfirst_private.job_claim_pick(text, text, integer, integer, timestamptz) from public;
--! EndIncluded functions/_internal/job_claim_pick.sql
--! Included functions/job/job_claim.sql
create or replace function pgfirst.job_claim(
  worker_id text,
  queues text[] default null,
  max_jobs integer default 1,
  lease interval default '30 seconds',
  now timestamptz default null
)
returns table(id bigint, task text, payload jsonb, queue text, tenant text, attempt integer,
              max_attempts integer, lease_expires_at timestamptz, deadline timestamptz)
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- claims rows of pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(job_claim.now) then coalesce(job_claim.now, pg_catalog.now())
                          else pgfirst_private.arg_time(job_claim.now, 'now') end;
  v_skip text[] := '{}';
  v_limited record;
  v_running bigint;
  v_slots integer;
  v_remaining integer := job_claim.max_jobs;
  v_got integer;
  v_tat timestamptz;
  v_cursor text;
  v_ids bigint[];
  v_last_key text;
begin
  if job_claim.worker_id is null or job_claim.worker_id = ''
     or octet_length(job_claim.worker_id) > (pgfirst_private.arg_limits()).name_max_bytes then -- it is indexed (job_running_idx)
    raise exception 'worker_id must be a non-empty text of at most % bytes', (pgfirst_private.arg_limits()).name_max_bytes using errcode = 'PF408',
      hint = 'Use a value unique per worker process, e.g. host:pid:random.';
  end if;
  if job_claim.max_jobs is null or job_claim.max_jobs < 1 or job_claim.max_jobs > (pgfirst_private.arg_limits()).claim_max then
    raise exception 'max_jobs must be between 1 and %', (pgfirst_private.arg_limits()).claim_max using errcode = 'PF404',
      detail = pg_catalog.format('max_jobs was %s.', coalesce(job_claim.max_jobs::text, 'null'));
  end if;
  if job_claim.lease is null or job_claim.lease <= interval '0' or job_claim.lease > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'lease must be a positive interval of at most %', (pgfirst_private.arg_limits()).interval_max using errcode = 'PF407';
  end if;

  -- Queues with a configuration that matters (paused, limited, fair, rate-limited) are few;
  -- unconfigured queues pay only this lookup of a tiny table.
  select coalesce(pg_catalog.array_agg(q.queue), '{}') into v_skip
    from pgfirst_private.job_queue q
   where q.paused or q.concurrency is not null or q.key_concurrency is not null or q.fair
      or q.rate_limit is not null;

  -- Configured queues: one claimer at a time per queue (the queue's job_queue row, locked
  -- FOR NO KEY UPDATE until commit: a role without pgfirst grants cannot take it, as it
  -- could an advisory lock; enqueue's key-share checks do not conflict with it).
  -- Under the lock, a fresh snapshot counts running jobs (per queue and per key) and reads
  -- the rate limiter's state, so the limits hold across all workers. A queue that looks
  -- full (or rate-limited) without the lock is skipped (no convoy on full queues); one with
  -- a free slot waits for the lock instead of skipping it: a claimer that skipped could miss
  -- the slot a completion freed while another claimer held the lock with an older count,
  -- and both would then sleep until their next poll.
  -- Locks are taken in queue-name order, so claimers never deadlock on them.
  if v_skip <> '{}' then
    for v_limited in
      select q.queue, q.concurrency, q.key_concurrency, q.fair, q.rate_limit, q.rate_period, q.rate_tat
        from pgfirst_private.job_queue q
       where not q.paused
         and (q.concurrency is not null or q.key_concurrency is not null or q.fair or q.rate_limit is not null)
         and (job_claim.queues is null or q.queue = any (job_claim.queues))
       order by q.queue
    loop
      exit when v_remaining <= 0;
      if v_limited.concurrency is not null then
        select count(*) into v_running
          from pgfirst_private.job j
         where j.state = 'running' and j.queue = v_limited.queue;
        continue when v_running >= v_limited.concurrency;
      end if;
      -- the rate limiter's next start lies ahead: skip without waiting (tat only grows)
      continue when v_limited.rate_tat > v_now;
      -- nothing ready: no lock (a row lock makes the transaction write: an idle poll would
      -- pay a WAL flush). A job that becomes ready after this check sends a notification.
      continue when not exists (
        select from pgfirst_private.job j
         where j.state in ('pending', 'failed') and j.run_at <= v_now and j.queue = v_limited.queue);
      select q.rate_tat, q.fair_cursor into v_tat, v_cursor
        from pgfirst_private.job_queue q where q.queue = v_limited.queue for no key update;
      v_slots := v_remaining;
      if v_limited.concurrency is not null then
        select count(*) into v_running
          from pgfirst_private.job j
         where j.state = 'running' and j.queue = v_limited.queue;
        v_slots := least(v_limited.concurrency - v_running, v_slots);
      end if;
      if v_limited.rate_limit is not null then
        -- GCRA without burst (the rate_limit_hit arithmetic with a burst of one): a start is
        -- allowed when the theoretical arrival time has come, and moves it one emission
        -- interval (rate_period / rate_limit) on; so starts are at least that far apart and
        -- no window of rate_period holds more than rate_limit of them. One start per claim.
        continue when v_tat > v_now;
        v_slots := least(v_slots, 1);
      end if;
      continue when v_slots <= 0;

      if v_limited.fair or v_limited.key_concurrency is not null then
        -- Keyed queue (fair_key = concurrency_key, else tenant): round-robin over the keys
        -- with claimable jobs and room, starting after the last key served (fair_cursor);
        -- see pgfirst_private.job_claim_pick.
        select p.ids, p.last_key into v_ids, v_last_key
          from pgfirst_private.job_claim_pick(v_limited.queue, v_cursor, v_limited.key_concurrency, v_slots, v_now) p;
        continue when v_ids is null;
        -- The picks were read without row locks: lock them now, skipping rows another
        -- transaction (cancel, reap) holds, and re-check that they are still ready.
        return query
          with c as (
            select j.id
              from pgfirst_private.job j
             where j.id = any (v_ids) and j.state in ('pending', 'failed') and j.run_at <= v_now
               for update skip locked
          )
          update pgfirst_private.job j
             set state = 'running', worker_id = job_claim.worker_id, attempt = j.attempt + 1,
                 lease_expires_at = v_now + job_claim.lease, lease_duration = job_claim.lease,
                 claimed_at = v_now, cancel_requested = false, updated_at = v_now
            from c
           where j.id = c.id
          returning j.id, j.task, j.payload, j.queue, j.tenant, j.attempt, j.max_attempts, j.lease_expires_at,
                    v_now + j.max_run_time;
      else
        return query
          with c as (
            select j.id
              from pgfirst_private.job j
             where j.state in ('pending', 'failed')
               and j.run_at <= v_now
               and j.queue = v_limited.queue
               and (j.sequence_key is null or not exists (
                     select from pgfirst_private.job p
                      where p.tenant = j.tenant and p.sequence_key = j.sequence_key and p.id < j.id))
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
          returning j.id, j.task, j.payload, j.queue, j.tenant, j.attempt, j.max_attempts, j.lease_expires_at,
                    v_now + j.max_run_time;
      end if;
      get diagnostics v_got = row_count;
      v_remaining := v_remaining - v_got;
      if v_got > 0 and (v_limited.rate_limit is not null or v_last_key is not null) then
        update pgfirst_private.job_queue q
           set rate_tat = case when q.rate_limit is null then q.rate_tat
                               else greatest(coalesce(v_tat, v_now), v_now) + v_got * (q.rate_period / q.rate_limit) end,
               fair_cursor = coalesce(v_last_key, q.fair_cursor)
         where q.queue = v_limited.queue;
      end if;
      v_ids := null;
      v_last_key := null;
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
         and (j.sequence_key is null or not exists (
               select from pgfirst_private.job p
                where p.tenant = j.tenant and p.sequence_key = j.sequence_key and p.id < j.id))
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
    returning j.id, j.task, j.payload, j.queue, j.tenant, j.attempt, j.max_attempts, j.lease_expires_at,
                  v_now + j.max_run_time;
end;
$$;

comment on function pgfirst.job_claim(text, text[], integer, interval, timestamptz) is
  'Claims up to max_jobs ready jobs (highest priority, then earliest run_at, then id) for worker_id with FOR UPDATE SKIP LOCKED and a lease; skips paused queues and honours queue concurrency limits, per-key limits, fairness (round-robin over keys) and rate limits across all workers, and sequences (a job waits for the earlier jobs of its sequence_key). deadline: claimed_at + max_run_time (null without one). Call in its own transaction (READ COMMITTED).';
revoke all on function pgfirst.job_claim(text, text[], integer, interval, timestamptz) from public;
grant execute on function pgfirst.job_claim(text, text[], integer, interval, timestamptz) to pgfirst_worker;
--! EndIncluded functions/job/job_claim.sql
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
  v_now timestamptz := case when pgfirst_private.arg_time_ok(job_reap.now) then coalesce(job_reap.now, pg_catalog.now())
                          else pgfirst_private.arg_time(job_reap.now, 'now') end;
  v_back integer;
  v_dead pgfirst_private.job[];
  v_spent pgfirst_private.job[];
  v_cancelled pgfirst_private.job[];
begin
  -- Expired leases with attempts left: back to the queue at once (the attempt counts).
  -- Jobs running longer than their max_run_time ('timed out'): back to the queue after the
  -- retry backoff, as a failed attempt (the worker aborts its handler at the deadline).
  with x as (
    select j.id, (j.claimed_at + j.max_run_time < v_now) as timed_out
      from pgfirst_private.job j
     where j.state = 'running'
       and (j.lease_expires_at < v_now or j.claimed_at + j.max_run_time < v_now)
       and j.attempt < j.max_attempts
       and not j.cancel_requested
       for update skip locked
  )
  update pgfirst_private.job j
     set state = 'failed',
         run_at = case when x.timed_out then v_now + pgfirst_private.job_backoff(j.id, j.attempt) else v_now end,
         worker_id = null,
         lease_expires_at = null, lease_duration = null,
         last_error = case when x.timed_out then 'timed out' else 'lease expired' end,
         errors = pgfirst_private.job_error_push(j.errors, pg_catalog.jsonb_build_object(
                    'at', v_now, 'attempt', j.attempt, 'worker_id', j.worker_id,
                    'error', case when x.timed_out then 'timed out' else 'lease expired' end)),
         updated_at = v_now
    from x
   where j.id = x.id;
  get diagnostics v_back = row_count;

  -- Expired leases on the last attempt (dead) or of a job whose cancellation was requested
  -- (cancelled: its worker is gone, and running it again would undo the cancel).
  with x as (
    select j.id
      from pgfirst_private.job j
     where j.state = 'running'
       and (j.lease_expires_at < v_now or j.claimed_at + j.max_run_time < v_now)
       and (j.attempt >= j.max_attempts or j.cancel_requested)
       for update skip locked
  ), d as (
    delete from pgfirst_private.job j using x where j.id = x.id returning j
  )
  select pg_catalog.array_agg(d.j) into v_dead from d;
  if v_dead is not null then
    select pg_catalog.array_agg(g.r) filter (where not (g.r).cancel_requested),
           pg_catalog.array_agg(g.r) filter (where (g.r).cancel_requested)
      into v_spent, v_cancelled
      from (select pg_catalog.jsonb_populate_record(r, pg_catalog.jsonb_build_object(
                     'last_error', e.error, 'updated_at', v_now,
                     'errors', pgfirst_private.job_error_push(r.errors, pg_catalog.jsonb_build_object(
                       'at', v_now, 'attempt', r.attempt, 'worker_id', r.worker_id, 'error', e.error)))) as r
              from pg_catalog.unnest(v_dead) r
             cross join lateral (select case when r.claimed_at + r.max_run_time < v_now then 'timed out'
                                             else 'lease expired' end as error) e) g;
    if v_spent is not null then
      perform pgfirst_private.job_finished(v_spent, 'dead', v_now);
    end if;
    if v_cancelled is not null then
      perform pgfirst_private.job_finished(v_cancelled, 'cancelled', v_now);
    end if;
  end if;
  return v_back + coalesce(pg_catalog.cardinality(v_dead), 0);
end;
$$;

comment on function pgfirst.job_reap(timestamptz) is
  'Returns jobs whose lease expired before now to the queue (ready at once, the attempt counted) and jobs running longer than their max_run_time (last_error ''timed out'', retried after the backoff), to dead when it was the last attempt, or to cancelled when job_cancel had flagged it; returns how many. Safe to call from many processes (SKIP LOCKED); reads only the small running index.';
revoke all on function pgfirst.job_reap(timestamptz) from public;
grant execute on function pgfirst.job_reap(timestamptz) to pgfirst_worker;
--! EndIncluded functions/job/job_reap.sql
--! Included functions/job/job_progress.sql
create or replace function pgfirst.job_progress(
  id bigint,
  worker_id text,
  progress jsonb
)
returns boolean
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_found boolean;
begin
  if job_progress.worker_id is null or job_progress.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  if pg_catalog.pg_column_size(job_progress.progress) > (pgfirst_private.arg_limits()).payload_max_bytes then
    raise exception 'job progress is at most % bytes', (pgfirst_private.arg_limits()).payload_max_bytes using errcode = 'PF445',
      detail = pg_catalog.format('progress: %s bytes (jsonb datum).', pg_catalog.pg_column_size(job_progress.progress));
  end if;
  -- Fenced like job_complete; progress is not indexed, so this is a HOT update.
  update pgfirst_private.job j
     set progress = job_progress.progress
   where j.id = job_progress.id and j.state = 'running' and j.worker_id = job_progress.worker_id
  returning true into v_found;
  return coalesce(v_found, false);
end;
$$;

comment on function pgfirst.job_progress(bigint, text, jsonb) is
  'Records the progress (any JSON, replaced on each call; null clears it) of a running job leased to worker_id; shown by job_get while the job is live. Returns false (nothing changed) when the job is not leased to this worker.';
revoke all on function pgfirst.job_progress(bigint, text, jsonb) from public;
grant execute on function pgfirst.job_progress(bigint, text, jsonb) to pgfirst_worker;
--! EndIncluded functions/job/job_progress.sql
--! Included functions/job/job_get.sql
create or replace function pgfirst.job_get(id bigint)
returns table(id bigint, task text, queue text, tenant text, state text, attempt integer,
              max_attempts integer, run_at timestamptz, last_error text,
              created_at timestamptz, updated_at timestamptz, progress jsonb)
language sql
stable
parallel safe
strict
security definer -- reads pgfirst_private.job, job_dead and job_archive
set search_path = pg_catalog, pg_temp
as $$
  -- live first, then dead letters, then the archive (a retried job may have an archived copy)
  select x.id, x.task, x.queue, x.tenant, x.state, x.attempt, x.max_attempts, x.run_at,
         x.last_error, x.created_at, x.updated_at, x.progress
    from (
      select 1 as rank, j.id, j.task, j.queue, j.tenant, j.state, j.attempt, j.max_attempts, j.run_at,
             j.last_error, j.created_at, j.updated_at, j.progress
        from pgfirst_private.job j
       where j.id = job_get.id
      union all
      select 2, d.id, d.task, d.queue, d.tenant, d.state, d.attempt, d.max_attempts, d.run_at,
             d.last_error, d.created_at, d.updated_at, null::jsonb
        from pgfirst_private.job_dead d
       where d.id = job_get.id
      union all
      select 3, a.id, a.task, a.queue, a.tenant, a.state, a.attempt, a.max_attempts, a.run_at,
             a.last_error, a.created_at, a.updated_at, null::jsonb
        from pgfirst_private.job_archive a
       where a.id = job_get.id
    ) x
   order by x.rank
   limit 1
$$;

comment on function pgfirst.job_get(bigint) is
  'One job by id: live (waiting, pending, failed, running), dead letter (dead, cancelled) or archived (done, dead, cancelled, for queues with keep_finished); zero rows for an unknown job or a completed job that was not archived. progress: the last job_progress of a live job (null once it finished). Primary-key lookups (one per archive partition).';
revoke all on function pgfirst.job_get(bigint) from public;
grant execute on function pgfirst.job_get(bigint) to pgfirst_app;
--! EndIncluded functions/job/job_get.sql
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
  v_moved bigint[];
begin
  if not pgfirst_private.arg_time_ok(job_retry.run_at) then
    perform pgfirst_private.arg_time(job_retry.run_at, 'run_at');
  end if;
  -- Same id, fresh attempts. If a live job already holds the job_key, the dead one is left
  -- where it is (the live job covers the work) and false is returned.
  perform from pgfirst_private.job_dead x where x.id = job_retry.id for update;
  if not found then
    return false;
  end if;
  v_moved := pgfirst_private.job_dead_revive(array[job_retry.id], job_retry.run_at, v_now);
  if pg_catalog.cardinality(v_moved) = 0 then
    return false;
  end if;
  -- job_retry is an admin action: audited like the dashboard's bulk retry
  perform pgfirst_private.audit_write('job_retry', job_retry.id::text,
    pg_catalog.jsonb_build_object('run_at', coalesce(job_retry.run_at, v_now)));
  return true;
end;
$$;

comment on function pgfirst.job_retry(bigint, timestamptz) is
  'Moves a dead or cancelled job back to pending (same id, attempts reset) to run at run_at (default now); recorded in the admin audit. False when there is no such dead letter or a live job holds its job_key.';
revoke all on function pgfirst.job_retry(bigint, timestamptz) from public;
grant execute on function pgfirst.job_retry(bigint, timestamptz) to pgfirst_admin;
--! EndIncluded functions/job/job_retry.sql

-- job_detail (language sql) reads columns added above by issue 15 (progress, workflow_id, result)
--! Included functions/job/job_detail.sql
create or replace function pgfirst.job_detail(id bigint)
returns table(id bigint, state text, queue text, task text, tenant text, priority integer,
              attempt integer, max_attempts integer, run_at timestamptz, created_at timestamptz,
              updated_at timestamptz, finished_at timestamptz, last_error text, job_key text,
              payload jsonb, errors jsonb, worker_id text, lease_expires_at timestamptz,
              claimed_at timestamptz, cancel_requested boolean, progress jsonb, result jsonb,
              workflow_id bigint)
language sql
stable
parallel safe
strict
security definer -- reads pgfirst_private.job, job_dead and job_archive
set search_path = pg_catalog, pg_temp
as $$
  -- live first, then dead letters, then the newest archive row (as job_get)
  select x.id, x.state, x.queue, x.task, x.tenant, x.priority, x.attempt, x.max_attempts, x.run_at,
         x.created_at, x.updated_at, x.finished_at, x.last_error, x.job_key, x.payload, x.errors,
         x.worker_id, x.lease_expires_at, x.claimed_at, x.cancel_requested, x.progress,
         coalesce(x.result, r.result), coalesce(x.workflow_id, r.workflow_id)
    from (
      select 1 as rank, j.id,
             case when j.state = 'pending' and j.run_at > pg_catalog.now() then 'scheduled' else j.state end as state,
             j.queue, j.task, j.tenant, j.priority, j.attempt, j.max_attempts, j.run_at, j.created_at,
             j.updated_at, null::timestamptz as finished_at, j.last_error, j.job_key, j.payload, j.errors,
             j.worker_id, j.lease_expires_at, j.claimed_at, j.cancel_requested, j.progress,
             null::jsonb as result, j.workflow_id
        from pgfirst_private.job j
       where j.id = job_detail.id
      union all
      select 2, d.id, d.state, d.queue, d.task, d.tenant, d.priority, d.attempt, d.max_attempts, d.run_at,
             d.created_at, d.updated_at, d.finished_at, d.last_error, d.job_key, d.payload, d.errors,
             null, null, null, false, null, null, null
        from pgfirst_private.job_dead d
       where d.id = job_detail.id
      union all
      select 3, a.id, a.state, a.queue, a.task, a.tenant, a.priority, a.attempt, a.max_attempts, a.run_at,
             a.created_at, a.updated_at, a.finished_at, a.last_error, a.job_key, a.payload, a.errors,
             null, null, a.claimed_at, false, null, a.result, null
        from pgfirst_private.job_archive a
       where a.id = job_detail.id
    ) x
    -- a finished job's result and workflow live in its finish record (job_result) while kept
    left join pgfirst_private.job_result r on r.id = x.id and x.rank > 1
   order by x.rank, x.finished_at desc
   limit 1
$$;

comment on function pgfirst.job_detail(bigint) is
  'One job by id with payload and attempt history (errors: array of {attempt, at, error, worker_id}, the newest job.error_history entries), from the live table, the dead letters or the archive (newest copy); zero rows when unknown. progress: the last job_progress of a live job; result: the stored JSON result of a finished job (job_result, or the archive); workflow_id: the workflow it belongs to. Primary-key lookups.';
revoke all on function pgfirst.job_detail(bigint) from public;
grant execute on function pgfirst.job_detail(bigint) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/job/job_detail.sql
