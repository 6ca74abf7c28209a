create or replace function pgfirst.queue_configure(
  queue text,
  concurrency integer default null,
  paused boolean default false,
  keep_finished interval default null,
  key_concurrency integer default null,
  fair boolean default false,
  rate_limit integer default null,
  rate_period interval default null
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
  if queue_configure.key_concurrency < 1 then
    raise exception 'key_concurrency must be at least 1 (null = no per-key limit)' using errcode = 'PF440',
      detail = pg_catalog.format('key_concurrency was %s.', queue_configure.key_concurrency);
  end if;
  if (queue_configure.rate_limit is null) <> (queue_configure.rate_period is null)
     or queue_configure.rate_limit < 1 or queue_configure.rate_limit > 1000000
     or queue_configure.rate_period <= interval '0'
     or queue_configure.rate_period > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'rate_limit (1 to 1000000 starts) and rate_period (a positive interval of at most %) go together (both null = no rate limit)',
      (pgfirst_private.arg_limits()).interval_max using errcode = 'PF441',
      detail = pg_catalog.format('rate_limit was %s, rate_period %s.', queue_configure.rate_limit, queue_configure.rate_period);
  end if;
  insert into pgfirst_private.job_queue as q
    (queue, concurrency, paused, keep_finished, key_concurrency, fair, rate_limit, rate_period, updated_at)
  values (queue_configure.queue, queue_configure.concurrency, coalesce(queue_configure.paused, false),
          queue_configure.keep_finished, queue_configure.key_concurrency, coalesce(queue_configure.fair, false),
          queue_configure.rate_limit, queue_configure.rate_period, pg_catalog.now())
  on conflict on constraint job_queue_pkey do update
     set concurrency = excluded.concurrency, paused = excluded.paused,
         keep_finished = excluded.keep_finished, key_concurrency = excluded.key_concurrency,
         fair = excluded.fair, rate_limit = excluded.rate_limit, rate_period = excluded.rate_period,
         rate_tat = case when excluded.rate_limit is null then null else q.rate_tat end,
         updated_at = excluded.updated_at;
  -- Keyed claiming (fair or per-key limit) reads fair_key: set it on the queue's live jobs
  -- when turned on, clear it when turned off (index job_available_fair_idx stays small).
  if coalesce(queue_configure.fair, false) or queue_configure.key_concurrency is not null then
    update pgfirst_private.job j
       set fair_key = coalesce(j.concurrency_key, j.tenant)
     where j.queue = queue_configure.queue and j.fair_key is distinct from coalesce(j.concurrency_key, j.tenant);
  else
    update pgfirst_private.job j
       set fair_key = null
     where j.queue = queue_configure.queue and j.fair_key is not null;
  end if;
  if not coalesce(queue_configure.paused, false) then
    perform pgfirst_private.job_notify(queue_configure.queue);
  end if;
end;
$$;

comment on function pgfirst.queue_configure(text, integer, boolean, interval, integer, boolean, integer, interval) is
  'Sets a queue''s whole configuration: concurrency (max running jobs across all workers; 1 = serial; null = unlimited) and paused (claims skip the queue). Takes effect on the next claim. keep_finished (null = off) copies the queue''s finished jobs into the partitioned job archive, kept at least that long (PF512 if not positive). key_concurrency: at most that many running jobs per key (the job''s concurrency_key, else its tenant) across all workers. fair: claims go round-robin over keys. rate_limit starts per rate_period across all workers, spaced evenly (GCRA without burst). See docs/jobs.md.';
revoke all on function pgfirst.queue_configure(text, integer, boolean, interval, integer, boolean, integer, interval) from public;
grant execute on function pgfirst.queue_configure(text, integer, boolean, interval, integer, boolean, integer, interval) to pgfirst_admin;
