-- Hands a dropdown view to pgfirst_dropdown. A superuser (the usual pgfirst owner) may do
-- so outright; any other owner needs the new owner to hold CREATE on the schema, which is
-- granted for this one statement only: with CREATE kept, code running as pgfirst_dropdown
-- could replace a view that dropdown_search reads with the owner's rights.
create or replace function pgfirst_private.dropdown_view_own(view_name text, view_schema text default 'pgfirst_mv')
returns void
language plpgsql
volatile
strict
set search_path = pg_catalog, pg_temp
as $$
declare
  v_super boolean := (select r.rolsuper from pg_catalog.pg_roles r where r.rolname = current_user);
begin
  if not v_super then
    execute pg_catalog.format('grant create on schema %I to pgfirst_dropdown', view_schema);
  end if;
  execute pg_catalog.format('alter materialized view %I.%I owner to pgfirst_dropdown', view_schema, view_name);
  if not v_super then
    execute pg_catalog.format('revoke create on schema %I from pgfirst_dropdown', view_schema);
  end if;
end;
$$;

comment on function pgfirst_private.dropdown_view_own(text, text) is
  'Internal: makes pgfirst_dropdown the owner of a dropdown view (granting it CREATE on the schema only for the duration of the ALTER when the pgfirst owner is not a superuser).';
revoke all on function pgfirst_private.dropdown_view_own(text, text) from public;
