create or replace function pgfirst.job_heartbeat(
  worker_id text,
  lease interval default null,
  now timestamptz default null
)
returns table(id bigint, cancel_requested boolean)
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(job_heartbeat.now) then coalesce(job_heartbeat.now, pg_catalog.now())
                          else pgfirst_private.arg_time(job_heartbeat.now, 'now') end;
begin
  if job_heartbeat.worker_id is null or job_heartbeat.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  if job_heartbeat.lease <= interval '0' or job_heartbeat.lease > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'lease must be a positive interval of at most %', (pgfirst_private.arg_limits()).interval_max using errcode = 'PF407';
  end if;
  -- Only lease_expires_at changes: no indexed column, so this is a HOT update.
  return query
    update pgfirst_private.job j
       set lease_expires_at = v_now + coalesce(job_heartbeat.lease, j.lease_duration)
     where j.state = 'running'
       and j.worker_id = job_heartbeat.worker_id
    returning j.id, j.cancel_requested;
end;
$$;

comment on function pgfirst.job_heartbeat(text, interval, timestamptz) is
  'Extends every lease worker_id holds to now + lease (default: each job''s claim lease) in one statement; returns the jobs still held and whether cancellation was requested. A job missing from the result was reaped: stop working on it.';
revoke all on function pgfirst.job_heartbeat(text, interval, timestamptz) from public;
grant execute on function pgfirst.job_heartbeat(text, interval, timestamptz) to pgfirst_worker;
