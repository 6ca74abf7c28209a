-- The body is pgfirst_private.queue_throughput_rows (sql/functions/_internal/queue_throughput_rows.sql): plpgsql cannot
-- name an argument like a result column, this language sql wrapper can.
create or replace function pgfirst.queue_throughput(
  since interval default '1 hour',
  bucket interval default '1 minute',
  queue text default null
)
returns table(queue text, bucket_start timestamptz, done bigint, failed bigint, dead bigint,
              p50_wait_ms double precision, p95_wait_ms double precision,
              p50_run_ms double precision, p95_run_ms double precision)
language sql
stable
called on null input
parallel unsafe
security definer -- reads pgfirst_private (job, job_dead, job_archive)
set search_path = pg_catalog, pg_temp
as $$
  select * from pgfirst_private.queue_throughput_rows(queue_throughput.since, queue_throughput.bucket, queue_throughput.queue)
$$;

comment on function pgfirst.queue_throughput(interval, interval, text) is
  'Per queue with activity and per bucket (aligned to bucket, every bucket of the window present): done jobs, failed attempts, dead jobs, p50/p95 wait (claim - run_at) and run (finish - claim) in ms of done jobs. since at most 7 days, bucket at least 10 seconds, at most 1000 buckets (PF419). Done counts and times need the queue''s keep_finished (archive).';
revoke all on function pgfirst.queue_throughput(interval, interval, text) from public;
grant execute on function pgfirst.queue_throughput(interval, interval, text) to pgfirst_worker, pgfirst_admin;
