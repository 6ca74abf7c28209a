create or replace function pgfirst.schedule_delete(name text)
returns boolean
language sql
volatile
strict
security definer -- writes pgfirst_private.schedule
set search_path = pg_catalog, pg_temp
as $$
  with d as (delete from pgfirst_private.schedule s where s.name = schedule_delete.name returning 1)
  select exists (select 1 from d)
$$;

comment on function pgfirst.schedule_delete(text) is
  'Deletes a schedule; true if it existed. Jobs it already enqueued are left alone.';
revoke all on function pgfirst.schedule_delete(text) from public;
grant execute on function pgfirst.schedule_delete(text) to pgfirst_admin;
