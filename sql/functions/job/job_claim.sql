create or replace function pgfirst.job_claim(
  worker_id text,
  queues text[] default null,
  max_jobs integer default 1,
  lease interval default '30 seconds',
  now timestamptz default null
)
returns table(id bigint, task text, payload jsonb, queue text, tenant text, attempt integer,
              max_attempts integer, lease_expires_at timestamptz)
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- claims rows of pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(job_claim.now) then coalesce(job_claim.now, pg_catalog.now())
                          else pgfirst_private.arg_time(job_claim.now, 'now') end;
  v_skip text[] := '{}';
  v_limited record;
  v_running bigint;
  v_slots integer;
  v_remaining integer := job_claim.max_jobs;
  v_got integer;
begin
  if job_claim.worker_id is null or job_claim.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408',
      hint = 'Use a value unique per worker process, e.g. host:pid:random.';
  end if;
  if job_claim.max_jobs is null or job_claim.max_jobs < 1 or job_claim.max_jobs > (pgfirst_private.arg_limits()).claim_max then
    raise exception 'max_jobs must be between 1 and %', (pgfirst_private.arg_limits()).claim_max using errcode = 'PF404',
      detail = pg_catalog.format('max_jobs was %s.', coalesce(job_claim.max_jobs::text, 'null'));
  end if;
  if job_claim.lease is null or job_claim.lease <= interval '0' or job_claim.lease > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'lease must be a positive interval of at most %', (pgfirst_private.arg_limits()).interval_max using errcode = 'PF407';
  end if;

  -- Queues with a configuration that matters (paused or limited) are few; unlimited
  -- queues pay only this lookup of a tiny table.
  select coalesce(pg_catalog.array_agg(q.queue), '{}') into v_skip
    from pgfirst_private.job_queue q
   where q.paused or q.concurrency is not null;

  -- Limited queues: one claimer at a time per queue (the queue's job_queue row, locked FOR
  -- NO KEY UPDATE until commit: a role without pgfirst grants cannot take it, as it could
  -- an advisory lock; enqueue's key-share checks do not conflict with it).
  -- Under the lock, a fresh snapshot counts running jobs, so the limit holds across all
  -- workers. A queue that looks full without the lock is skipped (no convoy on full
  -- queues); one with a free slot waits for the lock instead of skipping it: a claimer
  -- that skipped could miss the slot a completion freed while another claimer held the
  -- lock with an older count, and both would then sleep until their next poll.
  -- Locks are taken in queue-name order, so claimers never deadlock on them.
  if v_skip <> '{}' then
    for v_limited in
      select q.queue, q.concurrency
        from pgfirst_private.job_queue q
       where q.concurrency is not null and not q.paused
         and (job_claim.queues is null or q.queue = any (job_claim.queues))
       order by q.queue
    loop
      exit when v_remaining <= 0;
      select count(*) into v_running
        from pgfirst_private.job j
       where j.state = 'running' and j.queue = v_limited.queue;
      continue when v_running >= v_limited.concurrency;
      perform from pgfirst_private.job_queue q where q.queue = v_limited.queue for no key update;
      select count(*) into v_running
        from pgfirst_private.job j
       where j.state = 'running' and j.queue = v_limited.queue;
      v_slots := least(v_limited.concurrency - v_running, v_remaining);
      continue when v_slots <= 0;
      return query
        with c as (
          select j.id
            from pgfirst_private.job j
           where j.state in ('pending', 'failed')
             and j.run_at <= v_now
             and j.queue = v_limited.queue
           order by j.priority desc, j.run_at, j.id
           limit v_slots
             for update skip locked
        )
        update pgfirst_private.job j
           set state = 'running', worker_id = job_claim.worker_id, attempt = j.attempt + 1,
               lease_expires_at = v_now + job_claim.lease, lease_duration = job_claim.lease,
               claimed_at = v_now, cancel_requested = false, updated_at = v_now
          from c
         where j.id = c.id
        returning j.id, j.task, j.payload, j.queue, j.tenant, j.attempt, j.max_attempts, j.lease_expires_at;
      get diagnostics v_got = row_count;
      v_remaining := v_remaining - v_got;
    end loop;
    if v_remaining <= 0 then
      return;
    end if;
  end if;

  -- Every other queue: the one claim shape, on the partial index job_available_idx.
  return query
    with c as (
      select j.id
        from pgfirst_private.job j
       where j.state in ('pending', 'failed')
         and j.run_at <= v_now
         and (job_claim.queues is null or j.queue = any (job_claim.queues))
         and j.queue <> all (v_skip)
       order by j.priority desc, j.run_at, j.id
       limit v_remaining
         for update skip locked
    )
    update pgfirst_private.job j
       set state = 'running', worker_id = job_claim.worker_id, attempt = j.attempt + 1,
           lease_expires_at = v_now + job_claim.lease, lease_duration = job_claim.lease,
           claimed_at = v_now, cancel_requested = false, updated_at = v_now
      from c
     where j.id = c.id
    returning j.id, j.task, j.payload, j.queue, j.tenant, j.attempt, j.max_attempts, j.lease_expires_at;
end;
$$;

comment on function pgfirst.job_claim(text, text[], integer, interval, timestamptz) is
  'Claims up to max_jobs ready jobs (highest priority, then earliest run_at, then id) for worker_id with FOR UPDATE SKIP LOCKED and a lease; skips paused queues and honours queue concurrency limits across all workers. Call in its own transaction (READ COMMITTED).';
revoke all on function pgfirst.job_claim(text, text[], integer, interval, timestamptz) from public;
grant execute on function pgfirst.job_claim(text, text[], integer, interval, timestamptz) to pgfirst_worker;
