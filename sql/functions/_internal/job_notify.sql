-- Wakes idle workers of `queue` (NOTIFY pgfirst_jobs, payload = queue name), but only from
-- one transaction per queue at a time. A transaction that sent NOTIFY takes a cluster-wide
-- lock at commit and holds it across the WAL flush, so notifying transactions cannot share
-- a group commit: with 32 concurrent enqueuers all notifying, enqueue throughput collapses
-- to one fsync per job. The slot row lock below (SKIP LOCKED; a row of a private table, so no role without
-- pgfirst grants can hold it, unlike an advisory lock) lets one in-flight transaction per queue notify;
-- the others commit without NOTIFY (their jobs are found by the woken workers' next claim,
-- which follows every finished job, or by the poll). Identical notifications inside one
-- transaction are folded by PostgreSQL itself.
create or replace function pgfirst_private.job_notify(queue text)
returns void
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
begin
  -- the queue's slot row, locked until commit (a role without grants cannot hold it)
  perform from pgfirst_private.lock_slot s
   where s.kind = 'job_notify' and s.slot = pg_catalog.hashtext(coalesce(queue, '')) & 1023
     for no key update skip locked;
  if found then
    perform pg_catalog.pg_notify('pgfirst_jobs', queue);
  end if;
end;
$$;

comment on function pgfirst_private.job_notify(text) is
  'Internal: NOTIFY pgfirst_jobs for a queue, from at most one in-flight transaction per queue (keeps group commit for concurrent enqueues).';
revoke all on function pgfirst_private.job_notify(text) from public;
