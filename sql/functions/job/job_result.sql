create or replace function pgfirst.job_result(id bigint)
returns table(state text, result jsonb, finished_at timestamptz)
language sql
stable
parallel safe
strict
security definer -- reads pgfirst_private job tables and the id sequence
set search_path = pg_catalog, pg_temp
as $$
  -- live first (no result yet), then finish records, dead letters, the archive; an id that
  -- was issued but is found nowhere was completed without a stored result (or its record
  -- was purged after job.result_retention / job.dead_retention): done, result null.
  select x.state, x.result, x.finished_at
    from (
      select 1 as rank, j.state, null::jsonb as result, null::timestamptz as finished_at
        from pgfirst_private.job j
       where j.id = job_result.id
      union all
      select 2, r.state, r.result, r.finished_at
        from pgfirst_private.job_result r
       where r.id = job_result.id
      union all
      select 3, d.state, null, d.finished_at
        from pgfirst_private.job_dead d
       where d.id = job_result.id
      union all
      (select 4, a.state, a.result, a.finished_at
         from pgfirst_private.job_archive a
        where a.id = job_result.id
        order by a.finished_at desc
        limit 1)
      union all
      select 5, 'done', null, null
        from pgfirst_private.job_id_seq s
       where job_result.id between 1 and s.last_value
    ) x
   order by x.rank
   limit 1
$$;

comment on function pgfirst.job_result(bigint) is
  'The state of a job and, once done, the JSON result its worker returned (job_complete results) and when it finished: waiting | pending | failed | running (result null) or done | dead | cancelled. An issued id found nowhere counts as done without a result (completed without a result, or its record purged); zero rows for an id never issued. Primary-key lookups.';
revoke all on function pgfirst.job_result(bigint) from public;
grant execute on function pgfirst.job_result(bigint) to pgfirst_app;
