create or replace function pgfirst_private.setting_interval(name text)
returns interval
language sql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$ select (pgfirst_private.setting_value(name) #>> '{}')::interval $$;

comment on function pgfirst_private.setting_interval(text) is
  'Internal: a registered interval setting as an interval.';
revoke all on function pgfirst_private.setting_interval(text) from public;
