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
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
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
