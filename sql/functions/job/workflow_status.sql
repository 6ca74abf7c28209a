create or replace function pgfirst.workflow_status(workflow_id bigint)
returns table(step integer, step_name text, job_id bigint, group_id text, state text, result jsonb,
              finished_at timestamptz, group_done integer, group_total integer, workflow_state text)
language sql
stable
parallel safe
strict
security definer -- reads pgfirst_private job and workflow tables
set search_path = pg_catalog, pg_temp
as $$
  with s as (
    select st.position, st.name, st.job_id, st.group_id,
           coalesce(j.state, r.state, d.state, 'done') as state,
           r.result,
           coalesce(r.finished_at, d.finished_at) as finished_at
      from pgfirst_private.workflow_step st
      left join pgfirst_private.job j on j.id = st.job_id
      left join pgfirst_private.job_result r on r.id = st.job_id and j.id is null
      left join pgfirst_private.job_dead d on d.id = st.job_id and j.id is null and r.id is null
     where st.workflow_id = workflow_status.workflow_id
  )
  select s.position, s.name, s.job_id, s.group_id, s.state, s.result, s.finished_at,
         (count(*) filter (where s.state = 'done') over g)::integer,
         (count(*) over g)::integer,
         case when bool_or(s.state in ('waiting', 'pending', 'failed', 'running')) over () then 'running'
              when bool_or(s.state = 'dead') over () then 'dead'
              when bool_or(s.state = 'cancelled') over () then 'cancelled'
              else 'done' end
    from s
  window g as (partition by s.group_id)
   order by s.position
$$;

comment on function pgfirst.workflow_status(bigint) is
  'Every step of a workflow in document order with its state (waiting | pending | failed | running | done | dead | cancelled), result and finish time, its group''s progress (group_done of group_total; whole-workflow counts for steps outside groups), and the workflow''s state: running while any step is live, else dead, cancelled or done. One query; zero rows for an unknown or purged workflow.';
revoke all on function pgfirst.workflow_status(bigint) from public;
grant execute on function pgfirst.workflow_status(bigint) to pgfirst_app;
