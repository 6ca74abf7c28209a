create or replace function pgfirst.job_complete(
  ids bigint[],
  worker_id text,
  now timestamptz default null,
  attempts integer[] default null,
  results jsonb[] default null
)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- deletes from pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(job_complete.now) then coalesce(job_complete.now, pg_catalog.now())
                          else pgfirst_private.arg_time(job_complete.now, 'now') end;
  v_done pgfirst_private.job[];
begin
  if job_complete.worker_id is null or job_complete.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  if pg_catalog.cardinality(job_complete.ids) > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'job_complete takes at most % ids per call', (pgfirst_private.arg_limits()).batch_max using errcode = 'PF415',
      detail = pg_catalog.format('%s ids.', pg_catalog.cardinality(job_complete.ids));
  end if;
  if job_complete.results is not null then
    if pg_catalog.cardinality(job_complete.results) <> pg_catalog.cardinality(job_complete.ids) then
      raise exception 'results must have one entry per id' using errcode = 'PF433',
        detail = pg_catalog.format('%s ids, %s results.', pg_catalog.cardinality(job_complete.ids),
                                   pg_catalog.cardinality(job_complete.results));
    end if;
    if exists (select 1 from pg_catalog.unnest(job_complete.results) r
                where pg_catalog.pg_column_size(r) > (pgfirst_private.arg_limits()).payload_max_bytes) then
      raise exception 'a job result is at most % bytes', (pgfirst_private.arg_limits()).payload_max_bytes
        using errcode = 'PF432',
              hint = 'Store large results elsewhere (a table, object storage) and return their key.';
    end if;
  end if;
  if job_complete.attempts is not null
     and pg_catalog.cardinality(job_complete.attempts) <> pg_catalog.cardinality(job_complete.ids) then
    raise exception 'attempts must have one entry per id' using errcode = 'PF413',
      detail = pg_catalog.format('%s ids, %s attempts.', pg_catalog.cardinality(job_complete.ids),
                                 pg_catalog.cardinality(job_complete.attempts));
  end if;

  -- Fenced: only rows still leased to this worker (and, with attempts, to this very
  -- attempt: a lease that was reaped and claimed again is never completed by the old run).
  if job_complete.attempts is null then
    with d as (
      delete from pgfirst_private.job j
       where j.id = any (job_complete.ids)
         and j.state = 'running'
         and j.worker_id = job_complete.worker_id
      returning j
    )
    select pg_catalog.array_agg(d.j) into v_done from d;
  else
    with d as (
      delete from pgfirst_private.job j
       using unnest(job_complete.ids, job_complete.attempts) as t(id, attempt) -- ROWS FROM form
       where j.id = t.id
         and j.state = 'running'
         and j.worker_id = job_complete.worker_id
         and j.attempt = t.attempt
      returning j
    )
    select pg_catalog.array_agg(d.j) into v_done from d;
  end if;

  if v_done is null then
    return 0;
  end if;
  -- Results (a null entry stores nothing): before job_finished, which archives them and
  -- hands them to dependents. A notification on the result channel wakes waiters.
  if job_complete.results is not null
     and exists (select 1 from pg_catalog.unnest(job_complete.results) r where r is not null) then
    insert into pgfirst_private.job_result as r (id, state, result, workflow_id, finished_at)
    select d.id, 'done', t.result, d.workflow_id, v_now
      from pg_catalog.unnest(v_done) d
      join rows from (pg_catalog.unnest(job_complete.ids), pg_catalog.unnest(job_complete.results)) as t(id, result) on t.id = d.id
     where t.result is not null
    on conflict on constraint job_result_pkey do update
       set state = excluded.state, result = excluded.result, finished_at = excluded.finished_at;
    perform pg_catalog.pg_notify('pgfirst_results_' || pg_catalog.md5(c.name || ':results'), '')
       from pgfirst_private.job_channel c;
  end if;
  perform pgfirst_private.job_finished(v_done, 'done', v_now);
  return pg_catalog.cardinality(v_done);
end;
$$;

comment on function pgfirst.job_complete(bigint[], text, timestamptz, integer[], jsonb[]) is
  'Marks jobs done and removes them from the hot table, in one statement. Fenced: only jobs still leased to worker_id (and to the given attempts, when passed) count; others are left alone. Returns how many were completed. results (one jsonb per id, null = none, at most 8 MiB each) are kept for job_result, dependents and the archive.';
revoke all on function pgfirst.job_complete(bigint[], text, timestamptz, integer[], jsonb[]) from public;
grant execute on function pgfirst.job_complete(bigint[], text, timestamptz, integer[], jsonb[]) to pgfirst_worker;
