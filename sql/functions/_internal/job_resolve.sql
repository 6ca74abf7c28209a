-- Resolves waiting jobs against their dependencies' finish records (job_result): a job
-- with a dead or cancelled dependency and policy fail | cancel is deleted and returned
-- (new_state dead | cancelled) for the caller to record; a job whose every dependency is
-- done (or finished at all, with policy run) becomes pending with the dependencies'
-- results in payload.parent_results (depends_on order). The caller holds the row locks
-- of the children (job_settle) or created them in this transaction (job_depend).
create or replace function pgfirst_private.job_resolve(children bigint[], now timestamptz)
returns table(job pgfirst_private.job, new_state text)
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_failing bigint[];
  v_queues text[];
begin
  -- 1. children with a dead or cancelled dependency (policy fail or cancel) leave the hot table
  with x as (
    select distinct on (e.job_id) e.job_id, r.id as parent, r.state as parent_state
      from pgfirst_private.job_dependency e
      join pgfirst_private.job_result r on r.id = e.depends_on
     where e.job_id = any (job_resolve.children)
       and r.state in ('dead', 'cancelled')
     order by e.job_id, e.position
  ), u as (
    update pgfirst_private.job c
       set last_error = pg_catalog.format('dependency %s is %s', x.parent, x.parent_state),
           updated_at = job_resolve.now
      from x
     where c.id = x.job_id and c.state = 'waiting' and c.on_dependency_failure is distinct from 'run'
    returning c.id
  )
  select pg_catalog.array_agg(u.id) into v_failing from u;
  if v_failing is not null then
    return query
      with d as (
        delete from pgfirst_private.job j where j.id = any (v_failing) returning j
      )
      select d.j, case when (d.j).on_dependency_failure = 'cancel' then 'cancelled' else 'dead' end
        from d;
  end if;

  -- 2. children whose every dependency is satisfied become pending, with the results
  with ready as (
    select c.id
      from pgfirst_private.job c
     where c.id = any (job_resolve.children)
       and c.state = 'waiting'
       and not exists (
             select 1
               from pgfirst_private.job_dependency e
               left join pgfirst_private.job_result r on r.id = e.depends_on
              where e.job_id = c.id
                and not (r.state is not null and (r.state = 'done' or c.on_dependency_failure = 'run')))
  ), res as (
    select e.job_id, pg_catalog.jsonb_agg(r.result order by e.position) as results
      from pgfirst_private.job_dependency e
      left join pgfirst_private.job_result r on r.id = e.depends_on
     where e.job_id in (select ready.id from ready)
     group by e.job_id
  ), up as (
    update pgfirst_private.job j
       set state = 'pending',
           updated_at = job_resolve.now,
           payload = case when pg_catalog.jsonb_typeof(j.payload) = 'object'
                          then j.payload || pg_catalog.jsonb_build_object('parent_results', res.results)
                          else j.payload end
      from res
     where j.id = res.job_id
    returning j.id, j.queue, j.run_at
  ), gone as (
    delete from pgfirst_private.job_dependency e using up where e.job_id = up.id
  )
  select pg_catalog.array_agg(distinct up.queue) filter (where up.run_at <= job_resolve.now)
    into v_queues from up;
  perform pgfirst_private.job_notify(q) from pg_catalog.unnest(v_queues) q;
end;
$$;

comment on function pgfirst_private.job_resolve(bigint[], timestamptz) is
  'Internal: promotes waiting jobs whose dependencies are all satisfied (results into payload.parent_results) and deletes and returns those failed by a dead or cancelled dependency (policy fail or cancel).';
revoke all on function pgfirst_private.job_resolve(bigint[], timestamptz) from public;
