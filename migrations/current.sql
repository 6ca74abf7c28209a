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
