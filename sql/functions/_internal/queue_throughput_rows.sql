-- The plpgsql body of pgfirst.queue_throughput: its arguments carry a p_ prefix because plpgsql
-- refuses an argument named like a result column (the public API uses both names).
-- Per queue and time bucket over a recent window: jobs done, failed attempts, jobs that
-- died, and wait/run percentiles of the done jobs. Done jobs (and their wait/run times)
-- come from the job archive, so they are counted only for queues with keep_finished;
-- dead jobs come from the dead letters (plus archived dead copies already purged there);
-- failed attempts from the error history of jobs now failed (retrying), running, dead,
-- cancelled or archived. Reads only rows finished in the window (indexes on finished_at,
-- partition pruning on the archive) plus the failed and running jobs (partial indexes).
create or replace function pgfirst_private.queue_throughput_rows(
  p_since interval,
  p_bucket interval,
  p_queue text
)
returns table(queue text, bucket_start timestamptz, done bigint, failed bigint, dead bigint,
              p50_wait_ms double precision, p95_wait_ms double precision,
              p50_run_ms double precision, p95_run_ms double precision)
language plpgsql
stable
called on null input
parallel unsafe
-- (runs as the owner, called from the public SECURITY DEFINER wrapper) reads pgfirst_private.job, job_dead and job_archive
set search_path = pg_catalog, pg_temp
set jit = off -- compilation costs more than it saves on these aggregates
set work_mem = '32MB' -- the per-bucket percentile sort of a busy hour stays in memory
as $$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_from timestamptz;
  v_origin constant timestamptz := timestamptz '2000-01-01 00:00:00+00';
begin
  if queue_throughput_rows.p_since is null or queue_throughput_rows.p_since <= interval '0'
     or queue_throughput_rows.p_since > interval '7 days'
     or queue_throughput_rows.p_bucket is null or queue_throughput_rows.p_bucket < interval '10 seconds'
     or pg_catalog.date_part('month', queue_throughput_rows.p_bucket) <> 0 or pg_catalog.date_part('year', queue_throughput_rows.p_bucket) <> 0
     or pg_catalog.date_part('month', queue_throughput_rows.p_since) <> 0 or pg_catalog.date_part('year', queue_throughput_rows.p_since) <> 0
     or pg_catalog.date_part('epoch', queue_throughput_rows.p_since) / pg_catalog.date_part('epoch', queue_throughput_rows.p_bucket) > 1000 then
    raise exception 'since must be a positive interval of at most 7 days and bucket at least 10 seconds, with at most 1000 buckets'
      using errcode = 'PF419',
            detail = pg_catalog.format('since %s, bucket %s.', coalesce(queue_throughput_rows.p_since::text, 'null'),
                                       coalesce(queue_throughput_rows.p_bucket::text, 'null')),
            hint = 'Months and years are not accepted (use days).';
  end if;
  if octet_length(queue_throughput_rows.p_queue) > (pgfirst_private.arg_limits()).name_max_bytes then
    raise exception 'queue and task filters are at most % bytes, tenant % bytes',
      (pgfirst_private.arg_limits()).name_max_bytes, (pgfirst_private.arg_limits()).tenant_max_bytes
      using errcode = 'PF420';
  end if;
  v_from := pg_catalog.date_bin(queue_throughput_rows.p_bucket, v_now - queue_throughput_rows.p_since, v_origin);

  return query
    with archived as materialized (
      -- archive rows finished in the window (job_archive_finished_idx, today's partitions)
      select a.id, a.queue, a.state, a.finished_at, a.run_at, a.claimed_at, a.errors
        from pgfirst_private.job_archive a
       where a.finished_at >= v_from
         and (queue_throughput_rows.p_queue is null or a.queue = queue_throughput_rows.p_queue)
    ), dead_letters as materialized (
      select d.id, d.queue, d.state, d.finished_at, d.errors
        from pgfirst_private.job_dead d
       where d.finished_at >= v_from
         and (queue_throughput_rows.p_queue is null or d.queue = queue_throughput_rows.p_queue)
    ), events as (
      select a.queue, a.finished_at as at, 1 as kind,
             pg_catalog.date_part('epoch', a.claimed_at - a.run_at) * 1000 as wait_ms,
             pg_catalog.date_part('epoch', a.finished_at - a.claimed_at) * 1000 as run_ms
        from archived a
       where a.state = 'done'
      union all
      select d.queue, d.finished_at, 3, null, null
        from dead_letters d
       where d.state = 'dead'
      union all
      -- archived dead copies whose dead letter was purged already
      select a.queue, a.finished_at, 3, null, null
        from archived a
       where a.state = 'dead'
         and not exists (select from pgfirst_private.job_dead d where d.id = a.id offset 0)
      union all
      -- failed attempts: attempt-history entries in the window
      select f.queue, (e.value ->> 'at')::timestamptz, 2, null, null
        from (
          -- failed and running jobs separately, each on its partial index
          select j.queue, j.errors from pgfirst_private.job j
           where j.state = 'failed'
             and (queue_throughput_rows.p_queue is null or j.queue = queue_throughput_rows.p_queue)
          union all
          select j.queue, j.errors from pgfirst_private.job j
           where j.state = 'running' and j.errors <> '[]'::jsonb
             and (queue_throughput_rows.p_queue is null or j.queue = queue_throughput_rows.p_queue)
          union all
          select d.queue, d.errors from dead_letters d
          union all
          select a.queue, a.errors from archived a
           where a.errors <> '[]'::jsonb
             and (a.state = 'done' or not exists (select from pgfirst_private.job_dead d where d.id = a.id offset 0))
        ) f
        cross join lateral pg_catalog.jsonb_array_elements(f.errors) e
       where (e.value ->> 'at')::timestamptz >= v_from
    ), agg as (
      select ev.queue, pg_catalog.date_bin(queue_throughput_rows.p_bucket, ev.at, v_origin) as bucket_start,
             count(*) filter (where ev.kind = 1) as done,
             count(*) filter (where ev.kind = 2) as failed,
             count(*) filter (where ev.kind = 3) as dead,
             pg_catalog.percentile_cont(0.5) within group (order by ev.wait_ms) filter (where ev.kind = 1) as p50_wait_ms,
             pg_catalog.percentile_cont(0.95) within group (order by ev.wait_ms) filter (where ev.kind = 1) as p95_wait_ms,
             pg_catalog.percentile_cont(0.5) within group (order by ev.run_ms) filter (where ev.kind = 1) as p50_run_ms,
             pg_catalog.percentile_cont(0.95) within group (order by ev.run_ms) filter (where ev.kind = 1) as p95_run_ms
        from events ev
       where ev.at >= v_from
       group by 1, 2
    ), grid as (
      select q.queue, g.bucket_start
        from (select distinct x.queue from agg x) q
        cross join pg_catalog.generate_series(v_from, v_now, queue_throughput_rows.p_bucket) g(bucket_start)
    )
    select g.queue, g.bucket_start,
           coalesce(x.done, 0), coalesce(x.failed, 0), coalesce(x.dead, 0),
           x.p50_wait_ms, x.p95_wait_ms, x.p50_run_ms, x.p95_run_ms
      from grid g
      left join agg x on x.queue = g.queue and x.bucket_start = g.bucket_start
     order by g.queue, g.bucket_start;
end;
$$;


comment on function pgfirst_private.queue_throughput_rows(interval, interval, text) is
  'Internal: the body of pgfirst.queue_throughput (plpgsql cannot name an argument like a result column).';
revoke all on function pgfirst_private.queue_throughput_rows(interval, interval, text) from public;
