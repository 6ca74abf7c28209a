create or replace function pgfirst.job_retry(id bigint, run_at timestamptz default null)
returns boolean
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- moves rows from pgfirst_private.job_dead to pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_moved bigint[];
begin
  if not pgfirst_private.arg_time_ok(job_retry.run_at) then
    perform pgfirst_private.arg_time(job_retry.run_at, 'run_at');
  end if;
  -- Same id, fresh attempts. If a live job already holds the job_key, the dead one is left
  -- where it is (the live job covers the work) and false is returned.
  perform from pgfirst_private.job_dead x where x.id = job_retry.id for update;
  if not found then
    return false;
  end if;
  v_moved := pgfirst_private.job_dead_revive(array[job_retry.id], job_retry.run_at, v_now);
  if pg_catalog.cardinality(v_moved) = 0 then
    return false;
  end if;
  -- job_retry is an admin action: audited like the dashboard's bulk retry
  perform pgfirst_private.audit_write('job_retry', job_retry.id::text,
    pg_catalog.jsonb_build_object('run_at', coalesce(job_retry.run_at, v_now)));
  return true;
end;
$$;

comment on function pgfirst.job_retry(bigint, timestamptz) is
  'Moves a dead or cancelled job back to pending (same id, attempts reset) to run at run_at (default now); recorded in the admin audit. False when there is no such dead letter or a live job holds its job_key.';
revoke all on function pgfirst.job_retry(bigint, timestamptz) from public;
grant execute on function pgfirst.job_retry(bigint, timestamptz) to pgfirst_admin;
