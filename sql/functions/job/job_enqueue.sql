create or replace function pgfirst.job_enqueue(
  task text,
  payload jsonb default '{}',
  queue text default 'default',
  run_at timestamptz default null,
  priority integer default 0,
  max_attempts integer default 25,
  job_key text default null,
  job_key_mode text default 'replace',
  tenant text default '',
  now timestamptz default null,
  depends_on bigint[] default null,
  on_dependency_failure text default 'fail'
)
returns bigint
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_run_at timestamptz := coalesce(run_at, v_now);
  v_id bigint;
  v_waits boolean := coalesce(pg_catalog.cardinality(depends_on), 0) > 0;
begin
  if task is null or task = '' then
    raise exception 'a job needs a non-empty task name' using errcode = 'PF401',
      hint = 'Pass task => ''send_email'' (the name your worker registered).';
  end if;
  if queue is null or queue = '' then
    raise exception 'a job queue name must be non-empty' using errcode = 'PF406',
      hint = 'Omit queue to use ''default''.';
  end if;
  if max_attempts is null or max_attempts < 1 then
    raise exception 'max_attempts must be at least 1' using errcode = 'PF403',
      detail = pg_catalog.format('max_attempts was %s.', coalesce(max_attempts::text, 'null'));
  end if;
  if job_key_mode is null or job_key_mode not in ('replace', 'preserve_run_at', 'keep') then
    raise exception 'job_key_mode must be replace, preserve_run_at or keep' using errcode = 'PF402',
      detail = pg_catalog.format('job_key_mode was %L.', job_key_mode);
  end if;
  if job_key = '' then
    raise exception 'job_key must be null or non-empty' using errcode = 'PF411';
  end if;
  -- Bounds (pgfirst_private.arg_limits, folded to constants): names and keys stay far below
  -- the btree tuple limit, and a job at run_at +-infinity would never run or poison health.
  if octet_length(task) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(queue) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(job_key) > (pgfirst_private.arg_limits()).job_key_max_bytes
     or octet_length(tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes then
    raise exception 'job task and queue names are at most % bytes, job_key % bytes, tenant % bytes',
      (pgfirst_private.arg_limits()).name_max_bytes, (pgfirst_private.arg_limits()).job_key_max_bytes,
      (pgfirst_private.arg_limits()).tenant_max_bytes
      using errcode = 'PF416',
            detail = pg_catalog.format('task %s, queue %s, job_key %s, tenant %s bytes.', octet_length(task),
                                       octet_length(queue), octet_length(job_key), octet_length(tenant));
  end if;
  if pg_catalog.pg_column_size(payload) > (pgfirst_private.arg_limits()).payload_max_bytes then
    raise exception 'a job payload is at most % bytes', (pgfirst_private.arg_limits()).payload_max_bytes
      using errcode = 'PF414',
            detail = pg_catalog.format('payload: %s bytes (jsonb datum).', pg_catalog.pg_column_size(payload)),
            hint = 'Store large data elsewhere (a table, object storage) and pass its key.';
  end if;
  if on_dependency_failure is null or on_dependency_failure not in ('fail', 'cancel', 'run') then
    raise exception 'on_dependency_failure must be fail, cancel or run' using errcode = 'PF430',
      detail = pg_catalog.format('on_dependency_failure was %L.', on_dependency_failure);
  end if;
  if v_waits and job_key is not null then
    raise exception 'a job with depends_on cannot have a job_key' using errcode = 'PF430',
      hint = 'Deduplicate the first job of the chain instead.';
  end if;
  if not pgfirst_private.arg_time_ok(run_at) then
    v_run_at := pgfirst_private.arg_time(run_at, 'run_at');
  end if;

  if v_waits then
    -- waiting (never claimed) until job_depend or the last dependency's finish promotes it
    insert into pgfirst_private.job
      (tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at,
       state, on_dependency_failure)
    values (coalesce(tenant, ''), queue, task, coalesce(payload, '{}'), coalesce(priority, 0),
            v_run_at, max_attempts, v_now, v_now, 'waiting', on_dependency_failure)
    returning id into v_id;
    perform pgfirst_private.job_depend(v_id, depends_on, v_now);
    return v_id;
  elsif job_key is null then
    insert into pgfirst_private.job
      (tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at)
    values (coalesce(tenant, ''), queue, task, coalesce(payload, '{}'), coalesce(priority, 0),
            v_run_at, max_attempts, v_now, v_now)
    returning id into v_id;
  else
    v_id := pgfirst_private.job_enqueue_keyed(task, coalesce(payload, '{}'), queue, v_run_at,
              coalesce(priority, 0), max_attempts, job_key, job_key_mode, coalesce(tenant, ''), v_now);
  end if;

  -- Wake idle workers (one notifying transaction per queue at a time: see job_notify).
  if v_run_at <= v_now then
    perform pgfirst_private.job_notify(queue);
  end if;
  return v_id;
end;
$$;

comment on function pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz, bigint[], text) is
  'Enqueues one job and returns its id (with job_key: the id of the deduplicated job, per job_key_mode replace | preserve_run_at | keep). One statement, callable from triggers; wakes listening workers (NOTIFY on pgfirst.job_listen_channel(), empty payload) when ready now. With depends_on (ids of existing jobs) it waits until they all succeed; a dead or cancelled dependency makes it dead (on_dependency_failure fail), cancelled (cancel) or run anyway (run); the dependencies'' results arrive in payload.parent_results.';
revoke all on function pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz, bigint[], text) from public;
grant execute on function pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz, bigint[], text) to pgfirst_app;
