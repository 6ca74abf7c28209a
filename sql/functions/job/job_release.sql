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
  v_now timestamptz := coalesce(job_release.now, pg_catalog.now());
  v_n integer;
begin
  if job_release.worker_id is null or job_release.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
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
  return v_n;
end;
$$;

comment on function pgfirst.job_release(bigint[], text, timestamptz) is
  'Hands jobs leased to worker_id back to the queue without counting the attempt (graceful shutdown); fenced like job_complete. Returns how many were released.';
revoke all on function pgfirst.job_release(bigint[], text, timestamptz) from public;
grant execute on function pgfirst.job_release(bigint[], text, timestamptz) to pgfirst_worker;
