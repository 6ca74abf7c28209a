create or replace function pgfirst.job_reap(now timestamptz default null)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(job_reap.now, pg_catalog.now());
  v_back integer;
  v_dead pgfirst_private.job[];
begin
  -- Expired leases with attempts left: back to the queue at once (the attempt counts).
  with x as (
    select j.id
      from pgfirst_private.job j
     where j.state = 'running' and j.lease_expires_at < v_now and j.attempt < j.max_attempts
       for update skip locked
  )
  update pgfirst_private.job j
     set state = 'failed', run_at = v_now, worker_id = null,
         lease_expires_at = null, lease_duration = null,
         last_error = 'lease expired',
         errors = pgfirst_private.job_error_push(j.errors, pg_catalog.jsonb_build_object(
                    'at', v_now, 'attempt', j.attempt, 'worker_id', j.worker_id, 'error', 'lease expired')),
         updated_at = v_now
    from x
   where j.id = x.id;
  get diagnostics v_back = row_count;

  -- Expired leases on the last attempt: dead.
  with x as (
    select j.id
      from pgfirst_private.job j
     where j.state = 'running' and j.lease_expires_at < v_now and j.attempt >= j.max_attempts
       for update skip locked
  ), d as (
    delete from pgfirst_private.job j using x where j.id = x.id returning j
  )
  select pg_catalog.array_agg(d.j) into v_dead from d;
  if v_dead is not null then
    perform pgfirst_private.job_finished(
      (select pg_catalog.array_agg(pg_catalog.jsonb_populate_record(r, pg_catalog.jsonb_build_object(
                'last_error', 'lease expired', 'updated_at', v_now,
                'errors', pgfirst_private.job_error_push(r.errors, pg_catalog.jsonb_build_object(
                  'at', v_now, 'attempt', r.attempt, 'worker_id', r.worker_id, 'error', 'lease expired')))))
         from pg_catalog.unnest(v_dead) r),
      'dead', v_now);
  end if;
  return v_back + coalesce(pg_catalog.cardinality(v_dead), 0);
end;
$$;

comment on function pgfirst.job_reap(timestamptz) is
  'Returns jobs whose lease expired before now to the queue (ready at once, the attempt counted) or to dead when it was the last attempt; returns how many. Safe to call from many processes (SKIP LOCKED); reads only the small running index.';
revoke all on function pgfirst.job_reap(timestamptz) from public;
grant execute on function pgfirst.job_reap(timestamptz) to pgfirst_worker;
