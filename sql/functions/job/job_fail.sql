create or replace function pgfirst.job_fail(
  id bigint,
  worker_id text,
  error text,
  retry_delay interval default null,
  now timestamptz default null,
  attempt integer default null
)
returns text
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(job_fail.now) then coalesce(job_fail.now, pg_catalog.now())
                          else pgfirst_private.arg_time(job_fail.now, 'now') end;
  v_job pgfirst_private.job;
  v_state text;
  v_entry jsonb;
  v_error text;
begin
  if job_fail.worker_id is null or job_fail.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  if job_fail.retry_delay < interval '0' or job_fail.retry_delay > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'retry_delay must be between 0 and %', (pgfirst_private.arg_limits()).interval_max using errcode = 'PF410',
      detail = pg_catalog.format('retry_delay was %s.', job_fail.retry_delay);
  end if;
  -- The error text is kept in last_error and the errors history: bounded, so one huge
  -- stack trace cannot bloat the row (the rest is cut, not refused: the failure must land).
  v_error := pg_catalog.left(job_fail.error, (pgfirst_private.arg_limits()).error_max_chars);

  select j.* into v_job
    from pgfirst_private.job j
   where j.id = job_fail.id
     and j.state = 'running'
     and j.worker_id = job_fail.worker_id
     and (job_fail.attempt is null or j.attempt = job_fail.attempt)
     for update;
  if not found then
    return null; -- fenced: not (or no longer) leased to this worker
  end if;

  v_entry := pg_catalog.jsonb_build_object('at', v_now, 'attempt', v_job.attempt,
               'worker_id', job_fail.worker_id, 'error', coalesce(v_error, ''));
  v_state := case when v_job.cancel_requested then 'cancelled'
                  when v_job.attempt >= v_job.max_attempts then 'dead'
                  else 'failed' end;

  if v_state = 'failed' then
    update pgfirst_private.job j
       set state = 'failed',
           run_at = v_now + coalesce(job_fail.retry_delay, pgfirst_private.job_backoff(j.id, j.attempt)),
           worker_id = null, lease_expires_at = null, lease_duration = null,
           last_error = v_error,
           errors = pgfirst_private.job_error_push(j.errors, v_entry),
           updated_at = v_now
     where j.id = job_fail.id;
  else
    delete from pgfirst_private.job j where j.id = job_fail.id;
    v_job.last_error := v_error;
    v_job.errors := pgfirst_private.job_error_push(v_job.errors, v_entry);
    v_job.updated_at := v_now;
    perform pgfirst_private.job_finished(array[v_job], v_state, v_now);
  end if;
  return v_state;
end;
$$;

comment on function pgfirst.job_fail(bigint, text, text, interval, timestamptz, integer) is
  'Records a failed attempt of a job leased to worker_id. Returns the new state: failed (retried at now + retry_delay, or the exponential backoff with jitter), dead (max_attempts spent), cancelled (cancellation was requested), or null when the job is not leased to this worker (fenced, nothing changed).';
revoke all on function pgfirst.job_fail(bigint, text, text, interval, timestamptz, integer) from public;
grant execute on function pgfirst.job_fail(bigint, text, text, interval, timestamptz, integer) to pgfirst_worker;
