create or replace function pgfirst.job_cancel(id bigint)
returns boolean
language plpgsql
volatile
parallel unsafe
strict
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_gone pgfirst_private.job[];
begin
  -- A running job is only flagged: its worker sees the flag on the next heartbeat, aborts,
  -- and its job_fail turns the job into cancelled (a job_complete still marks it done).
  update pgfirst_private.job j
     set cancel_requested = true, updated_at = pg_catalog.now()
   where j.id = job_cancel.id and j.state = 'running';
  if found then
    perform pgfirst_private.job_cancel_audit(job_cancel.id, 'running');
    return true;
  end if;
  with d as (
    delete from pgfirst_private.job j
     where j.id = job_cancel.id and j.state in ('waiting', 'pending', 'failed')
    returning j
  )
  select pg_catalog.array_agg(d.j) into v_gone from d;
  if v_gone is null then
    return false;
  end if;
  perform pgfirst_private.job_finished(v_gone, 'cancelled', pg_catalog.now());
  perform pgfirst_private.job_cancel_audit(job_cancel.id, (v_gone[1]).state);
  return true;
end;
$$;

comment on function pgfirst.job_cancel(bigint) is
  'Cancels a job: a job not running (waiting for dependencies, pending, failed) becomes cancelled at once, and so do (per their on_dependency_failure) the jobs depending on it (kept as a dead letter for job_retry); a running one is flagged for its worker (job_heartbeat reports it). False when the job is not live.';
revoke all on function pgfirst.job_cancel(bigint) from public;
grant execute on function pgfirst.job_cancel(bigint) to pgfirst_app;
