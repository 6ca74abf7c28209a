-- The body is pgfirst_private.job_list_page (sql/functions/_internal/job_list_page.sql): plpgsql cannot
-- name an argument like a result column, this language sql wrapper can.
create or replace function pgfirst.job_list(
  state text default null,
  queue text default null,
  task text default null,
  tenant text default null,
  since timestamptz default null,
  until timestamptz default null,
  before_id bigint default null,
  page_size integer default 50
)
returns table(id bigint, state text, queue text, task text, tenant text, priority integer,
              attempt integer, max_attempts integer, run_at timestamptz, created_at timestamptz,
              updated_at timestamptz, finished_at timestamptz, last_error text, job_key text)
language sql
stable
called on null input
parallel unsafe
security definer -- reads pgfirst_private (job, job_dead, job_archive)
set search_path = pg_catalog, pg_temp
as $$
  select * from pgfirst_private.job_list_page(job_list.state, job_list.queue, job_list.task, job_list.tenant, job_list.since, job_list.until, job_list.before_id, job_list.page_size)
$$;

comment on function pgfirst.job_list(text, text, text, text, timestamptz, timestamptz, bigint, integer) is
  'Jobs in every state (pending, scheduled, running, failed = awaiting retry, dead, cancelled, done = archived), newest id first, at most page_size (1-1000) rows; next page: before_id => the last id. Filters: state, queue, task, tenant (equality), since/until on created_at. No payload. Each branch walks an index; no COUNT.';
revoke all on function pgfirst.job_list(text, text, text, text, timestamptz, timestamptz, bigint, integer) from public;
grant execute on function pgfirst.job_list(text, text, text, text, timestamptz, timestamptz, bigint, integer) to pgfirst_worker, pgfirst_admin;
