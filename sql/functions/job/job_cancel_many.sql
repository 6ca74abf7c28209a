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
