create or replace function pgfirst.job_progress(
  id bigint,
  worker_id text,
  progress jsonb
)
returns boolean
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_found boolean;
begin
  if job_progress.worker_id is null or job_progress.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  if pg_catalog.pg_column_size(job_progress.progress) > (pgfirst_private.arg_limits()).payload_max_bytes then
    raise exception 'job progress is at most % bytes', (pgfirst_private.arg_limits()).payload_max_bytes using errcode = 'PF445',
      detail = pg_catalog.format('progress: %s bytes (jsonb datum).', pg_catalog.pg_column_size(job_progress.progress));
  end if;
  -- Fenced like job_complete; progress is not indexed, so this is a HOT update.
  update pgfirst_private.job j
     set progress = job_progress.progress
   where j.id = job_progress.id and j.state = 'running' and j.worker_id = job_progress.worker_id
  returning true into v_found;
  return coalesce(v_found, false);
end;
$$;

comment on function pgfirst.job_progress(bigint, text, jsonb) is
  'Records the progress (any JSON, replaced on each call; null clears it) of a running job leased to worker_id; shown by job_get while the job is live. Returns false (nothing changed) when the job is not leased to this worker.';
revoke all on function pgfirst.job_progress(bigint, text, jsonb) from public;
grant execute on function pgfirst.job_progress(bigint, text, jsonb) to pgfirst_worker;
