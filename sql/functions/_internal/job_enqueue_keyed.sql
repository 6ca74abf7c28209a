-- Enqueue with a job_key (input already validated). Race-free dedup through the unique
-- index job_key_idx and ON CONFLICT; loops only when the conflicting row changes under us.
--   replace          the waiting job takes the new payload, task, queue, priority, run_at, max_attempts
--                    (attempts reset: it is a new piece of work)
--   preserve_run_at  the same, but the waiting job keeps its run_at
--   keep             the existing job (waiting or running) is left alone; its id is returned
-- When the job holding the key is already running, replace/preserve_run_at detach the key
-- from the running job and insert a new pending job: the change that triggered the enqueue
-- happened after the running job started and must not be lost.
create or replace function pgfirst_private.job_enqueue_keyed(
  task text,
  payload jsonb,
  queue text,
  run_at timestamptz,
  priority integer,
  max_attempts integer,
  job_key text,
  job_key_mode text,
  tenant text,
  now timestamptz
)
returns bigint
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_id bigint;
begin
  for v_round in 1..20 loop
    if job_key_mode = 'keep' then
      insert into pgfirst_private.job as j
        (tenant, queue, task, payload, priority, run_at, max_attempts, job_key, created_at, updated_at)
      values (tenant, queue, task, payload, priority, run_at, max_attempts, job_key, now, now)
      on conflict (tenant, job_key) where job_key is not null do nothing
      returning j.id into v_id;
      if v_id is not null then
        return v_id;
      end if;
      select j.id into v_id
        from pgfirst_private.job j
       where j.tenant = job_enqueue_keyed.tenant and j.job_key = job_enqueue_keyed.job_key;
      if v_id is not null then
        return v_id;
      end if;
      -- the holder finished in between: try again
    else
      insert into pgfirst_private.job as j
        (tenant, queue, task, payload, priority, run_at, max_attempts, job_key, created_at, updated_at)
      values (tenant, queue, task, payload, priority, run_at, max_attempts, job_key, now, now)
      on conflict (tenant, job_key) where job_key is not null do update
         set task = excluded.task,
             queue = excluded.queue,
             payload = excluded.payload,
             priority = excluded.priority,
             max_attempts = excluded.max_attempts,
             run_at = case when job_key_mode = 'preserve_run_at' then j.run_at else excluded.run_at end,
             state = 'pending',
             attempt = 0,
             updated_at = excluded.updated_at
       where j.state <> 'running'
      returning j.id into v_id;
      if v_id is not null then
        return v_id;
      end if;
      -- the key is held by a running job: detach it, then insert a fresh job
      update pgfirst_private.job j
         set job_key = null
       where j.tenant = job_enqueue_keyed.tenant and j.job_key = job_enqueue_keyed.job_key
         and j.state = 'running';
    end if;
  end loop;
  raise exception 'job_key % could not be enqueued: it kept changing under concurrent writers', job_key
    using errcode = 'PF412', hint = 'Retry the call.';
end;
$$;

comment on function pgfirst_private.job_enqueue_keyed(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz) is
  'Internal: enqueue with dedup by (tenant, job_key) in mode replace, preserve_run_at or keep; race-free via ON CONFLICT.';
revoke all on function pgfirst_private.job_enqueue_keyed(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz) from public;
