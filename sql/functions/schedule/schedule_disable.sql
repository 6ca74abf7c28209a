create or replace function pgfirst.schedule_disable(name text)
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
  v_enabled boolean;
begin
  -- waits for a schedule_tick holding the row: a tick in progress finishes first
  select s.enabled into v_enabled from pgfirst_private.schedule s where s.name = schedule_disable.name for update;
  if not found then
    raise exception 'schedule "%" does not exist', schedule_disable.name using errcode = 'PF514',
      hint = 'The schedules are listed in pgfirst.schedules.';
  end if;
  if not v_enabled then
    return false;
  end if;
  update pgfirst_private.schedule s
     set enabled = false, updated_at = pg_catalog.now()
   where s.name = schedule_disable.name;
  perform pgfirst_private.audit_write('schedule_disable', schedule_disable.name);
  return true;
end;
$$;

comment on function pgfirst.schedule_disable(text) is
  'Disables a schedule (schedule_tick skips it until schedule_enable). True when it changed; PF514 for an unknown name; audited.';
revoke all on function pgfirst.schedule_disable(text) from public;
grant execute on function pgfirst.schedule_disable(text) to pgfirst_admin;
