-- Exactly-once per tick without a leader: each due schedule row is locked FOR UPDATE SKIP
-- LOCKED, its due ticks are enqueued and next_run moves past them in the same transaction.
-- A concurrent caller skips the locked row, and one that reads it after the commit re-checks
-- "next_run <= now" on the new row version (READ COMMITTED re-evaluation) and leaves it.
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
  v_job bigint;
  v_total integer := 0;
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
    v_job := null;
    -- Missed ticks (older than the grace period): the policy decides where to resume.
    v_from := case v_s.missed when 'all' then v_now - v_window else v_now - v_grace end;
    if v_t < v_from then
      if v_s.missed = 'once' then
        -- one catch-up run standing for every missed tick, stamped with the first of them
        v_job := pgfirst_private.schedule_enqueue(v_s, v_t, true, v_now);
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
      v_job := pgfirst_private.schedule_enqueue(v_s, v_t, false, v_now);
      v_last_tick := v_t;
      v_n := v_n + 1;
      v_t := pgfirst_private.schedule_next_tick(v_s.spec, v_s.every, v_s.timezone, v_s.anchor, v_t);
    end loop;
    update pgfirst_private.schedule s
       set next_run = v_t,
           last_run = coalesce(v_last_tick, s.last_run),
           last_job_id = coalesce(v_job, s.last_job_id),
           last_tick_at = v_now,
           ticks_enqueued = s.ticks_enqueued + v_n,
           ticks_skipped = s.ticks_skipped + v_skipped
     where s.name = v_s.name;
    v_total := v_total + v_n;
  end loop;
  return v_total;
end;
$$;

comment on function pgfirst.schedule_tick(timestamptz) is
  'Enqueues every due schedule tick as a job, exactly once even when many processes call it at once (row lock + SKIP LOCKED + atomic next_run advance). Bounded: schedule.tick_batch schedules and schedule.catchup_limit ticks per schedule per call. Returns the number of jobs enqueued.';
revoke all on function pgfirst.schedule_tick(timestamptz) from public;
grant execute on function pgfirst.schedule_tick(timestamptz) to pgfirst_worker;
