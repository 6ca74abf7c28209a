-- The pick of a keyed claim (job_claim: fair queues and queues with a per-key limit):
-- round-robin over the keys with claimable jobs, starting after `cursor` (the key served
-- last), found by a loose index scan of job_available_fair_idx. Round 1 takes the best job
-- (priority, run_at, id) of each of the first `slots` keys with a claimable job and room
-- (key_concurrency minus its running jobs); later rounds the second, third... best.
-- Returns the picked ids in serving order (not locked: job_claim locks them with SKIP
-- LOCKED) and the key served last. A function of its own for plan_cache_mode: planning this
-- statement per call (a custom plan) costs ~10x its execution; its generic plan is the one
-- wanted for every parameter value (the shape is pinned below).
-- Key walk: one probe per key, at most c_max_keys after the cursor and c_max_keys from the
-- start, and only until `slots` keys with a claimable job and room were found (LIMIT stops
-- the recursive scans). `worker_id is null` (true of every waiting job) makes each probe
-- read the heap: an index-only scan would not mark the entries of claimed jobs dead, and
-- every later probe would walk them again.
create or replace function pgfirst_private.job_claim_pick(
  queue text,
  cursor text,
  key_concurrency integer,
  slots integer,
  now timestamptz,
  out ids bigint[],
  out last_key text
)
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
set plan_cache_mode = force_generic_plan
as $$
#variable_conflict use_column
declare
  c_max_keys constant integer := 1000; -- keys walked after the cursor, and again from the start
begin
    with recursive after_c(k, n) as (
      -- two subqueries so that each has an index condition on fair_key (a generic plan of
      -- `cursor is null or fair_key > cursor` would filter every entry of the cursor's key)
      select case when job_claim_pick.cursor is null
                  then (select j.fair_key from pgfirst_private.job j
                         where j.queue = job_claim_pick.queue and j.fair_key >= '' and j.state in ('pending', 'failed')
                           and j.worker_id is null
                         order by j.fair_key limit 1)
                  else (select j.fair_key from pgfirst_private.job j
                         where j.queue = job_claim_pick.queue and j.fair_key > job_claim_pick.cursor
                           and j.state in ('pending', 'failed') and j.worker_id is null
                         order by j.fair_key limit 1)
             end, 1
      union all
      select (select j.fair_key from pgfirst_private.job j
               where j.queue = job_claim_pick.queue and j.fair_key > a.k and j.state in ('pending', 'failed')
                 and j.worker_id is null
               order by j.fair_key limit 1), a.n + 1
        from after_c a where a.k is not null and a.n < c_max_keys
    ), before_c(k, n) as (
      select (select j.fair_key from pgfirst_private.job j
               where j.queue = job_claim_pick.queue and j.fair_key is not null and j.state in ('pending', 'failed')
                 and j.worker_id is null
               order by j.fair_key limit 1), 1
       where job_claim_pick.cursor is not null
      union all
      select (select j.fair_key from pgfirst_private.job j
               where j.queue = job_claim_pick.queue and j.fair_key > b.k and j.state in ('pending', 'failed')
                 and j.worker_id is null
               order by j.fair_key limit 1), b.n + 1
        from before_c b where b.k is not null and b.k < job_claim_pick.cursor and b.n < c_max_keys
    ), ks as (
      select a.k, a.n as pos from after_c a where a.k is not null
      union all
      select b.k, c_max_keys + b.n from before_c b where b.k is not null and b.k <= job_claim_pick.cursor
    ), running as (
      select j.fair_key as k, count(*) as n
        from pgfirst_private.job j
       where job_claim_pick.key_concurrency is not null
         and j.state = 'running' and j.queue = job_claim_pick.queue and j.fair_key is not null
       group by j.fair_key
    ), served as (
      -- the first job_claim_pick.slots keys (in round-robin order) with a claimable job and room:
      -- LIMIT stops the key walk there (the recursive scans run on demand)
      select ks.k, ks.pos, r.room
        from ks
       cross join lateral (
         select least(job_claim_pick.slots::bigint, coalesce(job_claim_pick.key_concurrency
                  - coalesce((select x.n from running x where x.k = ks.k), 0), job_claim_pick.slots::bigint)) as room
       ) r
       -- Plan shape, on purpose (here and in `pick`): a LATERAL ... LIMIT 1, not EXISTS (no
       -- hash semi-join over every ready job of the queue), and fair_key as the range
       -- k..k ordered by fair_key: with `fair_key = k` the planner may walk
       -- job_available_idx in priority order instead, through every job of the big keys,
       -- as its statistics see only them.
       cross join lateral (
         select 1
           from pgfirst_private.job j
          where j.queue = job_claim_pick.queue and j.fair_key >= ks.k and j.fair_key <= ks.k
            and j.state in ('pending', 'failed') and j.run_at <= job_claim_pick.now
            and (j.sequence_key is null or not exists (
                  select from pgfirst_private.job p
                   where p.tenant = j.tenant and p.sequence_key = j.sequence_key and p.id < j.id))
          order by j.fair_key, j.priority desc, j.run_at, j.id
          limit 1
       ) e
       where r.room > 0
       limit job_claim_pick.slots
    ), pick as (
      -- round 1 takes the best job of each key, round 2 the second best, ...
      select s.id, sv.k, sv.pos, s.rn
        from served sv
       cross join lateral (
         select j.id, pg_catalog.row_number() over (order by j.fair_key, j.priority desc, j.run_at, j.id) as rn
           from pgfirst_private.job j
          where j.queue = job_claim_pick.queue and j.fair_key >= sv.k and j.fair_key <= sv.k
            and j.state in ('pending', 'failed') and j.run_at <= job_claim_pick.now
            and (j.sequence_key is null or not exists (
                  select from pgfirst_private.job p
                   where p.tenant = j.tenant and p.sequence_key = j.sequence_key and p.id < j.id))
          order by j.fair_key, j.priority desc, j.run_at, j.id
          limit sv.room
       ) s
       order by s.rn, sv.pos
       limit job_claim_pick.slots
    )
    select pg_catalog.array_agg(pick.id order by pick.rn, pick.pos),
           (pg_catalog.array_agg(pick.k order by pick.rn desc, pick.pos desc))[1]
      into job_claim_pick.ids, job_claim_pick.last_key
      from pick;
end;
$$;

comment on function pgfirst_private.job_claim_pick(text, text, integer, integer, timestamptz) is
  'Internal (job_claim): round-robin pick over the keys of a fair or per-key-limited queue; ids in serving order and the last key served.';
revoke all on function pgfirst_private.job_claim_pick(text, text, integer, integer, timestamptz) from public;
