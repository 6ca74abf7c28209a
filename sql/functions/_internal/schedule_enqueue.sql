-- Enqueues one tick of a schedule through the job API. The payload gains a "_schedule"
-- object: {"name", "tick" (the tick instant, ISO 8601), "catch_up" (true for the single run
-- standing for missed ticks under missed = once)}.
create or replace function pgfirst_private.schedule_enqueue(
  s pgfirst_private.schedule,
  tick timestamptz,
  catch_up boolean,
  now timestamptz
)
returns bigint
language sql
volatile
set search_path = pg_catalog, pg_temp
as $$
  select pgfirst.job_enqueue(
    task => s.task,
    payload => s.payload || pg_catalog.jsonb_build_object('_schedule', pg_catalog.jsonb_build_object(
      'name', s.name, 'tick', tick, 'catch_up', catch_up)),
    queue => s.queue,
    tenant => s.tenant,
    now => now)
$$;

comment on function pgfirst_private.schedule_enqueue(pgfirst_private.schedule, timestamptz, boolean, timestamptz) is
  'Internal: enqueues one schedule tick as a job whose payload carries _schedule {name, tick, catch_up}.';
revoke all on function pgfirst_private.schedule_enqueue(pgfirst_private.schedule, timestamptz, boolean, timestamptz) from public;
