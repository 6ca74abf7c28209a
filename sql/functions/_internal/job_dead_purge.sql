-- Bounded purge of old dead letters, for the maintenance run (schedules module): deletes at
-- most max_rows dead or cancelled jobs that finished before now - job.dead_retention.
-- Safe when several processes call it at once (SKIP LOCKED: each row is deleted once).
create or replace function pgfirst_private.job_dead_purge(now timestamptz default null, max_rows integer default 1000)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_n integer;
begin
  with x as (
    select d.id
      from pgfirst_private.job_dead d
     where d.finished_at < coalesce(job_dead_purge.now, pg_catalog.now()) - pgfirst_private.setting_interval('job.dead_retention')
     order by d.finished_at
     limit greatest(job_dead_purge.max_rows, 0)
       for update skip locked
  )
  delete from pgfirst_private.job_dead d using x where d.id = x.id;
  get diagnostics v_n = row_count;
  -- expired job_key holds (job_enqueue unique_for); small table, bounded like the above
  delete from pgfirst_private.job_key_hold h
   where h.ctid = any (array(select x.ctid from pgfirst_private.job_key_hold x
                              where x.until < coalesce(job_dead_purge.now, pg_catalog.now())
                              limit greatest(job_dead_purge.max_rows, 0)));
  return v_n;
end;
$$;

comment on function pgfirst_private.job_dead_purge(timestamptz, integer) is
  'Internal (maintenance): deletes up to max_rows dead letters older than job.dead_retention (returns how many) and up to max_rows expired job_key holds.';
revoke all on function pgfirst_private.job_dead_purge(timestamptz, integer) from public;
