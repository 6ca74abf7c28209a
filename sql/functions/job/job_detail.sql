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
