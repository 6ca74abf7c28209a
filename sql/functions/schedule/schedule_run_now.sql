create or replace function pgfirst.schedule_run_now(name text)
returns bigint
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- reads pgfirst_private.schedule, enqueues a job, writes the admin audit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_s pgfirst_private.schedule;
  v_now timestamptz := pg_catalog.now();
  v_id bigint;
begin
  -- key share: a concurrent schedule_set/delete waits for this, a tick does not
  select * into v_s from pgfirst_private.schedule s where s.name = schedule_run_now.name for key share;
  if not found then
    raise exception 'schedule "%" does not exist', schedule_run_now.name using errcode = 'PF514',
      hint = 'The schedules are listed in pgfirst.schedules.';
  end if;
  -- the job a tick would enqueue, marked manual; next_run, last_run and the counters of the
  -- schedule are left alone. Built-in schedules keep their one-outstanding-job key.
  v_id := pgfirst.job_enqueue(
    task => v_s.task,
    payload => v_s.payload || pg_catalog.jsonb_build_object('_schedule', pg_catalog.jsonb_build_object(
                 'name', v_s.name, 'tick', v_now, 'catch_up', false, 'manual', true)),
    queue => v_s.queue,
    job_key => case when v_s.name like 'pgfirst.%' then 'pgfirst.schedule:' || v_s.name end,
    job_key_mode => case when v_s.name like 'pgfirst.%' then 'keep' else 'replace' end,
    tenant => v_s.tenant);
  perform pgfirst_private.audit_write('schedule_run_now', schedule_run_now.name,
    pg_catalog.jsonb_build_object('job_id', v_id));
  return v_id;
end;
$$;

comment on function pgfirst.schedule_run_now(text) is
  'Enqueues the schedule''s job now (task, payload with _schedule {name, tick, manual: true}, queue, tenant) and returns its id; the schedule''s next tick is unchanged. Works on disabled schedules too. PF514 for an unknown name; audited.';
revoke all on function pgfirst.schedule_run_now(text) from public;
grant execute on function pgfirst.schedule_run_now(text) to pgfirst_admin;
