create or replace function pgfirst.queue_configure(
  queue text,
  concurrency integer default null,
  paused boolean default false,
  keep_finished interval default null
)
returns void
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job_queue
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if queue_configure.queue is null or queue_configure.queue = '' then
    raise exception 'a job queue name must be non-empty' using errcode = 'PF406';
  end if;
  if octet_length(queue_configure.queue) > (pgfirst_private.arg_limits()).name_max_bytes then
    raise exception 'a job queue name is at most % bytes', (pgfirst_private.arg_limits()).name_max_bytes using errcode = 'PF416',
      detail = pg_catalog.format('queue: %s bytes.', octet_length(queue_configure.queue));
  end if;
  if queue_configure.concurrency < 1 then
    raise exception 'queue concurrency must be at least 1 (null = unlimited)' using errcode = 'PF409',
      detail = pg_catalog.format('concurrency was %s.', queue_configure.concurrency);
  end if;
  if queue_configure.keep_finished <= interval '0' or queue_configure.keep_finished > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'keep_finished must be a positive interval of at most 100 years (null = do not archive)' using errcode = 'PF512',
      detail = pg_catalog.format('keep_finished was %s.', queue_configure.keep_finished);
  end if;
  insert into pgfirst_private.job_queue as q (queue, concurrency, paused, keep_finished, updated_at)
  values (queue_configure.queue, queue_configure.concurrency, coalesce(queue_configure.paused, false),
          queue_configure.keep_finished, pg_catalog.now())
  on conflict on constraint job_queue_pkey do update
     set concurrency = excluded.concurrency, paused = excluded.paused,
         keep_finished = excluded.keep_finished, updated_at = excluded.updated_at;
  if not coalesce(queue_configure.paused, false) then
    perform pg_catalog.pg_notify('pgfirst_jobs', queue_configure.queue);
  end if;
end;
$$;

comment on function pgfirst.queue_configure(text, integer, boolean, interval) is
  'Sets a queue''s whole configuration: concurrency (max running jobs across all workers; 1 = serial; null = unlimited) and paused (claims skip the queue). Takes effect on the next claim. keep_finished (null = off) copies the queue''s finished jobs into the partitioned job archive, kept at least that long (PF512 if not positive).';
revoke all on function pgfirst.queue_configure(text, integer, boolean, interval) from public;
grant execute on function pgfirst.queue_configure(text, integer, boolean, interval) to pgfirst_admin;
