-- The plpgsql body of pgfirst.job_list: its arguments carry a p_ prefix because plpgsql
-- refuses an argument named like a result column (the public API uses both names).
-- Jobs in every state, newest first, keyset-paged on id. Three branches, each a
-- newest-first index walk that stops after page_size rows: live jobs (job_pkey, or
-- job_failed_idx / job_running_idx for those states), dead letters (job_dead_pkey or
-- job_dead_queue_id_idx) and the archive (each partition's primary key (id, finished_at),
-- merged). Only the filters given become predicates (dynamic SQL with every value bound
-- through USING, never interpolated), so each call is planned for its own filters.
-- No COUNT: a page shorter than page_size is the last one.
create or replace function pgfirst_private.job_list_page(
  p_state text,
  p_queue text,
  p_task text,
  p_tenant text,
  p_since timestamptz,
  p_until timestamptz,
  p_before_id bigint,
  p_page_size integer
)
returns table(id bigint, state text, queue text, task text, tenant text, priority integer,
              attempt integer, max_attempts integer, run_at timestamptz, created_at timestamptz,
              updated_at timestamptz, finished_at timestamptz, last_error text, job_key text)
language plpgsql
stable
called on null input
parallel unsafe
-- (runs as the owner, called from the public SECURITY DEFINER wrapper) reads pgfirst_private.job, job_dead and job_archive
set search_path = pg_catalog, pg_temp
set jit = off -- a page of rows: JIT compilation would cost more than the query
-- every branch is meant as an index walk: a sequential scan + sort of a million-row table
-- (or a bitmap scan + sort) is never the better plan for one page: the planner picks them
-- when it misjudges a filter
set enable_seqscan = off
set enable_bitmapscan = off
as $$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_common text := '';
  v_state text := job_list_page.p_state;
  v_branches text[] := '{}';
begin
  perform pgfirst_private.job_filter_check(v_state,
    array['waiting', 'pending', 'scheduled', 'running', 'failed', 'dead', 'cancelled', 'done'],
    job_list_page.p_queue, job_list_page.p_task, job_list_page.p_tenant, job_list_page.p_since, job_list_page.p_until,
    job_list_page.p_page_size, 'page_size', 1000);

  -- $1 state, $2 queue, $3 task, $4 tenant, $5 since, $6 until, $7 before_id, $8 page_size, $9 now
  if job_list_page.p_queue is not null then v_common := v_common || ' and x.queue = $2'; end if;
  if job_list_page.p_task is not null then v_common := v_common || ' and x.task = $3'; end if;
  if job_list_page.p_tenant is not null then v_common := v_common || ' and x.tenant = $4'; end if;
  if job_list_page.p_since is not null then v_common := v_common || ' and x.created_at >= $5'; end if;
  if job_list_page.p_until is not null then v_common := v_common || ' and x.created_at < $6'; end if;
  if job_list_page.p_before_id is not null then v_common := v_common || ' and x.id < $7'; end if;

  if v_state is null or v_state in ('waiting', 'pending', 'scheduled', 'running', 'failed') then
    v_branches := v_branches || (
      'select x.id, case when x.state = ''pending'' and x.run_at > $9 then ''scheduled'' else x.state end,'
      || ' x.queue, x.task, x.tenant, x.priority, x.attempt, x.max_attempts, x.run_at, x.created_at,'
      || ' x.updated_at, null::timestamptz, x.last_error, x.job_key'
      || ' from pgfirst_private.job x where true'
      || case v_state
           when 'pending' then ' and x.state = ''pending'' and x.run_at <= $9'
           when 'scheduled' then ' and x.state = ''pending'' and x.run_at > $9'
           when 'running' then ' and x.state = ''running'''
           when 'failed' then ' and x.state = ''failed'''
           when 'waiting' then ' and x.state = ''waiting'''
           else '' end
      || v_common || ' order by x.id desc limit $8');
  end if;
  if v_state is null or v_state in ('dead', 'cancelled') then
    v_branches := v_branches || (
      'select x.id, x.state, x.queue, x.task, x.tenant, x.priority, x.attempt, x.max_attempts,'
      || ' x.run_at, x.created_at, x.updated_at, x.finished_at, x.last_error, x.job_key'
      || ' from pgfirst_private.job_dead x where true'
      || case when v_state is not null then ' and x.state = $1' else '' end
      || v_common || ' order by x.id desc limit $8');
  end if;
  if v_state is null or v_state = 'done' then
    -- An id may have several archive rows (dead, retried, then done): its newest one counts.
    -- A job that is live again or still a dead letter is listed from there, not here.
    v_branches := v_branches || (
      'select x.id, x.state, x.queue, x.task, x.tenant, x.priority, x.attempt, x.max_attempts,'
      || ' x.run_at, x.created_at, x.updated_at, x.finished_at, x.last_error, x.job_key'
      || ' from (select distinct on (x.id) x.* from pgfirst_private.job_archive x where true'
      || v_common || ' order by x.id desc, x.finished_at desc) x'
      -- "offset 0" keeps these as per-row primary-key probes on the newest-first stream (a
      -- planner-made anti join would hash the whole live table first)
      || ' where not exists (select from pgfirst_private.job j where j.id = x.id offset 0)'
      || ' and not exists (select from pgfirst_private.job_dead d where d.id = x.id offset 0)'
      || case when v_state is not null then ' and x.state = ''done''' else '' end
      || ' order by x.id desc limit $8');
  elsif v_state in ('dead', 'cancelled') then
    -- archived dead/cancelled copies whose dead letter is gone (purged after
    -- job.dead_retention), on the partial index job_archive_unfinished_idx; the state is a
    -- literal from the fixed list above so the planner matches the index predicate
    v_branches := v_branches || (
      'select x.id, x.state, x.queue, x.task, x.tenant, x.priority, x.attempt, x.max_attempts,'
      || ' x.run_at, x.created_at, x.updated_at, x.finished_at, x.last_error, x.job_key'
      || ' from pgfirst_private.job_archive x where x.state = ' || pg_catalog.quote_literal(v_state)
      || v_common
      || ' and not exists (select from pgfirst_private.job_archive n where n.id = x.id and n.finished_at > x.finished_at offset 0)'
      || ' and not exists (select from pgfirst_private.job j where j.id = x.id offset 0)'
      || ' and not exists (select from pgfirst_private.job_dead d where d.id = x.id offset 0)'
      || ' order by x.id desc limit $8');
  end if;

  return query execute
    'select u.* from ((' || pg_catalog.array_to_string(v_branches, ') union all (')
    || ')) u order by u.id desc limit $8'
    using v_state, job_list_page.p_queue, job_list_page.p_task, job_list_page.p_tenant, job_list_page.p_since, job_list_page.p_until,
          job_list_page.p_before_id, job_list_page.p_page_size, v_now;
end;
$$;


comment on function pgfirst_private.job_list_page(text, text, text, text, timestamptz, timestamptz, bigint, integer) is
  'Internal: the body of pgfirst.job_list (plpgsql cannot name an argument like a result column).';
revoke all on function pgfirst_private.job_list_page(text, text, text, text, timestamptz, timestamptz, bigint, integer) from public;
