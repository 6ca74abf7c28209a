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
