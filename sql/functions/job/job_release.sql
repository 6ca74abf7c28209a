create or replace function pgfirst.job_release(
  ids bigint[],
  worker_id text,
  now timestamptz default null
)
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
  v_now timestamptz := case when pgfirst_private.arg_time_ok(job_release.now) then coalesce(job_release.now, pg_catalog.now())
                          else pgfirst_private.arg_time(job_release.now, 'now') end;
  v_n integer;
  v_cancelled pgfirst_private.job[];
begin
  if job_release.worker_id is null or job_release.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  if pg_catalog.cardinality(job_release.ids) > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'job_release takes at most % ids per call', (pgfirst_private.arg_limits()).batch_max using errcode = 'PF415',
      detail = pg_catalog.format('%s ids.', pg_catalog.cardinality(job_release.ids));
  end if;
  -- A job whose cancellation was requested is not handed back: it becomes cancelled.
  with d as (
    delete from pgfirst_private.job j
     where j.id = any (job_release.ids)
       and j.state = 'running'
       and j.worker_id = job_release.worker_id
       and j.cancel_requested
    returning j
  )
  select pg_catalog.array_agg(d.j) into v_cancelled from d;
  if v_cancelled is not null then
    perform pgfirst_private.job_finished(v_cancelled, 'cancelled', v_now);
  end if;
  -- The attempt did not happen (graceful shutdown): give it back, uncounted, ready now.
  update pgfirst_private.job j
     set state = case when j.attempt > 1 then 'failed' else 'pending' end,
         attempt = j.attempt - 1, run_at = v_now, worker_id = null,
         lease_expires_at = null, lease_duration = null, updated_at = v_now
   where j.id = any (job_release.ids)
     and j.state = 'running'
     and j.worker_id = job_release.worker_id;
  get diagnostics v_n = row_count;
  if v_n > 0 then
    perform pgfirst_private.job_notify(q.queue)
       from (select distinct j.queue from pgfirst_private.job j where j.id = any (job_release.ids)) q;
  end if;
  return v_n + coalesce(pg_catalog.cardinality(v_cancelled), 0);
end;
$$;

comment on function pgfirst.job_release(bigint[], text, timestamptz) is
  'Hands jobs leased to worker_id back to the queue without counting the attempt (graceful shutdown); a job flagged by job_cancel becomes cancelled instead. Fenced like job_complete. Returns how many jobs left this worker.';
revoke all on function pgfirst.job_release(bigint[], text, timestamptz) from public;
grant execute on function pgfirst.job_release(bigint[], text, timestamptz) to pgfirst_worker;
