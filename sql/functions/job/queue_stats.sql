create or replace function pgfirst.queue_stats()
returns table(queue text, pending bigint, scheduled bigint, running bigint, dead bigint,
              oldest_pending_age interval)
language sql
stable
called on null input
parallel safe
security definer -- reads pgfirst_private job tables
set search_path = pg_catalog, pg_temp
as $$
  with live as (
    select j.queue,
           count(*) filter (where j.state in ('pending', 'failed') and j.run_at <= pg_catalog.now()) as pending,
           count(*) filter (where j.state in ('pending', 'failed') and j.run_at > pg_catalog.now()) as scheduled,
           count(*) filter (where j.state = 'running') as running,
           pg_catalog.min(j.run_at) filter (where j.state in ('pending', 'failed') and j.run_at <= pg_catalog.now()) as oldest
      from pgfirst_private.job j
     group by j.queue
  ), dead as (
    select d.queue, count(*) as dead
      from pgfirst_private.job_dead d
     where d.state = 'dead'
     group by d.queue
  ), names as (
    select live.queue from live
    union select dead.queue from dead
    union select q.queue from pgfirst_private.job_queue q
  )
  select n.queue,
         coalesce(l.pending, 0), coalesce(l.scheduled, 0), coalesce(l.running, 0), coalesce(d.dead, 0),
         pgfirst_private.age_clamped(pg_catalog.now(), l.oldest)
    from names n
    left join live l on l.queue = n.queue
    left join dead d on d.queue = n.queue
   order by n.queue
$$;

comment on function pgfirst.queue_stats() is
  'Per queue: ready (pending), future (scheduled), running and dead job counts (jobs waiting for dependencies are in none of them) and the age of the oldest ready job. One scan of the live-jobs table (small by design) plus the dead letters.';
revoke all on function pgfirst.queue_stats() from public;
grant execute on function pgfirst.queue_stats() to pgfirst_worker, pgfirst_admin;
