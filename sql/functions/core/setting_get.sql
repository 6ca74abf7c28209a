create or replace function pgfirst.setting_get(name text)
returns jsonb
language sql
stable
strict
security definer -- settings live in pgfirst_private
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(s.value, s.default_value)
    from pgfirst_private.setting s
   where s.name = setting_get.name
$$;

comment on function pgfirst.setting_get(text) is
  'Effective value of a setting (the override, else the module default) as jsonb; null for an unknown name.';
revoke all on function pgfirst.setting_get(text) from public;
grant execute on function pgfirst.setting_get(text) to pgfirst_app;
