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
