-- Tables, types, indexes, then one include line per sql/ file this change touches.

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

--!include functions/_internal/job_finished.sql
--!include functions/_internal/job_resolve.sql
--!include functions/_internal/job_settle.sql
--!include functions/_internal/job_depend.sql
--!include functions/_internal/job_result_purge.sql
drop function if exists pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz);
--!include functions/job/job_enqueue.sql
--!include functions/job/job_enqueue_many.sql
drop function if exists pgfirst.job_complete(bigint[], text, timestamptz, integer[]);
--!include functions/job/job_complete.sql
--!include functions/job/job_cancel.sql
--!include functions/job/job_retry.sql
--!include functions/job/job_get.sql
--!include functions/job/job_result.sql
--!include functions/job/job_result_channel.sql
--!include functions/job/queue_stats.sql
--!include functions/_internal/workflow_build.sql
--!include functions/job/workflow_enqueue.sql
--!include functions/job/workflow_status.sql
--!include functions/core/maintenance.sql
