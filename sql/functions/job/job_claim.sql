create or replace function pgfirst.job_claim(
  worker_id text,
  queues text[] default null,
  max_jobs integer default 1,
  lease interval default '30 seconds',
  now timestamptz default null
)
returns table(id bigint, task text, payload jsonb, queue text, tenant text, attempt integer,
              max_attempts integer, lease_expires_at timestamptz, deadline timestamptz)
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
  v_tat timestamptz;
  v_cursor text;
  v_ids bigint[];
  v_last_key text;
begin
  if job_claim.worker_id is null or job_claim.worker_id = ''
     or octet_length(job_claim.worker_id) > (pgfirst_private.arg_limits()).name_max_bytes then -- it is indexed (job_running_idx)
    raise exception 'worker_id must be a non-empty text of at most % bytes', (pgfirst_private.arg_limits()).name_max_bytes using errcode = 'PF408',
      hint = 'Use a value unique per worker process, e.g. host:pid:random.';
  end if;
  if job_claim.max_jobs is null or job_claim.max_jobs < 1 or job_claim.max_jobs > (pgfirst_private.arg_limits()).claim_max then
    raise exception 'max_jobs must be between 1 and %', (pgfirst_private.arg_limits()).claim_max using errcode = 'PF404',
      detail = pg_catalog.format('max_jobs was %s.', coalesce(job_claim.max_jobs::text, 'null'));
  end if;
  if job_claim.lease is null or job_claim.lease <= interval '0' or job_claim.lease > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'lease must be a positive interval of at most %', (pgfirst_private.arg_limits()).interval_max using errcode = 'PF407';
  end if;

  -- Queues with a configuration that matters (paused, limited, fair, rate-limited) are few;
  -- unconfigured queues pay only this lookup of a tiny table.
  select coalesce(pg_catalog.array_agg(q.queue), '{}') into v_skip
    from pgfirst_private.job_queue q
   where q.paused or q.concurrency is not null or q.key_concurrency is not null or q.fair
      or q.rate_limit is not null;

  -- Configured queues: one claimer at a time per queue (the queue's job_queue row, locked
  -- FOR NO KEY UPDATE until commit: a role without pgfirst grants cannot take it, as it
  -- could an advisory lock; enqueue's key-share checks do not conflict with it).
  -- Under the lock, a fresh snapshot counts running jobs (per queue and per key) and reads
  -- the rate limiter's state, so the limits hold across all workers. A queue that looks
  -- full (or rate-limited) without the lock is skipped (no convoy on full queues); one with
  -- a free slot waits for the lock instead of skipping it: a claimer that skipped could miss
  -- the slot a completion freed while another claimer held the lock with an older count,
  -- and both would then sleep until their next poll.
  -- Locks are taken in queue-name order, so claimers never deadlock on them.
  if v_skip <> '{}' then
    for v_limited in
      select q.queue, q.concurrency, q.key_concurrency, q.fair, q.rate_limit, q.rate_period, q.rate_tat
        from pgfirst_private.job_queue q
       where not q.paused
         and (q.concurrency is not null or q.key_concurrency is not null or q.fair or q.rate_limit is not null)
         and (job_claim.queues is null or q.queue = any (job_claim.queues))
       order by q.queue
    loop
      exit when v_remaining <= 0;
      if v_limited.concurrency is not null then
        select count(*) into v_running
          from pgfirst_private.job j
         where j.state = 'running' and j.queue = v_limited.queue;
        continue when v_running >= v_limited.concurrency;
      end if;
      -- the rate limiter's next start lies ahead: skip without waiting (tat only grows)
      continue when v_limited.rate_tat > v_now;
      -- nothing ready: no lock (a row lock makes the transaction write: an idle poll would
      -- pay a WAL flush). A job that becomes ready after this check sends a notification.
      continue when not exists (
        select from pgfirst_private.job j
         where j.state in ('pending', 'failed') and j.run_at <= v_now and j.queue = v_limited.queue);
      select q.rate_tat, q.fair_cursor into v_tat, v_cursor
        from pgfirst_private.job_queue q where q.queue = v_limited.queue for no key update;
      v_slots := v_remaining;
      if v_limited.concurrency is not null then
        select count(*) into v_running
          from pgfirst_private.job j
         where j.state = 'running' and j.queue = v_limited.queue;
        v_slots := least(v_limited.concurrency - v_running, v_slots);
      end if;
      if v_limited.rate_limit is not null then
        -- GCRA without burst (the rate_limit_hit arithmetic with a burst of one): a start is
        -- allowed when the theoretical arrival time has come, and moves it one emission
        -- interval (rate_period / rate_limit) on; so starts are at least that far apart and
        -- no window of rate_period holds more than rate_limit of them. One start per claim.
        continue when v_tat > v_now;
        v_slots := least(v_slots, 1);
      end if;
      continue when v_slots <= 0;

      if v_limited.fair or v_limited.key_concurrency is not null then
        -- Keyed queue (fair_key = concurrency_key, else tenant): round-robin over the keys
        -- with claimable jobs and room, starting after the last key served (fair_cursor);
        -- see pgfirst_private.job_claim_pick.
        select p.ids, p.last_key into v_ids, v_last_key
          from pgfirst_private.job_claim_pick(v_limited.queue, v_cursor, v_limited.key_concurrency, v_slots, v_now) p;
        continue when v_ids is null;
        -- The picks were read without row locks: lock them now, skipping rows another
        -- transaction (cancel, reap) holds, and re-check that they are still ready.
        return query
          with c as (
            select j.id
              from pgfirst_private.job j
             where j.id = any (v_ids) and j.state in ('pending', 'failed') and j.run_at <= v_now
               for update skip locked
          )
          update pgfirst_private.job j
             set state = 'running', worker_id = job_claim.worker_id, attempt = j.attempt + 1,
                 lease_expires_at = v_now + job_claim.lease, lease_duration = job_claim.lease,
                 claimed_at = v_now, cancel_requested = false, updated_at = v_now
            from c
           where j.id = c.id
          returning j.id, j.task, j.payload, j.queue, j.tenant, j.attempt, j.max_attempts, j.lease_expires_at,
                    v_now + j.max_run_time;
      else
        return query
          with c as (
            select j.id
              from pgfirst_private.job j
             where j.state in ('pending', 'failed')
               and j.run_at <= v_now
               and j.queue = v_limited.queue
               and (j.sequence_key is null or not exists (
                     select from pgfirst_private.job p
                      where p.tenant = j.tenant and p.sequence_key = j.sequence_key and p.id < j.id))
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
          returning j.id, j.task, j.payload, j.queue, j.tenant, j.attempt, j.max_attempts, j.lease_expires_at,
                    v_now + j.max_run_time;
      end if;
      get diagnostics v_got = row_count;
      v_remaining := v_remaining - v_got;
      if v_got > 0 and (v_limited.rate_limit is not null or v_last_key is not null) then
        update pgfirst_private.job_queue q
           set rate_tat = case when q.rate_limit is null then q.rate_tat
                               else greatest(coalesce(v_tat, v_now), v_now) + v_got * (q.rate_period / q.rate_limit) end,
               fair_cursor = coalesce(v_last_key, q.fair_cursor)
         where q.queue = v_limited.queue;
      end if;
      v_ids := null;
      v_last_key := null;
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
         and (j.sequence_key is null or not exists (
               select from pgfirst_private.job p
                where p.tenant = j.tenant and p.sequence_key = j.sequence_key and p.id < j.id))
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
    returning j.id, j.task, j.payload, j.queue, j.tenant, j.attempt, j.max_attempts, j.lease_expires_at,
                  v_now + j.max_run_time;
end;
$$;

comment on function pgfirst.job_claim(text, text[], integer, interval, timestamptz) is
  'Claims up to max_jobs ready jobs (highest priority, then earliest run_at, then id) for worker_id with FOR UPDATE SKIP LOCKED and a lease; skips paused queues and honours queue concurrency limits, per-key limits, fairness (round-robin over keys) and rate limits across all workers, and sequences (a job waits for the earlier jobs of its sequence_key). deadline: claimed_at + max_run_time (null without one). Call in its own transaction (READ COMMITTED).';
revoke all on function pgfirst.job_claim(text, text[], integer, interval, timestamptz) from public;
grant execute on function pgfirst.job_claim(text, text[], integer, interval, timestamptz) to pgfirst_worker;
