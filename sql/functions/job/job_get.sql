create or replace function pgfirst.job_get(id bigint)
returns table(id bigint, task text, queue text, tenant text, state text, attempt integer,
              max_attempts integer, run_at timestamptz, last_error text,
              created_at timestamptz, updated_at timestamptz)
language sql
stable
strict
security definer -- reads pgfirst_private.job and job_dead
set search_path = pg_catalog, pg_temp
as $$
  select j.id, j.task, j.queue, j.tenant, j.state, j.attempt, j.max_attempts, j.run_at,
         j.last_error, j.created_at, j.updated_at
    from pgfirst_private.job j
   where j.id = job_get.id
  union all
  select d.id, d.task, d.queue, d.tenant, d.state, d.attempt, d.max_attempts, d.run_at,
         d.last_error, d.created_at, d.updated_at
    from pgfirst_private.job_dead d
   where d.id = job_get.id
$$;

comment on function pgfirst.job_get(bigint) is
  'One job by id: live (pending, failed, running) or dead letter (dead, cancelled); zero rows for an unknown or completed job. Two primary-key lookups.';
revoke all on function pgfirst.job_get(bigint) from public;
grant execute on function pgfirst.job_get(bigint) to pgfirst_app;
