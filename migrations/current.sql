-- Tables, types, indexes, then one include line per sql/ file this change touches.
-- ==== schedule module ====
drop type if exists pgfirst_private.cron_spec cascade;
create type pgfirst_private.cron_spec as (
  minutes bigint,   -- bit n set: minute n allowed (0-59)
  hours bigint,     -- 0-23
  doms bigint,      -- 1-31
  months bigint,    -- 1-12
  dows bigint,      -- 0-6, Sunday = 0
  dom_star boolean, -- day-of-month field began with "*"
  dow_star boolean  -- day-of-week field began with "*"
);
comment on type pgfirst_private.cron_spec is 'A parsed cron expression: one bitmask per field plus the Vixie "*" flags for the day rule.';

--!include functions/_internal/cron_field_parse.sql
--!include functions/_internal/cron_parse.sql
--!include functions/_internal/cron_next_local.sql
--!include functions/_internal/cron_local_instant.sql
--!include functions/_internal/timezone_check.sql
--!include functions/_internal/cron_next_spec.sql
--!include functions/schedule/cron_next.sql

-- Schedules. Logged (they are configuration). next_run is indexed although every tick
-- rewrites it (non-HOT update once per tick per schedule): the due scan must stay an index
-- probe with 10,000 schedules and nothing due.
drop table if exists pgfirst_private.schedule cascade;
create table pgfirst_private.schedule (
  name text not null,
  task text not null,
  cron text,
  every interval,
  spec pgfirst_private.cron_spec,
  anchor timestamptz not null,        -- every-schedules tick at anchor + k * every
  payload jsonb not null default '{}',
  queue text not null default 'default',
  timezone text not null default 'UTC',
  missed text not null default 'once',
  enabled boolean not null default true,
  tenant text not null default '',
  next_run timestamptz,               -- null: the cron expression never fires again
  last_run timestamptz,               -- tick time of the last enqueued job
  last_job_id bigint,
  last_tick_at timestamptz,           -- when schedule_tick last enqueued for it
  ticks_enqueued bigint not null default 0,
  ticks_skipped bigint not null default 0,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint schedule_pkey primary key (name),
  constraint schedule_cron_xor_every check ((cron is null) <> (every is null)),
  constraint schedule_missed_known check (missed in ('skip', 'once', 'all'))
);
create index schedule_due_idx on pgfirst_private.schedule (next_run) where enabled;
comment on table pgfirst_private.schedule is
  'Cron and interval schedules; schedule_tick advances next_run atomically (FOR UPDATE SKIP LOCKED), which makes every tick enqueue exactly once.';

select pgfirst_private.setting_register('schedule.missed_grace', 'interval', '"2 minutes"',
  'A tick is on time while now - tick <= this; older ticks are "missed" and follow the schedule''s missed policy.');
select pgfirst_private.setting_register('schedule.catchup_window', 'interval', '"1 day"',
  'missed = all: ticks older than this are dropped (counted in ticks_skipped), newer ones are all enqueued.');
select pgfirst_private.setting_register('schedule.catchup_limit', 'integer', '100',
  'At most this many ticks per schedule per schedule_tick call; the rest follow on the next call.');
select pgfirst_private.setting_register('schedule.tick_batch', 'integer', '1000',
  'At most this many due schedules per schedule_tick call (the worker calls again at once when the batch was full).');

--!include functions/_internal/schedule_next_tick.sql
--!include functions/_internal/schedule_enqueue.sql
--!include functions/schedule/schedule_set.sql
--!include functions/schedule/schedule_delete.sql
--!include functions/schedule/schedule_next.sql
--!include functions/schedule/schedule_tick.sql
--!include views/schedules.sql
