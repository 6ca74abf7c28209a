create or replace function pgfirst.dropdown_refresh_now(name text)
returns void
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- refreshes through dropdown_refresh and writes the admin audit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  -- dropdown_refresh stays the unaudited worker path (dispatched refresh jobs); this is
  -- the operator's button, audited
  perform pgfirst.dropdown_refresh(dropdown_refresh_now.name);
  perform pgfirst_private.audit_write('dropdown_refresh_now', dropdown_refresh_now.name);
end;
$$;

comment on function pgfirst.dropdown_refresh_now(text) is
  'Admin: refreshes dropdown <name> now (as dropdown_refresh: single flight, readers never blocked) and records it in the admin audit. PF601 for an unknown name.';
revoke all on function pgfirst.dropdown_refresh_now(text) from public;
grant execute on function pgfirst.dropdown_refresh_now(text) to pgfirst_admin;
