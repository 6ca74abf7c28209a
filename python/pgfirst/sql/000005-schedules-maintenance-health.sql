--! Previous: sha1:3934d521188f958d645c47482c741368076de5e5
--! Hash: sha1:2a3973b2aa6b3dc486bda613a76653b3b5d52536
--! Message: schedules, maintenance, job archive, health

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

--! Included functions/_internal/cron_field_parse.sql
-- One cron field ("*", "5", "1-5", "*/15", "10-50/10", "mon-fri", "jan,jul", lists of those)
-- as a bitmask: bit v is set when value v is allowed. Names are matched case-insensitively;
-- names[i] stands for value name_base + i - 1. "a/n" means "a-hi/n" (as cronie accepts it).
create or replace function pgfirst_private.cron_field_parse(
  field text,
  field_name text,
  lo integer,
  hi integer,
  names text[] default null,
  name_base integer default 0
)
returns bigint
language plpgsql
immutable
called on null input
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_item text;
  v_range text;
  v_step integer;
  v_parts text[];
  v_from integer;
  v_to integer;
  v_mask bigint := 0;
  v_bound text;
  v_value integer;
  v_values integer[];
  v_i integer;
begin
  if coalesce(field, '') = '' then
    raise exception 'a cron field may not be empty' using errcode = 'PF501',
      detail = format('the %s field is empty', field_name);
  end if;
  foreach v_item in array pg_catalog.string_to_array(field, ',') loop
    if v_item !~ '^[0-9a-z*-]+(/[0-9]+)?$' then
      raise exception 'a cron field item must be *, a value, a range a-b, optionally followed by /step'
        using errcode = 'PF501',
              detail = format('the %s field item "%s" is malformed', field_name, v_item),
              hint = 'Examples: *, 5, 1-5, */15, 10-50/10, mon-fri, jan,jul.';
    end if;
    v_range := pg_catalog.split_part(v_item, '/', 1);
    v_step := case when pg_catalog.strpos(v_item, '/') > 0
                   then pg_catalog.split_part(v_item, '/', 2)::integer else 1 end;
    if v_step < 1 or v_step > hi - lo + 1 then
      raise exception 'a cron step must be between 1 and the number of values in its field'
        using errcode = 'PF501',
              detail = format('the %s field has step %s (allowed 1-%s)', field_name, v_step, hi - lo + 1);
    end if;
    if v_range = '*' then
      v_from := lo;
      v_to := hi;
    else
      v_parts := pg_catalog.string_to_array(v_range, '-');
      if pg_catalog.cardinality(v_parts) > 2 then
        raise exception 'a cron range has exactly one dash' using errcode = 'PF501',
          detail = format('the %s field item "%s" is malformed', field_name, v_item);
      end if;
      v_values := '{}';
      foreach v_bound in array v_parts loop
        if v_bound ~ '^[0-9]+$' and pg_catalog.length(v_bound) <= 4 then
          v_value := v_bound::integer;
        elsif names is not null and pg_catalog.array_position(names, v_bound) is not null then
          v_value := pg_catalog.array_position(names, v_bound) + name_base - 1;
        else
          raise exception 'a cron value must be a number or, for month and day of week, a three-letter name'
            using errcode = 'PF501',
                  detail = format('the %s field has the unknown value "%s"', field_name, v_bound);
        end if;
        if v_value < lo or v_value > hi then
          raise exception 'a cron value must lie within its field''s range'
            using errcode = 'PF501',
                  detail = format('the %s field has %s (allowed %s-%s)', field_name, v_value, lo, hi);
        end if;
        v_values := v_values || v_value;
      end loop;
      v_from := v_values[1];
      -- "a/n" (no range) means from a to the end of the field, stepping n
      v_to := case when pg_catalog.cardinality(v_values) = 2 then v_values[2]
                   when pg_catalog.strpos(v_item, '/') > 0 then hi
                   else v_values[1] end;
      if v_from > v_to then
        raise exception 'a cron range must not wrap around (write two ranges instead)'
          using errcode = 'PF501',
                detail = format('the %s field range "%s" runs backwards', field_name, v_range),
                hint = 'For example write fri-sat,sun instead of fri-sun.';
      end if;
    end if;
    v_i := v_from;
    while v_i <= v_to loop
      v_mask := v_mask | (1::bigint << v_i);
      v_i := v_i + v_step;
    end loop;
  end loop;
  return v_mask;
end;
$$;

comment on function pgfirst_private.cron_field_parse(text, text, integer, integer, text[], integer) is
  'Internal: one cron field as a bitmask of allowed values; raises PF501 on malformed input.';
revoke all on function pgfirst_private.cron_field_parse(text, text, integer, integer, text[], integer) from public;
--! EndIncluded functions/_internal/cron_field_parse.sql
--! Included functions/_internal/cron_parse.sql
-- A cron expression (5 fields or an @macro) as a pgfirst_private.cron_spec of bitmasks.
-- dom_star / dow_star follow Vixie cron: a field that begins with "*" (also "*/2") counts as
-- unrestricted for the day-of-month / day-of-week OR rule.
create or replace function pgfirst_private.cron_parse(cron text)
returns pgfirst_private.cron_spec
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_expr text := pg_catalog.lower(pg_catalog.btrim(coalesce(cron, ''), E' \t\r\n'));
  v_fields text[];
  v_spec pgfirst_private.cron_spec;
begin
  if v_expr like '@%' then
    v_expr := case v_expr
      when '@yearly' then '0 0 1 1 *'
      when '@annually' then '0 0 1 1 *'
      when '@monthly' then '0 0 1 * *'
      when '@weekly' then '0 0 * * 0'
      when '@daily' then '0 0 * * *'
      when '@midnight' then '0 0 * * *'
      when '@hourly' then '0 * * * *'
      else v_expr end;
    if v_expr = '@reboot' then
      raise exception 'the @reboot cron macro is not supported: a database schedule has no boot moment'
        using errcode = 'PF502',
              hint = 'Enqueue the job from your application''s start-up code with pgfirst.job_enqueue instead.';
    elsif v_expr like '@%' then
      raise exception 'a cron macro must be one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly'
        using errcode = 'PF501', detail = format('got "%s"', cron);
    end if;
  end if;
  v_fields := pg_catalog.regexp_split_to_array(v_expr, '\s+');
  if v_expr = '' or pg_catalog.cardinality(v_fields) <> 5 then
    raise exception 'a cron expression has exactly five fields: minute hour day-of-month month day-of-week'
      using errcode = 'PF501',
            detail = format('got "%s"', coalesce(cron, '(null)')),
            hint = 'Example: 30 2 * * mon-fri (02:30 on weekdays).';
  end if;
  v_spec.minutes := pgfirst_private.cron_field_parse(v_fields[1], 'minute', 0, 59);
  v_spec.hours := pgfirst_private.cron_field_parse(v_fields[2], 'hour', 0, 23);
  v_spec.doms := pgfirst_private.cron_field_parse(v_fields[3], 'day-of-month', 1, 31);
  v_spec.months := pgfirst_private.cron_field_parse(v_fields[4], 'month', 1, 12,
    array['jan','feb','mar','apr','may','jun','jul','aug','sep','oct','nov','dec'], 1);
  v_spec.dows := pgfirst_private.cron_field_parse(v_fields[5], 'day-of-week', 0, 7,
    array['sun','mon','tue','wed','thu','fri','sat'], 0);
  -- 7 is another name for Sunday
  if v_spec.dows & 128 <> 0 then
    v_spec.dows := (v_spec.dows & 127) | 1;
  end if;
  v_spec.dom_star := v_fields[3] like '*%';
  v_spec.dow_star := v_fields[5] like '*%';
  return v_spec;
end;
$$;

comment on function pgfirst_private.cron_parse(text) is
  'Internal: parses a 5-field cron expression or @macro into bitmasks; raises PF501 (malformed) or PF502 (@reboot).';
revoke all on function pgfirst_private.cron_parse(text) from public;
--! EndIncluded functions/_internal/cron_parse.sql
--! Included functions/_internal/cron_next_local.sql
-- The first local wall-clock minute at or after from_local (already minute-aligned) that the
-- spec matches, or null when none comes before until_local. Wall-clock arithmetic on
-- timestamp without time zone: no DST here. Jumps by field (month, day, hour, minute), so
-- the loop runs a few dozen times, not once per minute.
create or replace function pgfirst_private.cron_next_local(
  spec pgfirst_private.cron_spec,
  from_local timestamp,
  until_local timestamp
)
returns timestamp
language plpgsql
immutable
strict
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_t timestamp := from_local;
  v_hour integer;
  v_minute integer;
  v_dom_ok boolean;
  v_dow_ok boolean;
  v_next integer;
begin
  loop
    if v_t > until_local then
      return null;
    end if;
    if spec.months & (1::bigint << pg_catalog.date_part('month', v_t)::integer) = 0 then
      v_t := pg_catalog.date_trunc('month', v_t) + interval '1 month';
      continue;
    end if;
    v_dom_ok := spec.doms & (1::bigint << pg_catalog.date_part('day', v_t)::integer) <> 0;
    v_dow_ok := spec.dows & (1::bigint << pg_catalog.date_part('dow', v_t)::integer) <> 0;
    -- Vixie cron: when either day field starts with "*", both must match; otherwise either may.
    if not (case when spec.dom_star or spec.dow_star then v_dom_ok and v_dow_ok
                 else v_dom_ok or v_dow_ok end) then
      v_t := pg_catalog.date_trunc('day', v_t) + interval '1 day';
      continue;
    end if;
    v_hour := pg_catalog.date_part('hour', v_t)::integer;
    if spec.hours & (1::bigint << v_hour) = 0 then
      v_next := v_hour + 1;
      while v_next < 24 and spec.hours & (1::bigint << v_next) = 0 loop
        v_next := v_next + 1;
      end loop;
      v_t := pg_catalog.date_trunc('day', v_t) + pg_catalog.make_interval(hours => v_next);
      continue;
    end if;
    v_minute := pg_catalog.date_part('minute', v_t)::integer;
    if spec.minutes & (1::bigint << v_minute) = 0 then
      v_next := v_minute + 1;
      while v_next < 60 and spec.minutes & (1::bigint << v_next) = 0 loop
        v_next := v_next + 1;
      end loop;
      v_t := pg_catalog.date_trunc('hour', v_t) + pg_catalog.make_interval(mins => v_next);
      continue;
    end if;
    return v_t;
  end loop;
end;
$$;

comment on function pgfirst_private.cron_next_local(pgfirst_private.cron_spec, timestamp, timestamp) is
  'Internal: next wall-clock minute >= from_local matching the cron spec (Vixie day rule), or null before until_local.';
revoke all on function pgfirst_private.cron_next_local(pgfirst_private.cron_spec, timestamp, timestamp) from public;
--! EndIncluded functions/_internal/cron_next_local.sql
--! Included functions/_internal/cron_local_instant.sql
-- The instant at which a wall-clock time happens in a time zone, by pgfirst's DST rule:
--  * a time shown twice (fall-back) maps to its FIRST occurrence (the earlier instant);
--  * a time that does not exist (spring-forward gap) maps to the instant it would have had
--    under the offset in force before the jump, i.e. it is shifted forward by the gap length
--    (02:30 on a day whose clocks jump 02:00 -> 03:00 becomes 03:30 new time). A caller
--    detects that case as (result at time zone timezone) <> local_time.
-- PostgreSQL's own "timestamp AT TIME ZONE" picks the later instant for ambiguous times, so
-- the offsets either side are compared explicitly. Assumes at most one transition within a
-- day of the wall time (true of every zone since 1970 except a few historical date-line moves).
-- A scalar result keeps calls on PL/pgSQL's fast expression path (a composite result costs
-- a full executor round per call).
create or replace function pgfirst_private.cron_local_instant(
  local_time timestamp,
  timezone text
)
returns timestamptz
language plpgsql
stable
strict
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_u timestamptz := local_time at time zone 'UTC';
  v_before timestamptz := v_u - interval '1 day';
  v_after timestamptz := v_u + interval '1 day';
  v_a timestamptz;
  v_b timestamptz;
  v_a_ok boolean;
  v_b_ok boolean;
begin
  v_a := v_u - ((v_before at time zone cron_local_instant.timezone) - (v_before at time zone 'UTC'));
  v_b := v_u - ((v_after at time zone cron_local_instant.timezone) - (v_after at time zone 'UTC'));
  v_a_ok := (v_a at time zone cron_local_instant.timezone) = local_time;
  v_b_ok := (v_b at time zone cron_local_instant.timezone) = local_time;
  return case when v_a_ok and v_b_ok then least(v_a, v_b)
              when v_b_ok then v_b
              else v_a end;
end;
$$;

comment on function pgfirst_private.cron_local_instant(timestamp, text) is
  'Internal: wall-clock time in a zone -> instant (fall-back: first occurrence; spring-forward gap: shifted forward by the gap).';
revoke all on function pgfirst_private.cron_local_instant(timestamp, text) from public;
--! EndIncluded functions/_internal/cron_local_instant.sql
--! Included functions/_internal/timezone_check.sql
-- Raises PF503 unless PostgreSQL knows the time zone (IANA name such as Europe/London, an
-- abbreviation or a POSIX spec). Avoids pg_timezone_names, which reads the whole tz database.
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
--! Included functions/_internal/cron_next_spec.sql
-- The first instant strictly after "after" at which a parsed cron spec fires in a time zone
-- (wall-clock rule in cron_local_instant), or null when none within 30 years. A wall time in
-- a spring-forward gap fires shifted forward, so near a transition the search starts up to
-- three hours of wall time earlier and keeps the earliest instant after "after".
create or replace function pgfirst_private.cron_next_spec(
  spec pgfirst_private.cron_spec,
  after timestamptz,
  timezone text
)
returns timestamptz
language plpgsql
stable
strict
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_tz text := cron_next_spec.timezone;
  v_back timestamptz := after - interval '3 hours';
  v_from timestamp;
  v_until timestamp;
  v_local timestamp;
  v_at timestamptz;
  v_best timestamptz;
begin
  if (v_back at time zone v_tz) - (v_back at time zone 'UTC') = (after at time zone v_tz) - (after at time zone 'UTC') then
    v_from := after at time zone v_tz;          -- no transition in the last 3 hours
  else
    v_from := v_back at time zone v_tz;
  end if;
  v_from := pg_catalog.date_trunc('minute', v_from) + interval '1 minute';
  v_until := (after at time zone v_tz) + interval '30 years';
  loop
    v_local := pgfirst_private.cron_next_local(spec, v_from, v_until);
    if v_local is null then
      return v_best;
    end if;
    if v_best is not null and v_local >= (v_best at time zone v_tz) then
      return v_best;
    end if;
    v_at := pgfirst_private.cron_local_instant(v_local, v_tz);
    if v_at > after then
      if (v_at at time zone v_tz) = v_local then   -- the wall time exists: nothing later beats it
        return least(v_best, v_at);
      end if;
      v_best := least(v_best, v_at);              -- shifted out of a gap: a later wall time may still be earlier
    end if;
    v_from := v_local + interval '1 minute';
  end loop;
end;
$$;

comment on function pgfirst_private.cron_next_spec(pgfirst_private.cron_spec, timestamptz, text) is
  'Internal: next firing instant of a parsed cron spec strictly after "after" in a time zone; null if none within 30 years.';
revoke all on function pgfirst_private.cron_next_spec(pgfirst_private.cron_spec, timestamptz, text) from public;
--! EndIncluded functions/_internal/cron_next_spec.sql
--! Included functions/schedule/cron_next.sql
-- STABLE, not IMMUTABLE: the answer depends on the server's time zone database, which an
-- OS or PostgreSQL upgrade can change (an IMMUTABLE result could be frozen into an index).
create or replace function pgfirst.cron_next(
  cron text,
  after timestamptz,
  timezone text default 'UTC'
)
returns timestamptz
language plpgsql
stable
parallel safe
security definer -- calls the pgfirst_private cron helpers
set search_path = pg_catalog, pg_temp
as $$
declare
  v_spec pgfirst_private.cron_spec := pgfirst_private.cron_parse(cron);
begin
  perform pgfirst_private.timezone_check(cron_next.timezone);
  if after is null then
    return null;
  end if;
  return pgfirst_private.cron_next_spec(v_spec, after, cron_next.timezone);
end;
$$;

comment on function pgfirst.cron_next(text, timestamptz, text) is
  'The first instant strictly after "after" at which the cron expression fires, evaluated in the wall-clock time of "timezone" (DST: a time shown twice fires once, at its first occurrence; a time skipped by a spring-forward jump fires shifted forward by the jump). Null when after is null or nothing fires within 30 years. PF501 malformed, PF502 @reboot, PF503 unknown zone.';
revoke all on function pgfirst.cron_next(text, timestamptz, text) from public;
grant execute on function pgfirst.cron_next(text, timestamptz, text) to pgfirst_app;
--! EndIncluded functions/schedule/cron_next.sql

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
  'missed = all: ticks older than this are dropped (the jump counts once in ticks_skipped), newer ones are all enqueued.');
select pgfirst_private.setting_register('schedule.catchup_limit', 'integer', '100',
  'At most this many ticks per schedule per schedule_tick call; the rest follow on the next call.');
select pgfirst_private.setting_register('schedule.tick_batch', 'integer', '1000',
  'At most this many due schedules per schedule_tick call (the worker calls again at once when the batch was full).');

--! Included functions/_internal/schedule_next_tick.sql
-- The first tick of a schedule strictly after "after": cron via cron_next_spec in the
-- schedule's zone; every-schedules on the grid anchor + k * every (elapsed time, 1 day =
-- 86,400 s, so an interval schedule ignores DST by design).
create or replace function pgfirst_private.schedule_next_tick(
  spec pgfirst_private.cron_spec,
  every interval,
  timezone text,
  anchor timestamptz,
  after timestamptz
)
returns timestamptz
language sql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select case
    when every is null then pgfirst_private.cron_next_spec(spec, after, timezone)
    else anchor + pg_catalog.make_interval(secs =>
           (pg_catalog.floor(pg_catalog.date_part('epoch', after - anchor) / pg_catalog.date_part('epoch', every)) + 1)
           * pg_catalog.date_part('epoch', every))
  end
$$;

comment on function pgfirst_private.schedule_next_tick(pgfirst_private.cron_spec, interval, text, timestamptz, timestamptz) is
  'Internal: first tick of a cron or interval schedule strictly after "after".';
revoke all on function pgfirst_private.schedule_next_tick(pgfirst_private.cron_spec, interval, text, timestamptz, timestamptz) from public;
--! EndIncluded functions/_internal/schedule_next_tick.sql
--! Included functions/schedule/schedule_set.sql
create or replace function pgfirst.schedule_set(
  name text,
  task text,
  cron text default null,
  every interval default null,
  payload jsonb default '{}',
  queue text default 'default',
  timezone text default 'UTC',
  missed text default 'once',
  enabled boolean default true,
  tenant text default '',
  now timestamptz default null
)
returns void
language plpgsql
volatile
security definer -- writes pgfirst_private.schedule
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_variable
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
  v_spec pgfirst_private.cron_spec;
  v_next timestamptz;
  v_old pgfirst_private.schedule;
begin
  if name is null or pg_catalog.btrim(name) = '' then
    raise exception 'a schedule needs a non-empty name' using errcode = 'PF508';
  end if;
  if task is null or task = '' then
    raise exception 'a schedule needs a non-empty task name' using errcode = 'PF509',
      detail = pg_catalog.format('schedule %L', name);
  end if;
  if (cron is null) = (every is null) then
    raise exception 'a schedule takes exactly one of cron and every' using errcode = 'PF504',
      detail = pg_catalog.format('schedule %L: cron %s, every %s', name,
        coalesce(pg_catalog.quote_literal(cron), 'null'), coalesce(every::text, 'null')),
      hint = 'Pass cron => ''*/5 * * * *'' or every => ''5 minutes''.';
  end if;
  if every is not null and (every <= interval '0' or pg_catalog.date_part('month', every) <> 0
                            or pg_catalog.date_part('year', every) <> 0
                            or pg_catalog.date_part('epoch', every) < 1) then
    raise exception 'every must be a positive duration of at least one second, without months or years'
      using errcode = 'PF505',
            detail = pg_catalog.format('schedule %L: every %s', name, every),
            hint = 'For calendar rules such as "the 1st of each month" use cron => ''0 0 1 * *''.';
  end if;
  if missed is null or missed not in ('skip', 'once', 'all') then
    raise exception 'missed must be skip, once or all' using errcode = 'PF506',
      detail = pg_catalog.format('schedule %L: missed %L', name, missed);
  end if;
  if payload is null or pg_catalog.jsonb_typeof(payload) <> 'object' then
    raise exception 'a schedule payload must be a JSON object' using errcode = 'PF510',
      detail = pg_catalog.format('schedule %L: payload is %s', name, coalesce(pg_catalog.jsonb_typeof(payload), 'null')),
      hint = 'Wrap values in an object; the job payload gains a "_schedule" key.';
  end if;
  if queue is null or queue = '' then
    raise exception 'a schedule queue name must be non-empty' using errcode = 'PF511',
      detail = pg_catalog.format('schedule %L', name);
  end if;
  perform pgfirst_private.timezone_check(timezone);

  if cron is not null then
    v_spec := pgfirst_private.cron_parse(cron);
    v_next := pgfirst_private.cron_next_spec(v_spec, v_now, timezone);
    if v_next is null then
      raise exception 'a cron schedule must fire at least once in the next 30 years' using errcode = 'PF507',
        detail = pg_catalog.format('schedule %L: cron %L never matches a calendar date', name, cron),
        hint = 'Check the day-of-month against the months (there is no 30 February).';
    end if;
  else
    v_next := v_now + every;
  end if;

  select * into v_old from pgfirst_private.schedule s where s.name = name for update;
  if found and v_old.cron is not distinct from cron and v_old.every is not distinct from every
     and v_old.timezone = timezone and v_old.enabled = coalesce(enabled, true) then
    -- same timing: keep next_run (re-running deploy scripts must not shift or re-fire ticks)
    update pgfirst_private.schedule s
       set task = task, payload = payload, queue = queue, missed = missed,
           tenant = coalesce(tenant, ''), updated_at = v_now
     where s.name = name;
  else
    -- new schedule, new timing or (re-)enabled: ticks start after now, nothing is back-filled
    insert into pgfirst_private.schedule as s
      (name, task, cron, every, spec, anchor, payload, queue, timezone, missed, enabled, tenant,
       next_run, created_at, updated_at)
    values (name, task, cron, every, v_spec, v_now, payload, queue, timezone, missed,
            coalesce(enabled, true), coalesce(tenant, ''), v_next, v_now, v_now)
    on conflict on constraint schedule_pkey do update
       set task = excluded.task, cron = excluded.cron, every = excluded.every, spec = excluded.spec,
           anchor = excluded.anchor, payload = excluded.payload, queue = excluded.queue,
           timezone = excluded.timezone, missed = excluded.missed, enabled = excluded.enabled,
           tenant = excluded.tenant, next_run = excluded.next_run, updated_at = excluded.updated_at;
  end if;
end;
$$;

comment on function pgfirst.schedule_set(text, text, text, interval, jsonb, text, text, text, boolean, text, timestamptz) is
  'Creates or replaces a schedule (exactly one of cron or every). Idempotent: calling it again with the same timing keeps next_run; a new timing or re-enabling starts from now without back-fill. PF501-PF511 on bad input.';
revoke all on function pgfirst.schedule_set(text, text, text, interval, jsonb, text, text, text, boolean, text, timestamptz) from public;
grant execute on function pgfirst.schedule_set(text, text, text, interval, jsonb, text, text, text, boolean, text, timestamptz) to pgfirst_admin;
--! EndIncluded functions/schedule/schedule_set.sql
--! Included functions/schedule/schedule_delete.sql
create or replace function pgfirst.schedule_delete(name text)
returns boolean
language sql
volatile
strict
security definer -- writes pgfirst_private.schedule
set search_path = pg_catalog, pg_temp
as $$
  with d as (delete from pgfirst_private.schedule s where s.name = schedule_delete.name returning 1)
  select exists (select 1 from d)
$$;

comment on function pgfirst.schedule_delete(text) is
  'Deletes a schedule; true if it existed. Jobs it already enqueued are left alone.';
revoke all on function pgfirst.schedule_delete(text) from public;
grant execute on function pgfirst.schedule_delete(text) to pgfirst_admin;
--! EndIncluded functions/schedule/schedule_delete.sql
--! Included functions/schedule/schedule_next.sql
create or replace function pgfirst.schedule_next(name text, after timestamptz default null)
returns timestamptz
language sql
stable
security definer -- reads pgfirst_private.schedule
set search_path = pg_catalog, pg_temp
as $$
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
--! EndIncluded functions/schedule/schedule_next.sql
--! Included functions/schedule/schedule_tick.sql
-- Exactly-once per tick without a leader: each due schedule row is locked FOR UPDATE SKIP
-- LOCKED, its due ticks are enqueued and next_run moves past them in the same transaction.
-- A concurrent caller skips the locked row, and one that reads it after the commit re-checks
-- "next_run <= now" on the new row version (READ COMMITTED re-evaluation) and leaves it.
-- The loop only computes ticks; all jobs are then enqueued by ONE job_enqueue_many call.
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
               'now', v_now) order by t.ord)
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
  'Enqueues every due schedule tick as a job, exactly once even when many processes call it at once (row lock + SKIP LOCKED + atomic next_run advance). Bounded: schedule.tick_batch schedules and schedule.catchup_limit ticks per schedule per call. Returns the number of jobs enqueued.';
revoke all on function pgfirst.schedule_tick(timestamptz) from public;
grant execute on function pgfirst.schedule_tick(timestamptz) to pgfirst_worker;
--! EndIncluded functions/schedule/schedule_tick.sql
--! Included views/schedules.sql
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
--! EndIncluded views/schedules.sql

-- ---- job archive (extends the job module: queue keep_finished, job_finished, job_get) ----
alter table pgfirst_private.job_queue add column if not exists keep_finished interval;
alter table pgfirst_private.job_queue drop constraint if exists job_queue_keep_finished_positive;
alter table pgfirst_private.job_queue add constraint job_queue_keep_finished_positive
  check (keep_finished is null or keep_finished > interval '0');
comment on column pgfirst_private.job_queue.keep_finished is
  'Copy finished jobs of this queue into pgfirst_private.job_archive and keep them at least this long (null = no archive).';

drop table if exists pgfirst_private.job_archive cascade;
-- Finished jobs of queues with keep_finished. Daily partitions (UTC days) are created ahead
-- by maintenance; retention detaches and drops whole partitions. The default partition only
-- catches rows when maintenance did not run for schedule.archive_days_ahead days.
create table pgfirst_private.job_archive (
  id bigint not null,
  tenant text not null,
  queue text not null,
  task text not null,
  payload jsonb not null,
  priority integer not null,
  run_at timestamptz not null,
  state text not null,
  attempt integer not null,
  max_attempts integer not null,
  job_key text,
  last_error text,
  errors jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  finished_at timestamptz not null,
  constraint job_archive_pkey primary key (id, finished_at),
  constraint job_archive_state check (state in ('done', 'dead', 'cancelled'))
) partition by range (finished_at);
create table pgfirst_private.job_archive_default partition of pgfirst_private.job_archive default;
comment on table pgfirst_private.job_archive is
  'Archive of finished jobs (queues with keep_finished), range-partitioned by finished_at in UTC days named job_archive_pYYYYMMDD; retention drops whole partitions.';

-- One row per maintenance run (what it did); pruned by maintenance after a day. Health
-- reads it for "reaped leases" and "maintenance last ran".
drop table if exists pgfirst_private.maintenance_run cascade;
create table pgfirst_private.maintenance_run (
  at timestamptz not null,
  result jsonb not null
);
create index maintenance_run_at_idx on pgfirst_private.maintenance_run (at);
comment on table pgfirst_private.maintenance_run is 'Log of maintenance runs (the jsonb each returned), kept one day.';

select pgfirst_private.setting_register('archive.days_ahead', 'integer', '3',
  'Maintenance keeps daily job archive partitions created this many UTC days ahead of today.');
select pgfirst_private.setting_register('maintenance.batch', 'integer', '10000',
  'Rows each cleanup deletes at most per maintenance call (cache, sessions, rate limits, dead letters).');
select pgfirst_private.setting_register('health.oldest_pending_warn', 'interval', '"1 minute"',
  'health: warn when the oldest ready job has waited longer than this.');
select pgfirst_private.setting_register('health.oldest_pending_crit', 'interval', '"10 minutes"',
  'health: crit when the oldest ready job has waited longer than this.');
select pgfirst_private.setting_register('health.dead_last_hour_warn', 'integer', '1',
  'health: warn when at least this many jobs went dead in the last hour.');
select pgfirst_private.setting_register('health.dead_last_hour_crit', 'integer', '100',
  'health: crit when at least this many jobs went dead in the last hour.');
select pgfirst_private.setting_register('health.reaped_last_hour_warn', 'integer', '1',
  'health: warn when maintenance reaped at least this many expired leases in the last hour.');
select pgfirst_private.setting_register('health.reaped_last_hour_crit', 'integer', '50',
  'health: crit when maintenance reaped at least this many expired leases in the last hour.');
select pgfirst_private.setting_register('health.schedule_overdue_crit', 'interval', '"15 minutes"',
  'health: a schedule tick overdue by more than schedule.missed_grace is warn, by more than this crit.');
select pgfirst_private.setting_register('health.bloat_warn', 'number', '0.2',
  'health: warn when dead tuples are more than this share of a cache/session/job table.');
select pgfirst_private.setting_register('health.bloat_crit', 'number', '0.5',
  'health: crit when dead tuples are more than this share of a cache/session/job table.');
select pgfirst_private.setting_register('health.long_transaction_warn', 'interval', '"5 minutes"',
  'health: warn when a transaction in this database has been open longer than this (it pins vacuum).');
select pgfirst_private.setting_register('health.long_transaction_crit', 'interval', '"30 minutes"',
  'health: crit when a transaction in this database has been open longer than this.');
select pgfirst_private.setting_register('health.maintenance_stale', 'interval', '"10 minutes"',
  'health: warn when maintenance has not run for this long (crit after three times as long).');

-- job_get reads the archive, so it is created after it (moved here from the job section)
--! Included functions/job/job_get.sql
create or replace function pgfirst.job_get(id bigint)
returns table(id bigint, task text, queue text, tenant text, state text, attempt integer,
              max_attempts integer, run_at timestamptz, last_error text,
              created_at timestamptz, updated_at timestamptz)
language sql
stable
parallel safe
strict
security definer -- reads pgfirst_private.job, job_dead and job_archive
set search_path = pg_catalog, pg_temp
as $$
  -- live first, then dead letters, then the archive (a retried job may have an archived copy)
  select x.id, x.task, x.queue, x.tenant, x.state, x.attempt, x.max_attempts, x.run_at,
         x.last_error, x.created_at, x.updated_at
    from (
      select 1 as rank, j.id, j.task, j.queue, j.tenant, j.state, j.attempt, j.max_attempts, j.run_at,
             j.last_error, j.created_at, j.updated_at
        from pgfirst_private.job j
       where j.id = job_get.id
      union all
      select 2, d.id, d.task, d.queue, d.tenant, d.state, d.attempt, d.max_attempts, d.run_at,
             d.last_error, d.created_at, d.updated_at
        from pgfirst_private.job_dead d
       where d.id = job_get.id
      union all
      select 3, a.id, a.task, a.queue, a.tenant, a.state, a.attempt, a.max_attempts, a.run_at,
             a.last_error, a.created_at, a.updated_at
        from pgfirst_private.job_archive a
       where a.id = job_get.id
    ) x
   order by x.rank
   limit 1
$$;

comment on function pgfirst.job_get(bigint) is
  'One job by id: live (pending, failed, running) dead letter (dead, cancelled) or archived (done, dead, cancelled, for queues with keep_finished); zero rows for an unknown job or a completed job that was not archived. Primary-key lookups (one per archive partition).';
revoke all on function pgfirst.job_get(bigint) from public;
grant execute on function pgfirst.job_get(bigint) to pgfirst_app;
--! EndIncluded functions/job/job_get.sql
--! Included functions/_internal/archive_maintain.sql
-- Archive partitions: creates the daily partitions for today .. today + archive.days_ahead
-- (UTC) and detaches + drops every partition whose whole day is older than the longest
-- keep_finished of any queue. Serialised by a transaction-level advisory lock: a second
-- concurrent caller skips this part (reports "skipped") instead of queueing behind DDL.
-- Rows that landed in the default partition (maintenance down for days) are removed in
-- bounded batches once past retention; a day that has rows in the default partition gets
-- no partition of its own (PostgreSQL would refuse it).
create or replace function pgfirst_private.archive_maintain(now timestamptz, batch integer)
returns jsonb
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
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
  v_part record;
begin
  if not pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('pgfirst.archive_maintain')) then
    return pg_catalog.jsonb_build_object('skipped', true);
  end if;
  for v_day in select d::date from pg_catalog.generate_series(v_today, v_today + v_ahead, interval '1 day') d loop
    v_name := 'job_archive_p' || pg_catalog.to_char(v_day, 'YYYYMMDD');
    continue when pg_catalog.to_regclass('pgfirst_private.' || v_name) is not null;
    if exists (select 1 from pgfirst_private.job_archive_default a
                where a.finished_at >= (v_day::timestamp at time zone 'UTC')
                  and a.finished_at < ((v_day + 1)::timestamp at time zone 'UTC')) then
      v_blocked := v_blocked || v_name;
      continue;
    end if;
    execute pg_catalog.format(
      'create table pgfirst_private.%I partition of pgfirst_private.job_archive for values from (%L) to (%L)',
      v_name, (v_day::timestamp at time zone 'UTC'), ((v_day + 1)::timestamp at time zone 'UTC'));
    v_created := v_created || v_name;
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
    execute pg_catalog.format('alter table pgfirst_private.job_archive detach partition pgfirst_private.%I', v_part.relname);
    execute pg_catalog.format('drop table pgfirst_private.%I', v_part.relname);
    v_dropped := v_dropped || v_part.relname::text;
  end loop;

  with x as (
    select a.ctid from pgfirst_private.job_archive_default a
     where a.finished_at < archive_maintain.now - v_keep
     limit batch
  )
  delete from pgfirst_private.job_archive_default a using x where a.ctid = x.ctid;
  get diagnostics v_default = row_count;

  return pg_catalog.jsonb_build_object('created', pg_catalog.to_jsonb(v_created),
    'dropped', pg_catalog.to_jsonb(v_dropped), 'blocked_by_default', pg_catalog.to_jsonb(v_blocked),
    'default_purged', v_default);
end;
$$;

comment on function pgfirst_private.archive_maintain(timestamptz, integer) is
  'Internal: creates job archive partitions ahead and drops partitions past retention (detach + drop); one caller at a time (advisory lock, others skip).';
revoke all on function pgfirst_private.archive_maintain(timestamptz, integer) from public;
--! EndIncluded functions/_internal/archive_maintain.sql
--! Included functions/core/maintenance.sql
-- Every module's bounded cleanup in one call. Modules are optional: a cleanup function that
-- is not installed (cache, sessions, rate limits live in other migrations) is looked up with
-- to_regprocedure and skipped when absent, then called through format('%I') + EXECUTE USING,
-- so maintenance works whatever set of modules is installed. Safe to run from several
-- processes at once: the cleanups delete in bounded SKIP LOCKED batches (each row once),
-- job_reap uses SKIP LOCKED, and archive DDL is serialised by an advisory lock.
create or replace function pgfirst.maintenance(now timestamptz default null)
returns jsonb
language plpgsql
volatile
security definer -- runs private cleanups, partition DDL and the module cleanup functions
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_variable
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
  v_batch integer := pgfirst_private.setting_int('maintenance.batch');
  v_result jsonb;
  v_cleanup jsonb := '{}';
  v_missing text[] := '{}';
  v_fn text;
  v_n bigint;
  v_reaped integer;
  v_dead bigint;
  v_archive jsonb;
  v_log bigint;
begin
  v_reaped := pgfirst.job_reap(now => v_now);

  v_dead := pgfirst_private.job_dead_purge(now => v_now, max_rows => v_batch);

  v_archive := pgfirst_private.archive_maintain(v_now, v_batch);

  foreach v_fn in array array['cache_cleanup', 'session_cleanup', 'rate_limit_cleanup'] loop
    if pg_catalog.to_regprocedure('pgfirst.' || v_fn || '(integer, timestamp with time zone)') is null then
      v_missing := v_missing || v_fn;
      continue;
    end if;
    execute pg_catalog.format('select %I.%I(max_rows => $1, now => $2)', 'pgfirst', v_fn)
       into v_n using v_batch, v_now;
    v_cleanup := v_cleanup || pg_catalog.jsonb_build_object(v_fn, v_n);
  end loop;

  with x as (
    select m.ctid from pgfirst_private.maintenance_run m
     where m.at < v_now - interval '1 day' limit v_batch
  )
  delete from pgfirst_private.maintenance_run m using x where m.ctid = x.ctid;
  get diagnostics v_log = row_count;

  v_result := pg_catalog.jsonb_build_object(
    'at', v_now,
    'jobs_reaped', v_reaped,
    'dead_purged', v_dead,
    'archive', v_archive,
    'cleanup', v_cleanup,
    'not_installed', pg_catalog.to_jsonb(v_missing),
    'log_pruned', v_log);
  insert into pgfirst_private.maintenance_run (at, result) values (v_now, v_result);
  return v_result;
end;
$$;

comment on function pgfirst.maintenance(timestamptz) is
  'Runs every installed module''s bounded cleanup (job reaping, dead-letter retention, archive partitions ahead and retention, cache/session/rate-limit cleanups when installed) and returns what it did as jsonb. Safe from several processes at once; installed as the schedule pgfirst.maintenance (every minute).';
revoke all on function pgfirst.maintenance(timestamptz) from public;
grant execute on function pgfirst.maintenance(timestamptz) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/core/maintenance.sql
--! Included functions/core/health.sql
-- Core checks plus the job, schedule, maintenance, archive and table checks. Thresholds are
-- settings (health.*, schedule.missed_grace, archive.days_ahead). Ages are in seconds.
-- Every check reads catalog statistics or small indexed sets: cheap enough for a probe.
create or replace function pgfirst.health(now timestamptz default null)
returns table("check" text, status text, value numeric, detail text)
language sql
stable
security definer -- reads pgfirst_private and graphile-migrate bookkeeping
set search_path = pg_catalog, pg_temp
as $$
  select 'schema_version', case when v is null then 'crit' else 'ok' end,
         v::numeric, coalesce('pgfirst schema ' || v, 'no pgfirst migration recorded')
    from (select pgfirst.version() as v) x
  union all
  select 'roles',
         case when count(r.rolname) = 3 then 'ok' else 'crit' end,
         count(r.rolname),
         case when count(r.rolname) = 3 then 'pgfirst_app, pgfirst_worker, pgfirst_admin present'
              else 'missing: ' || string_agg(want.name, ', ') filter (where r.rolname is null) end
    from unnest(array['pgfirst_app', 'pgfirst_worker', 'pgfirst_admin']) as want(name)
    left join pg_roles r on r.rolname = want.name
  union all
  select 'settings', 'ok', count(*),
         count(*) filter (where s.value is not null) || ' overridden'
    from pgfirst_private.setting s
  union all
  -- oldest job that is ready to run but not running
  select 'oldest_pending_job',
         case when age is null or age <= pgfirst_private.setting_interval('health.oldest_pending_warn') then 'ok'
              when age <= pgfirst_private.setting_interval('health.oldest_pending_crit') then 'warn'
              else 'crit' end,
         round(coalesce(extract(epoch from age), 0)::numeric, 3),
         coalesce('oldest ready job waited ' || justify_interval(date_trunc('second', age))::text, 'no ready jobs')
    from (select coalesce(health.now, pg_catalog.now()) - min(j.run_at) as age
            from pgfirst_private.job j
           where j.state in ('pending', 'failed') and j.run_at <= coalesce(health.now, pg_catalog.now())) x
  union all
  select 'dead_jobs_last_hour',
         case when n < pgfirst_private.setting_int('health.dead_last_hour_warn') then 'ok'
              when n < pgfirst_private.setting_int('health.dead_last_hour_crit') then 'warn'
              else 'crit' end,
         n, n || ' job(s) ran out of attempts in the last hour'
    from (select count(*) as n from pgfirst_private.job_dead d
           where d.state = 'dead' and d.finished_at > coalesce(health.now, pg_catalog.now()) - interval '1 hour' and d.finished_at <= coalesce(health.now, pg_catalog.now())) x
  union all
  select 'reaped_leases_last_hour',
         case when n < pgfirst_private.setting_int('health.reaped_last_hour_warn') then 'ok'
              when n < pgfirst_private.setting_int('health.reaped_last_hour_crit') then 'warn'
              else 'crit' end,
         n, n || ' expired lease(s) reaped by maintenance in the last hour (workers dying or jobs outliving their lease)'
    from (select coalesce(sum((m.result->>'jobs_reaped')::bigint), 0) as n
            from pgfirst_private.maintenance_run m
           where m.at > coalesce(health.now, pg_catalog.now()) - interval '1 hour' and m.at <= coalesce(health.now, pg_catalog.now())) x
  union all
  select 'maintenance_last_run',
         case when last is null then 'warn'
              when coalesce(health.now, pg_catalog.now()) - last <= pgfirst_private.setting_interval('health.maintenance_stale') then 'ok'
              when coalesce(health.now, pg_catalog.now()) - last <= 3 * pgfirst_private.setting_interval('health.maintenance_stale') then 'warn'
              else 'crit' end,
         round(coalesce(extract(epoch from coalesce(health.now, pg_catalog.now()) - last), -1)::numeric, 3),
         coalesce('last run ' || last::text, 'maintenance has never run: start a worker or call pgfirst.maintenance()')
    from (select max(m.at) as last from pgfirst_private.maintenance_run m) x
  union all
  select 'schedules_overdue',
         case when n = 0 then 'ok'
              when worst <= pgfirst_private.setting_interval('health.schedule_overdue_crit') then 'warn'
              else 'crit' end,
         n,
         case when n = 0 then 'every enabled schedule ticked on time'
              else n || ' schedule(s) overdue, worst ' || first_name || ' by ' || justify_interval(date_trunc('second', worst))::text
                   || ' (is schedule_tick running?)' end
    from (select count(*) as n, max(coalesce(health.now, pg_catalog.now()) - s.next_run) as worst,
                 (array_agg(s.name order by s.next_run))[1] as first_name
            from pgfirst_private.schedule s
           where s.enabled and s.next_run < coalesce(health.now, pg_catalog.now()) - pgfirst_private.setting_interval('schedule.missed_grace')) x
  union all
  select 'table_bloat',
         case when coalesce(share, 0) <= pgfirst_private.setting_value('health.bloat_warn')::numeric then 'ok'
              when share <= pgfirst_private.setting_value('health.bloat_crit')::numeric then 'warn'
              else 'crit' end,
         round(coalesce(share, 0), 4),
         coalesce('worst: pgfirst_private.' || relname || ' ' || round(share * 100, 1) || '% dead tuples',
                  'no pgfirst table with 1000+ tuples')
    from (select s.relname, s.n_dead_tup::numeric / (s.n_live_tup + s.n_dead_tup) as share
            from pg_stat_user_tables s
           where s.schemaname = 'pgfirst_private' and s.n_live_tup + s.n_dead_tup >= 1000
             and s.relname !~ '^job_archive'
           order by 2 desc limit 1) w
    right join (select 1) one on true
  union all
  select 'archive_partitions_ahead',
         case when not used then 'ok'
              when missing_today then 'crit'
              when missing > 0 then 'warn'
              else 'ok' end,
         case when used then missing else 0 end,
         case when not used then 'no queue keeps finished jobs (queue_configure keep_finished)'
              when missing = 0 then 'daily partitions exist through ' || (today + ahead)::text
              else missing || ' of the next ' || (ahead + 1) || ' daily partitions missing (run pgfirst.maintenance())' end
    from (select exists (select 1 from pgfirst_private.job_queue q where q.keep_finished is not null) as used,
                 d.today, d.ahead,
                 count(*) filter (where to_regclass('pgfirst_private.job_archive_p' || to_char(day, 'YYYYMMDD')) is null) as missing,
                 bool_or(day = d.today and to_regclass('pgfirst_private.job_archive_p' || to_char(day, 'YYYYMMDD')) is null) as missing_today
            from (select (coalesce(health.now, pg_catalog.now()) at time zone 'UTC')::date as today,
                         pgfirst_private.setting_int('archive.days_ahead')::integer as ahead from (select 1) one) d,
                 generate_series(d.today, d.today + d.ahead, interval '1 day') day
           group by d.today, d.ahead) x
  union all
  select 'long_transaction',
         case when age is null or age <= pgfirst_private.setting_interval('health.long_transaction_warn') then 'ok'
              when age <= pgfirst_private.setting_interval('health.long_transaction_crit') then 'warn'
              else 'crit' end,
         round(coalesce(extract(epoch from age), 0)::numeric, 3),
         coalesce('pid ' || pid || ' (' || coalesce(nullif(application_name, ''), usename::text, '?') || ') open for '
                  || justify_interval(date_trunc('second', age))::text || ', pins vacuum', 'no long transaction')
    from (select a.pid, a.application_name, a.usename, pg_catalog.now() - a.xact_start as age
            from pg_stat_activity a
           where a.datname = current_database() and a.pid <> pg_backend_pid() and a.xact_start is not null
           order by a.xact_start limit 1) l
    right join (select 1) one on true
$$;

comment on function pgfirst.health(timestamptz) is
  'Health checks as rows ("check", status ok|warn|crit, value, detail): schema, roles, settings, oldest ready job, dead jobs and reaped leases in the last hour, maintenance freshness, overdue schedules, table bloat, archive partitions ahead, long transactions. Thresholds in pgfirst.settings (health.*). Read-only, one round trip.';
revoke all on function pgfirst.health(timestamptz) from public;
grant execute on function pgfirst.health(timestamptz) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/core/health.sql
--! Included functions/core/stats.sql
-- One snapshot for dashboards and the Prometheus exporter. Table figures come from the
-- statistics collector and the catalog (estimates, no scans of big tables); job counts from
-- queue_stats (the live table is small by design).
create or replace function pgfirst.stats()
returns jsonb
language sql
stable
security definer -- reads pgfirst_private tables and their statistics
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object(
    'at', now(),
    'version', pgfirst.version(),
    'queues', coalesce((select jsonb_agg(jsonb_build_object(
                 'queue', q.queue, 'pending', q.pending, 'scheduled', q.scheduled, 'running', q.running,
                 'dead', q.dead, 'oldest_pending_seconds', round(coalesce(extract(epoch from q.oldest_pending_age), 0)::numeric, 3))
                 order by q.queue) from pgfirst.queue_stats() q), '[]'),
    'archive', (select jsonb_build_object(
                 'partitions', count(*) filter (where c.relname ~ '^job_archive_p'),
                 'rows_estimate', coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint,
                 'bytes', coalesce(sum(pg_total_relation_size(c.oid)), 0))
                  from pg_inherits i join pg_class c on c.oid = i.inhrelid
                 where i.inhparent = 'pgfirst_private.job_archive'::regclass),
    'schedules', (select jsonb_build_object(
                 'total', count(*),
                 'enabled', count(*) filter (where s.enabled),
                 'overdue', count(*) filter (where s.enabled and s.next_run < now() - pgfirst_private.setting_interval('schedule.missed_grace')),
                 'ticks_enqueued', coalesce(sum(s.ticks_enqueued), 0),
                 'ticks_skipped', coalesce(sum(s.ticks_skipped), 0),
                 'next_run', min(s.next_run) filter (where s.enabled))
                  from pgfirst_private.schedule s),
    'maintenance', (select jsonb_build_object('last_run', max(m.at), 'runs_last_hour', count(*) filter (where m.at > now() - interval '1 hour'))
                      from pgfirst_private.maintenance_run m),
    -- every pgfirst table (cache, sessions, rate limits, jobs, ...): whatever modules are installed
    'tables', coalesce((select jsonb_object_agg(s.relname, jsonb_build_object(
                 'rows', s.n_live_tup, 'dead_rows', s.n_dead_tup,
                 'bytes', pg_total_relation_size(s.relid),
                 'last_autovacuum', s.last_autovacuum))
                  from pg_stat_user_tables s
                 where s.schemaname = 'pgfirst_private' and s.relname !~ '^job_archive_p'), '{}')
  )
$$;

comment on function pgfirst.stats() is
  'One jsonb snapshot for dashboards: per-queue job counts, archive size, schedule counters, maintenance freshness and per-table rows/dead rows/bytes of every installed pgfirst table (statistics estimates, no big scans).';
revoke all on function pgfirst.stats() from public;
grant execute on function pgfirst.stats() to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/core/stats.sql

-- Maintenance runs as a schedule by default (task pgfirst.maintenance, handled by the TS
-- worker's built-in task; other workers call select pgfirst.maintenance()).
select pgfirst.schedule_set(name => 'pgfirst.maintenance', task => 'pgfirst.maintenance',
  cron => '* * * * *', missed => 'skip');
