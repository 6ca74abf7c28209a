create or replace function pgfirst.queue_pause(queue text)
returns boolean
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job_queue and the admin audit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_changed boolean;
begin
  if queue_pause.queue is null or queue_pause.queue = '' then
    raise exception 'a job queue name must be non-empty' using errcode = 'PF406';
  end if;
  if octet_length(queue_pause.queue) > (pgfirst_private.arg_limits()).name_max_bytes then
    raise exception 'a job queue name is at most % bytes', (pgfirst_private.arg_limits()).name_max_bytes using errcode = 'PF416',
      detail = pg_catalog.format('queue: %s bytes.', octet_length(queue_pause.queue));
  end if;
  -- only the paused flag changes: concurrency and keep_finished are kept (a queue without a
  -- configuration row gets one with the defaults: unlimited, no archive)
  insert into pgfirst_private.job_queue as q (queue, paused, updated_at)
  values (queue_pause.queue, true, pg_catalog.now())
  on conflict on constraint job_queue_pkey do update
     set paused = true, updated_at = excluded.updated_at
   where not q.paused
  returning true into v_changed;
  if coalesce(v_changed, false) then
    perform pgfirst_private.audit_write('queue_pause', queue_pause.queue);
  end if;
  return coalesce(v_changed, false);
end;
$$;

comment on function pgfirst.queue_pause(text) is
  'Pauses a queue: claims that start after this commits take no job from it (jobs already running finish). Keeps concurrency and keep_finished; audited. True when it changed (false: already paused).';
revoke all on function pgfirst.queue_pause(text) from public;
grant execute on function pgfirst.queue_pause(text) to pgfirst_admin;
