create or replace function pgfirst.job_retry(id bigint, run_at timestamptz default null)
returns boolean
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- moves rows from pgfirst_private.job_dead to pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_id bigint;
  v_dead pgfirst_private.job_dead;
begin
  if not pgfirst_private.arg_time_ok(job_retry.run_at) then
    perform pgfirst_private.arg_time(job_retry.run_at, 'run_at');
  end if;
  -- Same id, fresh attempts. If a live job already holds the job_key, the dead one is left
  -- where it is (the live job covers the work) and false is returned.
  select x.* into v_dead from pgfirst_private.job_dead x where x.id = job_retry.id for update;
  if not found then
    return false;
  end if;
  insert into pgfirst_private.job as j
    (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts, job_key,
     last_error, errors, created_at, updated_at, fair_key)
  values (v_dead.id, v_dead.tenant, v_dead.queue, v_dead.task, v_dead.payload, v_dead.priority,
          coalesce(job_retry.run_at, v_now), 'pending', 0, v_dead.max_attempts, v_dead.job_key,
          v_dead.last_error, v_dead.errors, v_dead.created_at, v_now,
          -- keyed queues (fair or per-key limit) claim by fair_key; dead letters keep no
          -- concurrency_key, so a retried job is keyed by its tenant
          (select v_dead.tenant from pgfirst_private.job_queue q
            where q.queue = v_dead.queue and (q.fair or q.key_concurrency is not null)))
  on conflict (tenant, job_key) where job_key is not null do nothing
  returning j.id into v_id;
  if v_id is null then
    return false;
  end if;
  delete from pgfirst_private.job_dead x where x.id = job_retry.id;
  if coalesce(job_retry.run_at, v_now) <= v_now then
    perform pgfirst_private.job_notify(v_dead.queue);
  end if;
  return true;
end;
$$;

comment on function pgfirst.job_retry(bigint, timestamptz) is
  'Moves a dead or cancelled job back to pending (same id, attempts reset) to run at run_at (default now). False when there is no such dead letter or a live job holds its job_key.';
revoke all on function pgfirst.job_retry(bigint, timestamptz) from public;
grant execute on function pgfirst.job_retry(bigint, timestamptz) to pgfirst_admin;
