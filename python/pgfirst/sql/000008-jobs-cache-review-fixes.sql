--! Previous: sha1:c80ec23fc98b7dba8d6a6ae982a89254a40882e5
--! Hash: sha1:5afac015e0fb5362411501120a91be5748e2ae37
--! Message: review fixes: job claim, reap and release; cache_clear tenant rule; built-in jobs on queue pgfirst; archive lock timeout; numeric time zones rejected

-- ==== review fixes ====
-- ---- schedule review fixes ----
-- Built-in jobs leave the application's queue: the maintenance schedule enqueues on queue
-- 'pgfirst' (a worker started without a queue list claims every queue, so `pgfirst worker`
-- still runs it; a worker for the app's own tasks restricted to its queues never sees it).
update pgfirst_private.schedule s
   set queue = 'pgfirst'
 where s.name = 'pgfirst.maintenance' and s.queue = 'default';
-- Maintenance ticks that piled up while no worker ran them: keep the newest waiting one,
-- move it to queue 'pgfirst' and give it the built-in job_key so later ticks coalesce into it.
delete from pgfirst_private.job j
 where j.task = 'pgfirst.maintenance' and j.state in ('pending', 'failed') and j.job_key is null
   and j.id < (select max(k.id) from pgfirst_private.job k
                where k.task = 'pgfirst.maintenance' and k.state in ('pending', 'failed') and k.job_key is null);
update pgfirst_private.job j
   set queue = 'pgfirst',
       job_key = case when exists (select from pgfirst_private.job k
                                    where k.tenant = j.tenant and k.job_key = 'pgfirst.schedule:pgfirst.maintenance')
                      then null else 'pgfirst.schedule:pgfirst.maintenance' end
 where j.task = 'pgfirst.maintenance' and j.state in ('pending', 'failed') and j.job_key is null
   and j.queue = 'default';
--! Included functions/schedule/schedule_tick.sql
-- Exactly-once per tick without a leader: each due schedule row is locked FOR UPDATE SKIP
-- LOCKED, its due ticks are enqueued and next_run moves past them in the same transaction.
-- A concurrent caller skips the locked row, and one that reads it after the commit re-checks
-- "next_run <= now" on the new row version (READ COMMITTED re-evaluation) and leaves it.
-- The loop only computes ticks; all jobs are then enqueued by ONE job_enqueue_many call.
-- Built-in schedules (names starting with "pgfirst.") enqueue with job_key
-- 'pgfirst.schedule:<name>' in mode keep: while one of their jobs is pending, waiting to retry
-- or running, a new tick is coalesced into it (the tick still advances next_run).
create or replace function pgfirst.schedule_tick(now timestamptz default null)
returns integer
language plpgsql
volatile
security definer -- reads and advances pgfirst_private.schedule, enqueues jobs
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_variable
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
  v_grace interval := pgfirst_private.setting_interval('schedule.missed_grace');
  v_window interval := pgfirst_private.setting_interval('schedule.catchup_window');
  v_limit integer := pgfirst_private.setting_int('schedule.catchup_limit');
  v_batch integer := pgfirst_private.setting_int('schedule.tick_batch');
  v_s pgfirst_private.schedule;
  v_t timestamptz;
  v_from timestamptz;
  v_n integer;
  v_skipped integer;
  v_last_tick timestamptz;
  v_names text[] := '{}';
  v_ticks timestamptz[] := '{}';
  v_catch_up boolean[] := '{}';
  v_ids bigint[];
  -- per locked schedule: its new state, written back in one set-based UPDATE at the end
  v_done text[] := '{}';
  v_next timestamptz[] := '{}';
  v_last timestamptz[] := '{}';
  v_count integer[] := '{}';
  v_skips integer[] := '{}';
begin
  for v_s in
    select * from pgfirst_private.schedule s
     where s.enabled and s.next_run <= v_now
     order by s.next_run
     limit v_batch
       for update skip locked
  loop
    v_t := v_s.next_run;
    v_n := 0;
    v_skipped := 0;
    v_last_tick := null;
    -- Missed ticks (older than the grace period): the policy decides where to resume.
    v_from := case v_s.missed when 'all' then v_now - v_window else v_now - v_grace end;
    if v_t < v_from then
      if v_s.missed = 'once' then
        -- one catch-up run standing for every missed tick, stamped with the first of them
        v_names := v_names || v_s.name;
        v_ticks := v_ticks || v_t;
        v_catch_up := v_catch_up || true;
        v_last_tick := v_t;
        v_n := 1;
      else
        v_skipped := 1;  -- at least one; the exact count is not enumerated (bounded work)
      end if;
      v_t := pgfirst_private.schedule_next_tick(v_s.spec, v_s.every, v_s.timezone, v_s.anchor,
                                                v_from - interval '1 microsecond');
    end if;
    -- On-time ticks (and, for missed = all, the ticks inside the catch-up window).
    while v_t is not null and v_t <= v_now and v_n < v_limit loop
      v_names := v_names || v_s.name;
      v_ticks := v_ticks || v_t;
      v_catch_up := v_catch_up || false;
      v_last_tick := v_t;
      v_n := v_n + 1;
      v_t := pgfirst_private.schedule_next_tick(v_s.spec, v_s.every, v_s.timezone, v_s.anchor, v_t);
    end loop;
    v_done := v_done || v_s.name;
    v_next := v_next || v_t;
    v_last := v_last || v_last_tick;
    v_count := v_count || v_n;
    v_skips := v_skips || v_skipped;
  end loop;
  if pg_catalog.cardinality(v_done) = 0 then
    return 0;
  end if;
  -- One set-based enqueue; the payload gains _schedule {name, tick, catch_up}.
  if pg_catalog.cardinality(v_names) > 0 then
    select pg_catalog.array_agg(i) into v_ids
    from pgfirst.job_enqueue_many(jobs => (
      select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'task', s.task,
               'payload', s.payload || pg_catalog.jsonb_build_object('_schedule', pg_catalog.jsonb_build_object(
                            'name', s.name, 'tick', t.tick, 'catch_up', t.catch_up)),
               'queue', s.queue,
               'tenant', s.tenant,
               'now', v_now)
             -- built-in schedules (reserved name prefix "pgfirst."): at most one outstanding
             -- job per schedule, so ticks never pile up while no worker runs them
             || case when s.name like 'pgfirst.%'
                     then pg_catalog.jsonb_build_object('job_key', 'pgfirst.schedule:' || s.name, 'job_key_mode', 'keep')
                     else '{}'::jsonb end
             order by t.ord)
        from rows from (pg_catalog.unnest(v_names), pg_catalog.unnest(v_ticks), pg_catalog.unnest(v_catch_up))
               with ordinality as t(name, tick, catch_up, ord)
        join pgfirst_private.schedule s on s.name = t.name)) as i;
  end if;
  -- Advance every locked schedule in one statement; last_job_id is each schedule's newest
  -- job from this call, found by id (not by position in the returned set).
  update pgfirst_private.schedule s
     set next_run = u.next_run,
         last_run = coalesce(u.last_run, s.last_run),
         last_job_id = coalesce(j.id, s.last_job_id),
         last_tick_at = v_now,
         ticks_enqueued = s.ticks_enqueued + u.n,
         ticks_skipped = s.ticks_skipped + u.skipped
    from rows from (pg_catalog.unnest(v_done), pg_catalog.unnest(v_next), pg_catalog.unnest(v_last),
                   pg_catalog.unnest(v_count), pg_catalog.unnest(v_skips)) as u(name, next_run, last_run, n, skipped)
    left join (select jj.payload -> '_schedule' ->> 'name' as name, pg_catalog.max(jj.id) as id
                 from pgfirst_private.job jj
                where jj.id = any (v_ids)
                group by 1) j on j.name = u.name
   where s.name = u.name;
  return coalesce(pg_catalog.cardinality(v_ids), 0);
end;
$$;

comment on function pgfirst.schedule_tick(timestamptz) is
  'Enqueues every due schedule tick as a job, exactly once even when many processes call it at once (row lock + SKIP LOCKED + atomic next_run advance). Bounded: schedule.tick_batch schedules and schedule.catchup_limit ticks per schedule per call. Built-in schedules (name prefix pgfirst.) keep at most one outstanding job (job_key pgfirst.schedule:<name>, mode keep). Returns the number of jobs enqueued.';
revoke all on function pgfirst.schedule_tick(timestamptz) from public;
grant execute on function pgfirst.schedule_tick(timestamptz) to pgfirst_worker;
--! EndIncluded functions/schedule/schedule_tick.sql
select pgfirst_private.setting_register('archive.lock_timeout', 'interval', '"2 seconds"',
  'Longest wait of one archive partition DDL (create, detach + drop) for its lock on job_archive; on timeout maintenance defers it to its next run instead of queueing job completions behind it.');
--! Included functions/_internal/archive_maintain.sql
-- Archive partitions: creates the daily partitions for today .. today + archive.days_ahead
-- (UTC) and detaches + drops every partition whose whole day is older than the longest
-- keep_finished of any queue. Serialised by a transaction-level advisory lock: a second
-- concurrent caller skips this part (reports "skipped") instead of queueing behind DDL.
-- Rows that landed in the default partition (maintenance down for days) are removed in
-- bounded batches once past retention; a day that has rows in the default partition gets
-- no partition of its own (PostgreSQL would refuse it).
-- Partition DDL needs an ACCESS EXCLUSIVE lock on job_archive. Waiting for it behind a long
-- reader would queue every job completion and job_get behind the waiting DDL, so each DDL
-- statement waits at most archive.lock_timeout; on timeout it is skipped (reported under
-- "deferred") and retried by the next maintenance run.
create or replace function pgfirst_private.archive_maintain(now timestamptz, batch integer)
returns jsonb
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
set lock_timeout = '2s'  -- restored on exit; the body sets archive.lock_timeout
as $$
declare
  v_today date := (archive_maintain.now at time zone 'UTC')::date;
  v_ahead integer := pgfirst_private.setting_int('archive.days_ahead');
  v_keep interval;
  v_day date;
  v_name text;
  v_created text[] := '{}';
  v_dropped text[] := '{}';
  v_blocked text[] := '{}';
  v_default bigint := 0;
  v_deferred text[] := '{}';
  v_part record;
begin
  if not pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('pgfirst.archive_maintain')) then
    return pg_catalog.jsonb_build_object('skipped', true);
  end if;
  perform pg_catalog.set_config('lock_timeout',
    pg_catalog.ceil(pg_catalog.date_part('epoch', pgfirst_private.setting_interval('archive.lock_timeout')) * 1000)::bigint || 'ms', true);
  for v_day in select d::date from pg_catalog.generate_series(v_today, v_today + v_ahead, interval '1 day') d loop
    v_name := 'job_archive_p' || pg_catalog.to_char(v_day, 'YYYYMMDD');
    continue when pg_catalog.to_regclass('pgfirst_private.' || v_name) is not null;
    if exists (select 1 from pgfirst_private.job_archive_default a
                where a.finished_at >= (v_day::timestamp at time zone 'UTC')
                  and a.finished_at < ((v_day + 1)::timestamp at time zone 'UTC')) then
      v_blocked := v_blocked || v_name;
      continue;
    end if;
    begin
      execute pg_catalog.format(
        'create table pgfirst_private.%I partition of pgfirst_private.job_archive for values from (%L) to (%L)',
        v_name, (v_day::timestamp at time zone 'UTC'), ((v_day + 1)::timestamp at time zone 'UTC'));
      v_created := v_created || v_name;
    exception when lock_not_available then
      v_deferred := v_deferred || v_name;
    end;
  end loop;

  select coalesce(pg_catalog.max(q.keep_finished), interval '0') into v_keep
    from pgfirst_private.job_queue q;
  for v_part in
    select c.relname,
           (pg_catalog.to_date(pg_catalog.substr(c.relname, 14), 'YYYYMMDD') + 1)::timestamp at time zone 'UTC' as upper_bound
      from pg_catalog.pg_inherits i
      join pg_catalog.pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'pgfirst_private.job_archive'::regclass
       and c.relname ~ '^job_archive_p[0-9]{8}$'
     order by c.relname
  loop
    continue when v_part.upper_bound > archive_maintain.now - v_keep;
    begin
      execute pg_catalog.format('alter table pgfirst_private.job_archive detach partition pgfirst_private.%I', v_part.relname);
      execute pg_catalog.format('drop table pgfirst_private.%I', v_part.relname);
      v_dropped := v_dropped || v_part.relname::text;
    exception when lock_not_available then
      v_deferred := v_deferred || v_part.relname::text;
    end;
  end loop;

  begin
    with x as (
      select a.ctid from pgfirst_private.job_archive_default a
       where a.finished_at < archive_maintain.now - v_keep
       limit batch
    )
    delete from pgfirst_private.job_archive_default a using x where a.ctid = x.ctid;
    get diagnostics v_default = row_count;
  exception when lock_not_available then
    v_deferred := v_deferred || 'job_archive_default'::text;
  end;

  return pg_catalog.jsonb_build_object('created', pg_catalog.to_jsonb(v_created),
    'dropped', pg_catalog.to_jsonb(v_dropped), 'blocked_by_default', pg_catalog.to_jsonb(v_blocked),
    'default_purged', v_default, 'deferred', pg_catalog.to_jsonb(v_deferred));
end;
$$;

comment on function pgfirst_private.archive_maintain(timestamptz, integer) is
  'Internal: creates job archive partitions ahead and drops partitions past retention (detach + drop); one caller at a time (advisory lock, others skip); DDL that cannot get its lock within archive.lock_timeout is deferred to the next run.';
revoke all on function pgfirst_private.archive_maintain(timestamptz, integer) from public;
--! EndIncluded functions/_internal/archive_maintain.sql
--! Included functions/_internal/timezone_check.sql
-- Raises PF503 unless PostgreSQL knows the time zone (IANA name such as Europe/London, an
-- abbreviation or a POSIX spec such as EST5EDT) or when it is a bare numeric offset. Avoids pg_timezone_names, which reads the whole tz database.
create or replace function pgfirst_private.timezone_check(timezone text)
returns text
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
begin
  if timezone is null or pg_catalog.btrim(timezone) = '' then
    raise exception 'a time zone is required' using errcode = 'PF503',
      hint = 'Use an IANA name such as UTC, Europe/London or America/New_York.';
  end if;
  -- A bare offset ('+05:00', '-3', '5') is accepted by PostgreSQL as a POSIX zone with the
  -- sign inverted (+05:00 = five hours WEST of UTC), which would silently shift every run.
  if pg_catalog.btrim(timezone) ~ '^[+-]?[0-9]' then
    raise exception 'a time zone must be a name, not a bare UTC offset' using errcode = 'PF503',
      detail = format('time zone "%s" would be read as a POSIX offset with the sign inverted', timezone),
      hint = 'Use an IANA name such as Asia/Karachi, or Etc/GMT-5 for a fixed UTC+05:00 (IANA Etc signs are inverted too).';
  end if;
  perform pg_catalog.now() at time zone timezone_check.timezone;
  return timezone;
exception when invalid_parameter_value then
  raise exception 'the time zone must be one PostgreSQL knows' using errcode = 'PF503',
    detail = format('unknown time zone "%s"', timezone),
    hint = 'Use an IANA name such as UTC, Europe/London or America/New_York (see pg_timezone_names).';
end;
$$;

comment on function pgfirst_private.timezone_check(text) is
  'Internal: returns the time zone unchanged or raises PF503 when PostgreSQL does not know it.';
revoke all on function pgfirst_private.timezone_check(text) from public;
--! EndIncluded functions/_internal/timezone_check.sql
-- ---- cache review fixes ----
--! Included functions/cache/cache_clear.sql
create or replace function pgfirst.cache_clear(
  namespace text default null,
  tenant text default null
)
returns bigint
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
declare
  v_ok boolean;
  v_caller text;
  v_n bigint;
begin
  if cache_clear.namespace is null and cache_clear.tenant is null then
    raise exception 'cache_clear needs a namespace, a tenant or both'
      using errcode = 'PF109',
            hint = 'Clear namespace by namespace (see pgfirst.cache_stats()) to empty the whole cache.';
  end if;
  -- null means "every": only the values given are checked.
  v_ok := pgfirst_private.cache_check(coalesce(cache_clear.namespace, '*'), coalesce(cache_clear.tenant, ''), null);
  -- tenant => null purges the namespace of every tenant: pgfirst_admin only (DESIGN: admin
  -- purges across tenants). Inside SECURITY DEFINER current_user is the owner, so the caller
  -- is taken from the session: the role set with SET ROLE (the `role` setting, which only a
  -- member of that role can set), else the session user. A caller that reaches this through
  -- another SECURITY DEFINER function is judged by its session role, never by that owner.
  if cache_clear.tenant is null then
    v_caller := pg_catalog.current_setting('role');
    if v_caller = 'none' then
      v_caller := session_user;
    end if;
    if not pg_catalog.pg_has_role(v_caller, 'pgfirst_admin', 'USAGE') then
      raise exception 'cache_clear across tenants (tenant => null) needs pgfirst_admin'
        using errcode = 'PF112',
              detail = format('caller: %s, namespace: %s', v_caller, quote_literal(left(cache_clear.namespace, 40))),
              hint = 'Name the tenant (tenant => '''' when the application has no tenants), or run the purge as pgfirst_admin.';
    end if;
  end if;
  delete from pgfirst_private.cache_entry e
   where (cache_clear.tenant is null or e.tenant = cache_clear.tenant)
     and (cache_clear.namespace is null or e.namespace = cache_clear.namespace);
  get diagnostics v_n = row_count;
  return v_n;
end;
$$;

comment on function pgfirst.cache_clear(text, text) is
  'Removes every entry of a tenant (all namespaces), of a namespace within a tenant, or (tenant => null, pgfirst_admin only, else PF112) of a namespace across all tenants; returns rows removed (live and expired). PF109 when neither is given. One DELETE.';
revoke all on function pgfirst.cache_clear(text, text) from public;
grant execute on function pgfirst.cache_clear(text, text) to pgfirst_app;
--! EndIncluded functions/cache/cache_clear.sql
-- ---- dropdown defaults ----
-- Built-in jobs run on queue 'pgfirst' (like the maintenance schedule), never on the
-- application's 'default' queue, where a worker without the handler would fail them.
-- Re-registering keeps an operator's override (same type); only the default changes.
select pgfirst_private.setting_register('dropdown.queue', 'text', '"pgfirst"',
  'Job queue that dropdown refresh jobs are enqueued on (built-in jobs use queue pgfirst by default).');
-- ---- job review fixes ----
--! Included functions/job/job_claim.sql
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
  v_now timestamptz := coalesce(job_claim.now, pg_catalog.now());
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
  if job_claim.max_jobs is null or job_claim.max_jobs < 1 then
    raise exception 'max_jobs must be at least 1' using errcode = 'PF404',
      detail = pg_catalog.format('max_jobs was %s.', coalesce(job_claim.max_jobs::text, 'null'));
  end if;
  if job_claim.lease is null or job_claim.lease <= interval '0' then
    raise exception 'lease must be a positive interval' using errcode = 'PF407';
  end if;

  -- Queues with a configuration that matters (paused or limited) are few; unlimited
  -- queues pay only this lookup of a tiny table.
  select coalesce(pg_catalog.array_agg(q.queue), '{}') into v_skip
    from pgfirst_private.job_queue q
   where q.paused or q.concurrency is not null;

  -- Limited queues: one claimer at a time per queue (transaction-scoped advisory lock).
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
      perform pg_catalog.pg_advisory_xact_lock(1885693216, pg_catalog.hashtext(v_limited.queue));
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
--! EndIncluded functions/job/job_claim.sql
--! Included functions/job/job_reap.sql
create or replace function pgfirst.job_reap(now timestamptz default null)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(job_reap.now, pg_catalog.now());
  v_back integer;
  v_dead pgfirst_private.job[];
  v_spent pgfirst_private.job[];
  v_cancelled pgfirst_private.job[];
begin
  -- Expired leases with attempts left: back to the queue at once (the attempt counts).
  with x as (
    select j.id
      from pgfirst_private.job j
     where j.state = 'running' and j.lease_expires_at < v_now and j.attempt < j.max_attempts
       and not j.cancel_requested
       for update skip locked
  )
  update pgfirst_private.job j
     set state = 'failed', run_at = v_now, worker_id = null,
         lease_expires_at = null, lease_duration = null,
         last_error = 'lease expired',
         errors = pgfirst_private.job_error_push(j.errors, pg_catalog.jsonb_build_object(
                    'at', v_now, 'attempt', j.attempt, 'worker_id', j.worker_id, 'error', 'lease expired')),
         updated_at = v_now
    from x
   where j.id = x.id;
  get diagnostics v_back = row_count;

  -- Expired leases on the last attempt (dead) or of a job whose cancellation was requested
  -- (cancelled: its worker is gone, and running it again would undo the cancel).
  with x as (
    select j.id
      from pgfirst_private.job j
     where j.state = 'running' and j.lease_expires_at < v_now
       and (j.attempt >= j.max_attempts or j.cancel_requested)
       for update skip locked
  ), d as (
    delete from pgfirst_private.job j using x where j.id = x.id returning j
  )
  select pg_catalog.array_agg(d.j) into v_dead from d;
  if v_dead is not null then
    select pg_catalog.array_agg(g.r) filter (where not (g.r).cancel_requested),
           pg_catalog.array_agg(g.r) filter (where (g.r).cancel_requested)
      into v_spent, v_cancelled
      from (select pg_catalog.jsonb_populate_record(r, pg_catalog.jsonb_build_object(
                     'last_error', 'lease expired', 'updated_at', v_now,
                     'errors', pgfirst_private.job_error_push(r.errors, pg_catalog.jsonb_build_object(
                       'at', v_now, 'attempt', r.attempt, 'worker_id', r.worker_id, 'error', 'lease expired')))) as r
              from pg_catalog.unnest(v_dead) r) g;
    if v_spent is not null then
      perform pgfirst_private.job_finished(v_spent, 'dead', v_now);
    end if;
    if v_cancelled is not null then
      perform pgfirst_private.job_finished(v_cancelled, 'cancelled', v_now);
    end if;
  end if;
  return v_back + coalesce(pg_catalog.cardinality(v_dead), 0);
end;
$$;

comment on function pgfirst.job_reap(timestamptz) is
  'Returns jobs whose lease expired before now to the queue (ready at once, the attempt counted), to dead when it was the last attempt, or to cancelled when job_cancel had flagged it; returns how many. Safe to call from many processes (SKIP LOCKED); reads only the small running index.';
revoke all on function pgfirst.job_reap(timestamptz) from public;
grant execute on function pgfirst.job_reap(timestamptz) to pgfirst_worker;
--! EndIncluded functions/job/job_reap.sql
--! Included functions/job/job_release.sql
create or replace function pgfirst.job_release(
  ids bigint[],
  worker_id text,
  now timestamptz default null
)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(job_release.now, pg_catalog.now());
  v_n integer;
  v_cancelled pgfirst_private.job[];
begin
  if job_release.worker_id is null or job_release.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  -- A job whose cancellation was requested is not handed back: it becomes cancelled.
  with d as (
    delete from pgfirst_private.job j
     where j.id = any (job_release.ids)
       and j.state = 'running'
       and j.worker_id = job_release.worker_id
       and j.cancel_requested
    returning j
  )
  select pg_catalog.array_agg(d.j) into v_cancelled from d;
  if v_cancelled is not null then
    perform pgfirst_private.job_finished(v_cancelled, 'cancelled', v_now);
  end if;
  -- The attempt did not happen (graceful shutdown): give it back, uncounted, ready now.
  update pgfirst_private.job j
     set state = case when j.attempt > 1 then 'failed' else 'pending' end,
         attempt = j.attempt - 1, run_at = v_now, worker_id = null,
         lease_expires_at = null, lease_duration = null, updated_at = v_now
   where j.id = any (job_release.ids)
     and j.state = 'running'
     and j.worker_id = job_release.worker_id;
  get diagnostics v_n = row_count;
  if v_n > 0 then
    perform pgfirst_private.job_notify(q.queue)
       from (select distinct j.queue from pgfirst_private.job j where j.id = any (job_release.ids)) q;
  end if;
  return v_n + coalesce(pg_catalog.cardinality(v_cancelled), 0);
end;
$$;

comment on function pgfirst.job_release(bigint[], text, timestamptz) is
  'Hands jobs leased to worker_id back to the queue without counting the attempt (graceful shutdown); a job flagged by job_cancel becomes cancelled instead. Fenced like job_complete. Returns how many jobs left this worker.';
revoke all on function pgfirst.job_release(bigint[], text, timestamptz) from public;
grant execute on function pgfirst.job_release(bigint[], text, timestamptz) to pgfirst_worker;
--! EndIncluded functions/job/job_release.sql
