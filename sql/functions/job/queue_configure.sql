create or replace function pgfirst.queue_configure(
  queue text,
  concurrency integer default null,
  paused boolean default false
)
returns void
language plpgsql
volatile
security definer -- writes pgfirst_private.job_queue
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if queue_configure.queue is null or queue_configure.queue = '' then
    raise exception 'a job queue name must be non-empty' using errcode = 'PF406';
  end if;
  if queue_configure.concurrency < 1 then
    raise exception 'queue concurrency must be at least 1 (null = unlimited)' using errcode = 'PF409',
      detail = pg_catalog.format('concurrency was %s.', queue_configure.concurrency);
  end if;
  insert into pgfirst_private.job_queue as q (queue, concurrency, paused, updated_at)
  values (queue_configure.queue, queue_configure.concurrency, coalesce(queue_configure.paused, false), pg_catalog.now())
  on conflict on constraint job_queue_pkey do update
     set concurrency = excluded.concurrency, paused = excluded.paused, updated_at = excluded.updated_at;
  if not coalesce(queue_configure.paused, false) then
    perform pg_catalog.pg_notify('pgfirst_jobs', queue_configure.queue);
  end if;
end;
$$;

comment on function pgfirst.queue_configure(text, integer, boolean) is
  'Sets a queue''s whole configuration: concurrency (max running jobs across all workers; 1 = serial; null = unlimited) and paused (claims skip the queue). Takes effect on the next claim.';
revoke all on function pgfirst.queue_configure(text, integer, boolean) from public;
grant execute on function pgfirst.queue_configure(text, integer, boolean) to pgfirst_admin;
