create or replace function pgfirst.queue_resume(queue text)
returns boolean
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job_queue and the admin audit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if queue_resume.queue is null or queue_resume.queue = '' then
    raise exception 'a job queue name must be non-empty' using errcode = 'PF406';
  end if;
  if octet_length(queue_resume.queue) > (pgfirst_private.arg_limits()).name_max_bytes then
    raise exception 'a job queue name is at most % bytes', (pgfirst_private.arg_limits()).name_max_bytes using errcode = 'PF416',
      detail = pg_catalog.format('queue: %s bytes.', octet_length(queue_resume.queue));
  end if;
  update pgfirst_private.job_queue q
     set paused = false, updated_at = pg_catalog.now()
   where q.queue = queue_resume.queue and q.paused;
  if not found then
    return false;
  end if;
  perform pgfirst_private.audit_write('queue_resume', queue_resume.queue);
  perform pgfirst_private.job_notify(queue_resume.queue); -- wake listening workers
  return true;
end;
$$;

comment on function pgfirst.queue_resume(text) is
  'Resumes a paused queue (claims take its jobs again; listening workers are notified). Keeps concurrency and keep_finished; audited. True when it changed (false: not paused or unknown).';
revoke all on function pgfirst.queue_resume(text) from public;
grant execute on function pgfirst.queue_resume(text) to pgfirst_admin;
