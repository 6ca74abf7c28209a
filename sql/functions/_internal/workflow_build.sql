-- One node of a workflow spec (workflow_enqueue): enqueues its steps so that they depend
-- on deps and returns its tail (the jobs whose results the next node receives):
--   {"task": ...}                      one job                      tail: [it]
--   {"chain": [n1, n2, ...]}           n2 depends on n1's tail ...  tail: last node's tail
--   {"group": [n1, n2, ...]}           all depend on deps           tail: all tails, in order
--   {"chord": [n1, ...], "callback": c}  chain(group, c)            tail: c's tail
-- Recursion depth is the spec's nesting depth (bounded by the caller's check).
create or replace function pgfirst_private.workflow_build(
  node jsonb,
  deps bigint[],
  workflow_id bigint,
  tenant text,
  path text,
  group_id text,
  depth integer,
  now timestamptz
)
returns bigint[]
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_kind text;
  v_tail bigint[] := deps;
  v_all bigint[] := '{}';
  v_child record;
  v_id bigint;
begin
  if depth > 32 then
    raise exception 'a workflow spec nests at most 32 levels' using errcode = 'PF434', detail = pg_catalog.format('At %s.', path);
  end if;
  if pg_catalog.jsonb_typeof(node) is distinct from 'object' then
    raise exception 'a workflow node must be an object' using errcode = 'PF434', detail = pg_catalog.format('At %s.', path);
  end if;
  v_kind := case when node ? 'task' then 'task' when node ? 'chain' then 'chain'
                 when node ? 'group' then 'group' when node ? 'chord' then 'chord' end;
  if v_kind is null
     or (node - array['task', 'payload', 'queue', 'priority', 'max_attempts', 'run_at', 'on_dependency_failure', 'name']
          <> '{}'::jsonb and v_kind = 'task')
     or (v_kind in ('chain', 'group') and node - v_kind <> '{}'::jsonb)
     or (v_kind = 'chord' and node - array['chord', 'callback'] <> '{}'::jsonb) then
    raise exception 'a workflow node is {"task": ...}, {"chain": [...]}, {"group": [...]} or {"chord": [...], "callback": {...}}'
      using errcode = 'PF434', detail = pg_catalog.format('At %s: %s.', path, pg_catalog.left(node::text, 200));
  end if;

  if v_kind = 'task' then
    begin
      v_id := pgfirst.job_enqueue(
        task => node ->> 'task',
        payload => coalesce(node -> 'payload', '{}'),
        queue => coalesce(node ->> 'queue', 'default'),
        run_at => (node ->> 'run_at')::timestamptz,
        priority => coalesce((node ->> 'priority')::integer, 0),
        max_attempts => coalesce((node ->> 'max_attempts')::integer, 25),
        tenant => tenant,
        now => now,
        depends_on => deps,
        on_dependency_failure => coalesce(node ->> 'on_dependency_failure', 'fail'));
    exception
      when invalid_datetime_format or datetime_field_overflow or invalid_text_representation
        or numeric_value_out_of_range then
        raise exception 'workflow step % has a malformed value: %', path, sqlerrm using errcode = 'PF434';
    end;
    update pgfirst_private.job j set workflow_id = workflow_build.workflow_id where j.id = v_id;
    insert into pgfirst_private.workflow_step (workflow_id, position, job_id, name, group_id)
    select workflow_build.workflow_id, coalesce(pg_catalog.max(s.position), 0) + 1, v_id, node ->> 'name',
           workflow_build.group_id
      from pgfirst_private.workflow_step s
     where s.workflow_id = workflow_build.workflow_id;
    return array[v_id];
  end if;

  if pg_catalog.jsonb_typeof(node -> v_kind) is distinct from 'array' or pg_catalog.jsonb_array_length(node -> v_kind) = 0 then
    raise exception 'a workflow % needs a non-empty array of nodes', v_kind using errcode = 'PF434',
      detail = pg_catalog.format('At %s.', path);
  end if;
  for v_child in
    select e.value, e.ordinality - 1 as i from pg_catalog.jsonb_array_elements(node -> v_kind) with ordinality e
     order by e.ordinality
  loop
    if v_kind = 'chain' then
      v_tail := pgfirst_private.workflow_build(v_child.value, v_tail, workflow_id, tenant,
                  pg_catalog.format('%s.chain[%s]', path, v_child.i), group_id, depth + 1, now);
    else
      v_all := v_all || pgfirst_private.workflow_build(v_child.value, deps, workflow_id, tenant,
                  pg_catalog.format('%s.%s[%s]', path, v_kind, v_child.i),
                  pg_catalog.format('%s.%s', path, v_kind), depth + 1, now);
    end if;
  end loop;
  if v_kind = 'chain' then
    return v_tail;
  elsif v_kind = 'group' then
    return v_all;
  end if;
  -- chord: the callback depends on every member's tail and receives their results in order
  return pgfirst_private.workflow_build(node -> 'callback', v_all, workflow_id, tenant, path || '.callback',
                                        group_id, depth + 1, now);
end;
$$;

comment on function pgfirst_private.workflow_build(jsonb, bigint[], bigint, text, text, text, integer, timestamptz) is
  'Internal (workflow_enqueue): enqueues one spec node (task, chain, group, chord) depending on deps; returns its tail job ids.';
revoke all on function pgfirst_private.workflow_build(jsonb, bigint[], bigint, text, text, text, integer, timestamptz) from public;
