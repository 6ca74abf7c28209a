-- Bulk retry by filter: dead letters (dead or cancelled) matching every filter given,
-- oldest first, at most max_jobs, skipping rows another transaction holds (a concurrent
-- job_retry or purge): one set-based move through job_dead_revive (as job_retry).
create or replace function pgfirst.job_retry_many(
  state text default 'dead',
  queue text default null,
  task text default null,
  tenant text default null,
  since timestamptz default null,
  until timestamptz default null,
  max_jobs integer default 1000
)
returns integer
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
  v_ids bigint[];
  v_moved bigint[];
begin
  perform pgfirst_private.job_filter_check(job_retry_many.state, array['dead', 'cancelled'],
    job_retry_many.queue, job_retry_many.task, job_retry_many.tenant, job_retry_many.since,
    job_retry_many.until, job_retry_many.max_jobs, 'max_jobs', (pgfirst_private.arg_limits()).batch_max);
  if job_retry_many.state is null then
    raise exception 'state must be one of dead, cancelled' using errcode = 'PF417',
      detail = 'state was null.';
  end if;
  select pg_catalog.array_agg(c.id) into v_ids
    from (
      select d.id
        from pgfirst_private.job_dead d
       where d.state = job_retry_many.state
         and (job_retry_many.queue is null or d.queue = job_retry_many.queue)
         and (job_retry_many.task is null or d.task = job_retry_many.task)
         and (job_retry_many.tenant is null or d.tenant = job_retry_many.tenant)
         and (job_retry_many.since is null or d.created_at >= job_retry_many.since)
         and (job_retry_many.until is null or d.created_at < job_retry_many.until)
       order by d.id
       limit job_retry_many.max_jobs
         for update skip locked
    ) c;
  if v_ids is null then
    v_moved := '{}';
  else
    v_moved := pgfirst_private.job_dead_revive(v_ids, null, v_now);
  end if;
  perform pgfirst_private.audit_write('job_retry_many', job_retry_many.queue,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
      'state', job_retry_many.state, 'queue', job_retry_many.queue, 'task', job_retry_many.task,
      'tenant', job_retry_many.tenant, 'since', job_retry_many.since, 'until', job_retry_many.until,
      'max_jobs', job_retry_many.max_jobs, 'retried', pg_catalog.cardinality(v_moved),
      'first_id', v_moved[1], 'last_id', v_moved[pg_catalog.cardinality(v_moved)])));
  return pg_catalog.cardinality(v_moved);
end;
$$;

comment on function pgfirst.job_retry_many(text, text, text, text, timestamptz, timestamptz, integer) is
  'Retries up to max_jobs (1-10000) dead letters in state dead (default) or cancelled matching the filters (queue, task, tenant, created_at in [since, until)), oldest first, skipping locked rows: back to pending now, same ids, attempts reset. Returns how many moved; audited. Call again while it returns max_jobs.';
revoke all on function pgfirst.job_retry_many(text, text, text, text, timestamptz, timestamptz, integer) from public;
grant execute on function pgfirst.job_retry_many(text, text, text, text, timestamptz, timestamptz, integer) to pgfirst_admin;
