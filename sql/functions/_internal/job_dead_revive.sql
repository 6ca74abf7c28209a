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
