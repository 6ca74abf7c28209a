-- Tables, types, indexes, then one include line per sql/ file this change touches.

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
