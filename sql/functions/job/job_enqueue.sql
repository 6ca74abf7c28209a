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
  on_dependency_failure text default 'fail',
  concurrency_key text default null,
  sequence_key text default null,
  max_run_time interval default null,
  unique_for interval default null
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
  v_existing bigint;
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
  if concurrency_key = '' or sequence_key = ''
     or octet_length(concurrency_key) > (pgfirst_private.arg_limits()).job_key_max_bytes
     or octet_length(sequence_key) > (pgfirst_private.arg_limits()).job_key_max_bytes then
    raise exception 'concurrency_key and sequence_key must be null or non-empty texts of at most % bytes',
      (pgfirst_private.arg_limits()).job_key_max_bytes using errcode = 'PF444';
  end if;
  if max_run_time <= interval '0' or max_run_time > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'max_run_time must be a positive interval of at most %', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF442', detail = pg_catalog.format('max_run_time was %s.', max_run_time);
  end if;
  if unique_for <= interval '0' or unique_for > (pgfirst_private.arg_limits()).interval_max
     or (unique_for is not null and job_key is null) then
    raise exception 'unique_for must be a positive interval of at most % and needs a job_key', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF443', detail = pg_catalog.format('unique_for was %s, job_key %L.', unique_for, job_key);
  end if;
  if not pgfirst_private.arg_time_ok(run_at) then
    v_run_at := pgfirst_private.arg_time(run_at, 'run_at');
  end if;

  if v_waits then
    -- waiting (never claimed) until job_depend or the last dependency's finish promotes it
    insert into pgfirst_private.job
      (tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at,
       state, on_dependency_failure, concurrency_key, sequence_key, max_run_time, fair_key)
    values (coalesce(tenant, ''), queue, task, coalesce(payload, '{}'), coalesce(priority, 0),
            v_run_at, max_attempts, v_now, v_now, 'waiting', on_dependency_failure,
            concurrency_key, sequence_key, max_run_time,
            (select coalesce(job_enqueue.concurrency_key, job_enqueue.tenant, '')
               from pgfirst_private.job_queue q
              where q.queue = job_enqueue.queue and (q.fair or q.key_concurrency is not null)))
    returning id into v_id;
    perform pgfirst_private.job_depend(v_id, depends_on, v_now);
    return v_id;
  elsif job_key is null then
    -- fair_key: only while the queue is fair or limited per key (one primary-key probe of
    -- the tiny job_queue table; null keeps the row out of job_available_fair_idx).
    insert into pgfirst_private.job
      (tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at,
       concurrency_key, sequence_key, max_run_time, fair_key)
    values (coalesce(tenant, ''), queue, task, coalesce(payload, '{}'), coalesce(priority, 0),
            v_run_at, max_attempts, v_now, v_now, concurrency_key, sequence_key, max_run_time,
            (select coalesce(job_enqueue.concurrency_key, job_enqueue.tenant, '')
               from pgfirst_private.job_queue q
              where q.queue = job_enqueue.queue and (q.fair or q.key_concurrency is not null)))
    returning id into v_id;
  else
    if job_key_mode = 'keep' then
      select j.id into v_existing
        from pgfirst_private.job j
       where j.tenant = coalesce(job_enqueue.tenant, '') and j.job_key = job_enqueue.job_key;
    end if;
    v_id := pgfirst_private.job_enqueue_keyed(task, coalesce(payload, '{}'), queue, v_run_at,
              coalesce(priority, 0), max_attempts, job_key, job_key_mode, coalesce(tenant, ''), v_now);
    v_id := pgfirst_private.job_enqueue_flow(v_id, concurrency_key, sequence_key, max_run_time,
              unique_for, v_now, v_existing);
  end if;

  -- Wake idle workers (one notifying transaction per queue at a time: see job_notify).
  if v_run_at <= v_now then
    perform pgfirst_private.job_notify(queue);
  end if;
  return v_id;
end;
$$;

comment on function pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz, bigint[], text, text, text, interval, interval) is
  'Enqueues one job and returns its id (with job_key: the id of the deduplicated job, per job_key_mode replace | preserve_run_at | keep). One statement, callable from triggers; wakes listening workers (NOTIFY on pgfirst.job_listen_channel(), empty payload) when ready now. With depends_on (ids of existing jobs) it waits until they all succeed; a dead or cancelled dependency makes it dead (on_dependency_failure fail), cancelled (cancel) or run anyway (run); the dependencies'' results arrive in payload.parent_results. Flow control (docs/jobs.md): concurrency_key (per-key limits and fairness; default the tenant), sequence_key (strict FIFO: runs after every earlier job of the sequence finished), max_run_time (reaped as timed out), unique_for (with job_key: the key stays taken that long after the job succeeded; enqueues then return the finished job''s id).';
revoke all on function pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz, bigint[], text, text, text, interval, interval) from public;
grant execute on function pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz, bigint[], text, text, text, interval, interval) to pgfirst_app;
