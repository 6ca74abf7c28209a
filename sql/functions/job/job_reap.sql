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
  v_now timestamptz := case when pgfirst_private.arg_time_ok(job_reap.now) then coalesce(job_reap.now, pg_catalog.now())
                          else pgfirst_private.arg_time(job_reap.now, 'now') end;
  v_back integer;
  v_dead pgfirst_private.job[];
  v_spent pgfirst_private.job[];
  v_cancelled pgfirst_private.job[];
begin
  -- Expired leases with attempts left: back to the queue at once (the attempt counts).
  -- Jobs running longer than their max_run_time ('timed out'): back to the queue after the
  -- retry backoff, as a failed attempt (the worker aborts its handler at the deadline).
  with x as (
    select j.id, (j.claimed_at + j.max_run_time < v_now) as timed_out
      from pgfirst_private.job j
     where j.state = 'running'
       and (j.lease_expires_at < v_now or j.claimed_at + j.max_run_time < v_now)
       and j.attempt < j.max_attempts
       and not j.cancel_requested
       for update skip locked
  )
  update pgfirst_private.job j
     set state = 'failed',
         run_at = case when x.timed_out then v_now + pgfirst_private.job_backoff(j.id, j.attempt) else v_now end,
         worker_id = null,
         lease_expires_at = null, lease_duration = null,
         last_error = case when x.timed_out then 'timed out' else 'lease expired' end,
         errors = pgfirst_private.job_error_push(j.errors, pg_catalog.jsonb_build_object(
                    'at', v_now, 'attempt', j.attempt, 'worker_id', j.worker_id,
                    'error', case when x.timed_out then 'timed out' else 'lease expired' end)),
         updated_at = v_now
    from x
   where j.id = x.id;
  get diagnostics v_back = row_count;

  -- Expired leases on the last attempt (dead) or of a job whose cancellation was requested
  -- (cancelled: its worker is gone, and running it again would undo the cancel).
  with x as (
    select j.id
      from pgfirst_private.job j
     where j.state = 'running'
       and (j.lease_expires_at < v_now or j.claimed_at + j.max_run_time < v_now)
       and (j.attempt >= j.max_attempts or j.cancel_requested)
       for update skip locked
  ), d as (
    delete from pgfirst_private.job j using x where j.id = x.id returning j
  )
  select pg_catalog.array_agg(d.j) into v_dead from d;
  if v_dead is not null then
    select pg_catalog.array_agg(g.r) filter (where not (g.r).cancel_requested),
           pg_catalog.array_agg(g.r) filter (where (g.r).cancel_requested)
      into v_spent, v_cancelled
      from (select pg_catalog.jsonb_populate_record(r, pg_catalog.jsonb_build_object(
                     'last_error', e.error, 'updated_at', v_now,
                     'errors', pgfirst_private.job_error_push(r.errors, pg_catalog.jsonb_build_object(
                       'at', v_now, 'attempt', r.attempt, 'worker_id', r.worker_id, 'error', e.error)))) as r
              from pg_catalog.unnest(v_dead) r
             cross join lateral (select case when r.claimed_at + r.max_run_time < v_now then 'timed out'
                                             else 'lease expired' end as error) e) g;
    if v_spent is not null then
      perform pgfirst_private.job_finished(v_spent, 'dead', v_now);
    end if;
    if v_cancelled is not null then
      perform pgfirst_private.job_finished(v_cancelled, 'cancelled', v_now);
    end if;
  end if;
  return v_back + coalesce(pg_catalog.cardinality(v_dead), 0);
end;
$$;

comment on function pgfirst.job_reap(timestamptz) is
  'Returns jobs whose lease expired before now to the queue (ready at once, the attempt counted) and jobs running longer than their max_run_time (last_error ''timed out'', retried after the backoff), to dead when it was the last attempt, or to cancelled when job_cancel had flagged it; returns how many. Safe to call from many processes (SKIP LOCKED); reads only the small running index.';
revoke all on function pgfirst.job_reap(timestamptz) from public;
grant execute on function pgfirst.job_reap(timestamptz) to pgfirst_worker;
