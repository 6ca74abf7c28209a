create or replace function pgfirst.workflow_enqueue(
  spec jsonb,
  name text default null,
  tenant text default '',
  now timestamptz default null
)
returns table(workflow_id bigint, step integer, step_name text, task text, job_id bigint)
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job, workflow and workflow_step
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(workflow_enqueue.now) then coalesce(workflow_enqueue.now, pg_catalog.now())
                          else pgfirst_private.arg_time(workflow_enqueue.now, 'now') end;
  v_wf bigint;
  v_steps integer;
begin
  if spec is null then
    raise exception 'a workflow spec is required' using errcode = 'PF434';
  end if;
  -- bound the work before doing it: at most batch_max task nodes
  v_steps := (select count(*) from pg_catalog.jsonb_path_query(spec, 'strict $.**.task'));
  if v_steps > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'a workflow has at most % steps', (pgfirst_private.arg_limits()).batch_max using errcode = 'PF415',
      detail = pg_catalog.format('%s steps.', v_steps);
  end if;
  if octet_length(workflow_enqueue.name) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(workflow_enqueue.tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes then
    raise exception 'a workflow name is at most % bytes, a tenant % bytes', (pgfirst_private.arg_limits()).name_max_bytes,
      (pgfirst_private.arg_limits()).tenant_max_bytes using errcode = 'PF416';
  end if;
  insert into pgfirst_private.workflow (name, tenant, created_at)
  values (workflow_enqueue.name, coalesce(workflow_enqueue.tenant, ''), v_now)
  returning pgfirst_private.workflow.id into v_wf;
  perform pgfirst_private.workflow_build(spec, '{}', v_wf, coalesce(workflow_enqueue.tenant, ''), '$', null, 1, v_now);
  return query
    select s.workflow_id, s.position, s.name, j.task, s.job_id
      from pgfirst_private.workflow_step s
      left join pgfirst_private.job j on j.id = s.job_id
     where s.workflow_id = v_wf
     order by s.position;
end;
$$;

comment on function pgfirst.workflow_enqueue(jsonb, text, text, timestamptz) is
  'Enqueues a workflow in one call, all or nothing: spec is a node {"task": ...} | {"chain": [nodes]} | {"group": [nodes]} | {"chord": [nodes], "callback": node}; each step depends on the tail of what precedes it and receives its results in payload.parent_results. Returns one row per step (document order) with its job id.';
revoke all on function pgfirst.workflow_enqueue(jsonb, text, text, timestamptz) from public;
grant execute on function pgfirst.workflow_enqueue(jsonb, text, text, timestamptz) to pgfirst_app;
