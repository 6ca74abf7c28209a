create or replace function pgfirst_private.setting_int(name text)
returns bigint
language sql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$ select (pgfirst_private.setting_value(name) #>> '{}')::bigint $$;

comment on function pgfirst_private.setting_int(text) is
  'Internal: a registered integer setting as a bigint.';
revoke all on function pgfirst_private.setting_int(text) from public;
