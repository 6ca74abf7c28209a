-- Effective value of a registered setting (the override, else the default).
-- Raises PF001 for a name no module registered: that is a bug in pgfirst, not bad input.
create or replace function pgfirst_private.setting_value(name text)
returns jsonb
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_value jsonb;
begin
  select coalesce(s.value, s.default_value) into v_value
    from pgfirst_private.setting s
   where s.name = setting_value.name;
  if not found then
    raise exception 'setting "%" is not registered', name
      using errcode = 'PF001',
            hint = 'Settings are registered by pgfirst migrations; run the pending migrations.';
  end if;
  return v_value;
end;
$$;

comment on function pgfirst_private.setting_value(text) is
  'Internal: effective jsonb value of a registered setting; raises PF001 when the setting is not registered.';
revoke all on function pgfirst_private.setting_value(text) from public;
