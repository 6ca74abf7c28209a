-- Wakes idle workers of `queue` (NOTIFY pgfirst_jobs, payload = queue name), but only from
-- one transaction per queue at a time. A transaction that sent NOTIFY takes a cluster-wide
-- lock at commit and holds it across the WAL flush, so notifying transactions cannot share
-- a group commit: with 32 concurrent enqueuers all notifying, enqueue throughput collapses
-- to one fsync per job. The try-lock below lets one in-flight transaction per queue notify;
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
#variable_conflict use_column
begin
  if pg_catalog.pg_try_advisory_xact_lock(1885693217, pg_catalog.hashtext(queue)) then
    perform pg_catalog.pg_notify('pgfirst_jobs', queue);
  end if;
end;
$$;

comment on function pgfirst_private.job_notify(text) is
  'Internal: NOTIFY pgfirst_jobs for a queue, from at most one in-flight transaction per queue (keeps group commit for concurrent enqueues).';
revoke all on function pgfirst_private.job_notify(text) from public;
