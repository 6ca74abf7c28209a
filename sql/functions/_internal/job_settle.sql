-- Called by job_finished for jobs that have dependents, belong to a workflow or were still
-- waiting on dependencies. Records their finish (job_result), drops their own edges, then
-- resolves their dependents round by round (no recursion: a failed dependency fails or
-- cancels its dependents transitively, one round per level of the DAG).
--
-- Concurrency: the children of a round are row-locked in id order before they are
-- resolved. Two transactions finishing two dependencies of one child serialise on the
-- child's row; the second one's next statement takes a fresh snapshot and sees the first
-- one's finish record, so exactly one of them promotes the child, never neither (and
-- never early: an unfinished dependency has no record).
create or replace function pgfirst_private.job_settle(
  jobs pgfirst_private.job[],
  state text,
  now timestamptz
)
returns void
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_ids bigint[];
  v_states text[];
  v_wf bigint[];
  v_dep boolean[];
  v_parents bigint[];
  v_children bigint[];
  v_failed pgfirst_private.job[];
  v_failed_states text[];
  v_strip jsonb := '{"has_dependents": false, "workflow_id": null, "state": "running"}';
  v_round integer := 0;
begin
  select pg_catalog.array_agg(j.id), pg_catalog.array_agg(job_settle.state), pg_catalog.array_agg(j.workflow_id),
         pg_catalog.array_agg(j.has_dependents)
    into v_ids, v_states, v_wf, v_dep
    from pg_catalog.unnest(jobs) j
   where j.has_dependents or j.workflow_id is not null or j.state = 'waiting';

  while v_ids is not null loop
    v_round := v_round + 1;
    -- finish records (a result stored by job_complete stays)
    insert into pgfirst_private.job_result as r (id, state, workflow_id, finished_at)
    select f.id, f.state, f.wf, job_settle.now
      from rows from (pg_catalog.unnest(v_ids), pg_catalog.unnest(v_states), pg_catalog.unnest(v_wf), pg_catalog.unnest(v_dep)) as f(id, state, wf, dep)
     where f.dep or f.wf is not null
    on conflict on constraint job_result_pkey do update
       set state = excluded.state, workflow_id = excluded.workflow_id, finished_at = excluded.finished_at;
    -- a job that finished while waiting (cancelled, failed by a dependency) waits no more
    delete from pgfirst_private.job_dependency e where e.job_id = any (v_ids);

    select pg_catalog.array_agg(f.id) into v_parents
      from rows from (pg_catalog.unnest(v_ids), pg_catalog.unnest(v_dep)) as f(id, dep)
     where f.dep;
    exit when v_parents is null;

    -- lock the dependents in id order (see the header): a separate statement, so the
    -- resolution below sees every finish record committed before the locks were granted
    select pg_catalog.array_agg(c.id) into v_children
      from (select j.id
              from pgfirst_private.job j
             where j.id in (select e.job_id from pgfirst_private.job_dependency e where e.depends_on = any (v_parents))
             order by j.id
               for no key update of j) c;
    exit when v_children is null;

    select pg_catalog.array_agg(x.job), pg_catalog.array_agg(x.new_state)
      into v_failed, v_failed_states
      from pgfirst_private.job_resolve(v_children, job_settle.now) x;
    exit when v_failed is null;

    -- dead letters / archive for the failed dependents, without re-entering job_settle
    -- (the flags are stripped from the copies; this loop settles them next round)
    perform pgfirst_private.job_finished(
              pg_catalog.array_agg(pg_catalog.jsonb_populate_record(null::pgfirst_private.job,
                                   pg_catalog.to_jsonb(v_failed[i]) || v_strip)),
              v_failed_states[i], job_settle.now)
       from pg_catalog.generate_subscripts(v_failed, 1) i
      group by v_failed_states[i];

    select pg_catalog.array_agg((v_failed[i]).id), pg_catalog.array_agg(v_failed_states[i]),
           pg_catalog.array_agg((v_failed[i]).workflow_id), pg_catalog.array_agg((v_failed[i]).has_dependents)
      into v_ids, v_states, v_wf, v_dep
      from pg_catalog.generate_subscripts(v_failed, 1) i;
  end loop;
end;
$$;

comment on function pgfirst_private.job_settle(pgfirst_private.job[], text, timestamptz) is
  'Internal (job_finished): records finished jobs that have dependents or belong to a workflow, and promotes, fails or cancels their dependents transitively (per on_dependency_failure).';
revoke all on function pgfirst_private.job_settle(pgfirst_private.job[], text, timestamptz) from public;
