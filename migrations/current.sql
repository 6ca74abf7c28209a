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

--!include functions/_internal/audit_write.sql
--!include functions/_internal/job_filter_check.sql
--!include functions/_internal/job_dead_revive.sql
--!include functions/_internal/job_cancel_audit.sql
--!include functions/_internal/job_list_page.sql
--!include functions/job/job_list.sql
--!include functions/_internal/queue_throughput_rows.sql
--!include functions/job/queue_throughput.sql
--!include functions/job/queue_pause.sql
--!include functions/job/queue_resume.sql
--!include functions/job/job_retry_many.sql
--!include functions/job/job_cancel_many.sql
--!include functions/schedule/schedule_enable.sql
--!include functions/schedule/schedule_disable.sql
--!include functions/schedule/schedule_run_now.sql
--!include functions/_internal/login_lockout_rows.sql
--!include functions/rate_limit/login_lockouts.sql
--!include functions/rate_limit/login_unlock_subject.sql
--!include functions/dropdown/dropdown_refresh_now.sql
--!include functions/dashboard/dashboard_overview.sql
--!include functions/dashboard/audit_log.sql

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
--!include triggers/dropdown_source__mark_changed.sql
--!include functions/dropdown/dropdown_refresh.sql
--!include functions/_internal/dropdown_fold.sql
grant execute on function pgfirst_private.dropdown_fold(text) to pgfirst_dropdown;
--!include functions/_internal/dropdown_cursor_decode.sql
--!include functions/_internal/dropdown_view_create.sql
--!include functions/_internal/dropdown_generate.sql
--!include functions/_internal/dropdown_dispatch_rebuild.sql
--!include functions/dropdown/dropdown_define.sql
--!include functions/dropdown/dropdown_drop.sql
--!include functions/dropdown/dropdown_search.sql
--!include functions/dropdown/dropdown_lookup.sql

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

--!include functions/_internal/hot_settings.sql
--!include triggers/setting__hot_sync.sql
drop trigger if exists setting__hot_sync on pgfirst_private.setting;
create trigger setting__hot_sync
  after insert or update or delete or truncate on pgfirst_private.setting
  for each statement execute function pgfirst_private.setting_hot_sync();
select pgfirst_private.hot_settings_sync();
--!include functions/cache/cache_get.sql
--!include functions/cache/cache_get_many.sql
--!include functions/session/session_get.sql

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

--!include functions/_internal/job_resolve.sql
--!include functions/_internal/job_settle.sql
--!include functions/_internal/job_depend.sql
--!include functions/_internal/job_result_purge.sql
drop function if exists pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz);
drop function if exists pgfirst.job_complete(bigint[], text, timestamptz, integer[]);
--!include functions/job/job_complete.sql
--!include functions/job/job_cancel.sql

--!include functions/job/job_result.sql
--!include functions/job/job_result_channel.sql
--!include functions/job/queue_stats.sql
--!include functions/_internal/workflow_build.sql
--!include functions/job/workflow_enqueue.sql
--!include functions/job/workflow_status.sql
--!include functions/core/maintenance.sql

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

--!include functions/_internal/job_finished.sql
--!include functions/_internal/job_dead_purge.sql
--!include functions/_internal/job_enqueue_flow.sql
--!include functions/job/job_enqueue.sql
--!include functions/job/job_enqueue_many.sql
--!include functions/job/queue_configure.sql
--!include functions/_internal/job_claim_pick.sql
--!include functions/job/job_claim.sql
--!include functions/job/job_reap.sql
--!include functions/job/job_progress.sql
--!include functions/job/job_get.sql
--!include functions/job/job_retry.sql

-- job_detail (language sql) reads columns added above by issue 15 (progress, workflow_id, result)
--!include functions/job/job_detail.sql
