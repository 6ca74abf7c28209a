create or replace function pgfirst.schedule_enable(name text)
returns boolean
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.schedule and the admin audit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_s pgfirst_private.schedule;
  v_now timestamptz := pg_catalog.now();
begin
  select * into v_s from pgfirst_private.schedule s where s.name = schedule_enable.name for update;
  if not found then
    raise exception 'schedule "%" does not exist', schedule_enable.name using errcode = 'PF514',
      hint = 'The schedules are listed in pgfirst.schedules.';
  end if;
  if v_s.enabled then
    return false;
  end if;
  -- the next tick after now on the schedule's own grid: ticks missed while disabled are
  -- not back-filled
  update pgfirst_private.schedule s
     set enabled = true,
         next_run = pgfirst_private.schedule_next_tick(v_s.spec, v_s.every, v_s.timezone, v_s.anchor, v_now),
         updated_at = v_now
   where s.name = schedule_enable.name;
  perform pgfirst_private.audit_write('schedule_enable', schedule_enable.name);
  return true;
end;
$$;

comment on function pgfirst.schedule_enable(text) is
  'Enables a disabled schedule; its next tick is the first one after now (nothing missed while disabled is back-filled). True when it changed; PF514 for an unknown name; audited.';
revoke all on function pgfirst.schedule_enable(text) from public;
grant execute on function pgfirst.schedule_enable(text) to pgfirst_admin;
