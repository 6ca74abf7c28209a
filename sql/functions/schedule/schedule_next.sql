create or replace function pgfirst.schedule_next(name text, after timestamptz default null)
returns timestamptz
language sql
stable
security definer -- reads pgfirst_private.schedule
set search_path = pg_catalog, pg_temp
as $$
  -- first statement: refuse an infinite or out-of-range after (PF006) even when no row is read
  select pgfirst_private.arg_time(schedule_next.after, 'after');
  -- after = null: the stored next run (may be in the past when a tick is due but not yet run)
  select case when schedule_next.after is null then s.next_run
              else pgfirst_private.schedule_next_tick(s.spec, s.every, s.timezone, s.anchor, schedule_next.after) end
    from pgfirst_private.schedule s
   where s.name = schedule_next.name and s.enabled
$$;

comment on function pgfirst.schedule_next(text, timestamptz) is
  'The next run of an enabled schedule: the stored next_run, or the first tick strictly after "after". Null for an unknown or disabled schedule.';
revoke all on function pgfirst.schedule_next(text, timestamptz) from public;
grant execute on function pgfirst.schedule_next(text, timestamptz) to pgfirst_app;
