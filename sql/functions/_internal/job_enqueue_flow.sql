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
  v_state text;
  v_fair_key text;
  v_unchanged boolean;
begin
  if job_enqueue_flow.id = job_enqueue_flow.existing then
    return job_enqueue_flow.id; -- mode keep returned the job that held the key: left alone
  end if;
  -- Read the row first and write it only when a flow-control column changes: a keyed enqueue
  -- without flow-control arguments on an unkeyed queue (the common case) leaves the row the
  -- upsert wrote as it is, instead of writing a second version of it.
  select j.tenant, j.job_key, j.state, f.fair_key,
         (j.concurrency_key, j.sequence_key, j.max_run_time, j.unique_for, j.fair_key)
           is not distinct from (job_enqueue_flow.concurrency_key, job_enqueue_flow.sequence_key,
                                 job_enqueue_flow.max_run_time, job_enqueue_flow.unique_for, f.fair_key)
    into v_tenant, v_key, v_state, v_fair_key, v_unchanged
    from pgfirst_private.job j
    left join lateral (
      select coalesce(job_enqueue_flow.concurrency_key, j.tenant) as fair_key
        from pgfirst_private.job_queue q
       where q.queue = j.queue and (q.fair or q.key_concurrency is not null)
    ) f on true
   where j.id = job_enqueue_flow.id;
  if v_key is null or v_state = 'running' then
    return job_enqueue_flow.id; -- 'keep' returned a running job: left alone
  end if;
  if not v_unchanged then
    update pgfirst_private.job j
       set concurrency_key = job_enqueue_flow.concurrency_key,
           sequence_key = job_enqueue_flow.sequence_key,
           max_run_time = job_enqueue_flow.max_run_time,
           unique_for = job_enqueue_flow.unique_for,
           fair_key = v_fair_key
     where j.id = job_enqueue_flow.id and j.state <> 'running';
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
