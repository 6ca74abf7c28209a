create or replace function pgfirst.job_listen_channel()
returns text
language sql
stable
strict
parallel safe
security definer -- reads pgfirst_private.job_channel, which no pgfirst role may read directly
set search_path = pg_catalog, pg_temp
as $$
  select c.name from pgfirst_private.job_channel c
$$;

comment on function pgfirst.job_listen_channel() is
  'The NOTIFY channel on which pgfirst wakes idle workers (pgfirst_jobs_ + 32 hex digits, random per database, stable across migrations): LISTEN on it. Payloads are empty; a notification means "claim again". Workers and admins only: a role that cannot learn the name hears nothing.';
revoke all on function pgfirst.job_listen_channel() from public;
grant execute on function pgfirst.job_listen_channel() to pgfirst_worker, pgfirst_admin;
