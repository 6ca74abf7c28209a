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
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
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
                            or pg_catalog.date_part('epoch', every) < 1
                            or every > (pgfirst_private.arg_limits()).interval_max) then
    raise exception 'every must be a positive duration of at least one second and at most 100 years, without months or years'
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
  -- The jobs this schedule enqueues must pass job_enqueue's bounds, or every tick of it
  -- would fail later inside schedule_tick: refuse here, where the caller can fix it.
  if octet_length(name) > (pgfirst_private.arg_limits()).name_max_bytes or octet_length(task) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(queue) > (pgfirst_private.arg_limits()).name_max_bytes or octet_length(tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes
     or pg_catalog.pg_column_size(payload) > (pgfirst_private.arg_limits()).payload_max_bytes then
    raise exception 'schedule name, task and queue are at most % bytes, tenant % bytes, payload % bytes',
      (pgfirst_private.arg_limits()).name_max_bytes, (pgfirst_private.arg_limits()).tenant_max_bytes, (pgfirst_private.arg_limits()).payload_max_bytes
      using errcode = 'PF513',
            detail = pg_catalog.format('name %s, task %s, queue %s, tenant %s, payload %s bytes.', octet_length(name),
                                       octet_length(task), octet_length(queue), octet_length(tenant),
                                       pg_catalog.pg_column_size(payload));
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
