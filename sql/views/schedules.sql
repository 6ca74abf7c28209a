create or replace view pgfirst.schedules as
  select s.name,
         s.task,
         coalesce(s.cron, 'every ' || s.every::text) as spec,
         s.timezone,
         s.next_run,
         s.last_run,
         s.last_job_id,
         s.enabled,
         s.queue,
         s.missed,
         s.tenant,
         s.payload,
         s.ticks_enqueued,
         s.ticks_skipped,
         s.last_tick_at,
         s.updated_at
    from pgfirst_private.schedule s;

comment on view pgfirst.schedules is
  'Every schedule: spec (cron or "every <interval>"), time zone, next and last run (tick time), last job id, counters.';
revoke all on pgfirst.schedules from public;
grant select on pgfirst.schedules to pgfirst_app;
