-- Attaches dependencies to a job just inserted in this transaction in state 'waiting'
-- (job_enqueue, job_enqueue_many, workflow_enqueue). Input validated by the caller except
-- the ids themselves.
--
-- Race with a dependency finishing concurrently: live dependencies are row-locked first
-- (and flagged has_dependents), so a transaction deleting one of them waits for this one
-- to commit and then sees its edge; a dependency that finished before the lock was taken
-- is looked up afterwards (next statement, fresh snapshot) in the finish records, the dead
-- letters and the archive. An id that was issued (at most the sequence's last value) but
-- is found nowhere finished without a record: done jobs are deleted unless their queue
-- keeps finished jobs, dead letters are kept job.dead_retention, so it counts as done.
create or replace function pgfirst_private.job_depend(
  job_id bigint,
  depends_on bigint[],
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
  v_last bigint;
  v_unknown bigint;
  v_failed pgfirst_private.job[];
  v_state text;
begin
  if pg_catalog.array_position(depends_on, null) is not null then
    raise exception 'depends_on must not contain null' using errcode = 'PF430';
  end if;
  if pg_catalog.cardinality(depends_on) > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'a job depends on at most % jobs', (pgfirst_private.arg_limits()).batch_max using errcode = 'PF415',
      detail = pg_catalog.format('%s dependencies.', pg_catalog.cardinality(depends_on));
  end if;
  if job_depend.job_id = any (depends_on) then
    raise exception 'a job cannot depend on itself' using errcode = 'PF430';
  end if;

  -- 1. live dependencies: lock (id order) and flag them
  perform from (select j.id from pgfirst_private.job j where j.id = any (depends_on) order by j.id
                  for no key update of j) l;
  update pgfirst_private.job j set has_dependents = true
   where j.id = any (depends_on) and not j.has_dependents;

  -- 2. finished dependencies without a finish record get one (state and result from the
  -- dead letters or the archive; found nowhere = done without a result, see above)
  select s.last_value into v_last from pgfirst_private.job_id_seq s;
  select d.id into v_unknown
    from pg_catalog.unnest(depends_on) d(id)
   where (d.id < 1 or d.id > v_last)
     and not exists (select 1 from pgfirst_private.job j where j.id = d.id)
   limit 1;
  if found then
    raise exception 'job % does not exist, so no job can depend on it', v_unknown using errcode = 'PF431',
      hint = 'depends_on takes ids returned by job_enqueue, job_enqueue_many or workflow_enqueue.';
  end if;
  insert into pgfirst_private.job_result (id, state, result, finished_at)
  select d.id,
         coalesce(x.state, a.state, 'done'),
         a.result,
         coalesce(x.finished_at, a.finished_at, job_depend.now)
    from (select distinct u.id from pg_catalog.unnest(depends_on) u(id)) d
    left join pgfirst_private.job_dead x on x.id = d.id
    left join lateral (select a.state, a.result, a.finished_at from pgfirst_private.job_archive a
                        where a.id = d.id order by a.finished_at desc limit 1) a on true
   where not exists (select 1 from pgfirst_private.job j where j.id = d.id)
     and not exists (select 1 from pgfirst_private.job_result r where r.id = d.id)
  on conflict on constraint job_result_pkey do nothing;

  -- 3. the edges, in depends_on order (a repeated id keeps its first position)
  insert into pgfirst_private.job_dependency (job_id, depends_on, position)
  select job_depend.job_id, u.id, pg_catalog.min(u.ord)
    from pg_catalog.unnest(depends_on) with ordinality u(id, ord)
   group by u.id;

  -- 4. resolve now: every dependency may already be finished
  select pg_catalog.array_agg(x.job), pg_catalog.min(x.new_state) into v_failed, v_state
    from pgfirst_private.job_resolve(array[job_depend.job_id], job_depend.now) x;
  if v_failed is not null then
    perform pgfirst_private.job_finished(v_failed, v_state, job_depend.now);
  end if;
end;
$$;

comment on function pgfirst_private.job_depend(bigint, bigint[], timestamptz) is
  'Internal: records the dependencies of a job just inserted as waiting (edges, flags on live dependencies, finish records for finished ones) and resolves it at once when they are all finished. PF431 for an id never issued.';
revoke all on function pgfirst_private.job_depend(bigint, bigint[], timestamptz) from public;
