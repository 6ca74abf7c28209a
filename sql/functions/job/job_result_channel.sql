create or replace function pgfirst.job_result_channel()
returns text
language sql
stable
strict
parallel safe
security definer -- reads pgfirst_private.job_channel, which no pgfirst role may read directly
set search_path = pg_catalog, pg_temp
as $$
  -- derived one-way from the worker channel, which must stay unknown to pgfirst_app
  select 'pgfirst_results_' || pg_catalog.md5(c.name || ':results') from pgfirst_private.job_channel c
$$;

comment on function pgfirst.job_result_channel() is
  'The NOTIFY channel on which job_complete signals that results were stored (empty payload: "look again" with job_result). LISTEN on it to wait for a result without busy polling; behind a transaction-mode pooler, poll job_result instead.';
revoke all on function pgfirst.job_result_channel() from public;
grant execute on function pgfirst.job_result_channel() to pgfirst_app;
