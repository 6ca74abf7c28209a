create or replace function pgfirst.refresh_all_dropdown_mvs()
returns integer
language plpgsql
volatile
security definer -- refreshes views owned by pgfirst, reads the registry
set search_path = pg_catalog, pg_temp
as $$
declare
  v_name text;
  v_count integer := 0;
begin
  for v_name in select d.name from pgfirst_private.dropdown d order by d.name loop
    perform pgfirst.dropdown_refresh(v_name);
    v_count := v_count + 1;
  end loop;
  return v_count;
end;
$$;

comment on function pgfirst.refresh_all_dropdown_mvs() is
  'Compatible entry point: refreshes every defined dropdown (concurrently where populated) in one transaction; returns how many.';
revoke all on function pgfirst.refresh_all_dropdown_mvs() from public;
grant execute on function pgfirst.refresh_all_dropdown_mvs() to pgfirst_worker, pgfirst_admin;
