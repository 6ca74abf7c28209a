-- Bounded purge for the maintenance run: finish records (job_result) older than
-- job.result_retention that no waiting job still depends on, then workflows older than
-- that with no live step (their steps go with them). SKIP LOCKED: safe from several
-- processes at once.
create or replace function pgfirst_private.job_result_purge(now timestamptz default null, max_rows integer default 1000)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_cutoff timestamptz := coalesce(job_result_purge.now, pg_catalog.now()) - pgfirst_private.setting_interval('job.result_retention');
  v_n integer;
  v_w integer;
begin
  with x as (
    select r.id
      from pgfirst_private.job_result r
     where r.finished_at < v_cutoff
       and not exists (select 1 from pgfirst_private.job_dependency e where e.depends_on = r.id)
     order by r.finished_at
     limit greatest(job_result_purge.max_rows, 0)
       for update skip locked
  )
  delete from pgfirst_private.job_result r using x where r.id = x.id;
  get diagnostics v_n = row_count;

  with x as (
    select w.id
      from pgfirst_private.workflow w
     where w.created_at < v_cutoff
       and not exists (select 1 from pgfirst_private.workflow_step s join pgfirst_private.job j on j.id = s.job_id
                        where s.workflow_id = w.id)
     order by w.created_at
     limit greatest(job_result_purge.max_rows, 0)
       for update skip locked
  )
  delete from pgfirst_private.workflow w using x where w.id = x.id;
  get diagnostics v_w = row_count;
  return v_n + v_w;
end;
$$;

comment on function pgfirst_private.job_result_purge(timestamptz, integer) is
  'Internal (maintenance): deletes up to max_rows finish records and up to max_rows finished workflows older than job.result_retention (never a record a waiting job depends on); returns how many.';
revoke all on function pgfirst_private.job_result_purge(timestamptz, integer) from public;
