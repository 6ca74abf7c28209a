-- After any change of pgfirst_private.setting: re-generate the hot-path setting constants
-- (sql/functions/_internal/hot_settings.sql explains why they exist).
create or replace function pgfirst_private.setting_hot_sync()
returns trigger
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  perform pgfirst_private.hot_settings_sync();
  return null;
end;
$$;

comment on function pgfirst_private.setting_hot_sync() is
  'Internal trigger function: after any change of pgfirst_private.setting, re-generates the hot-path setting constants (hot_settings_sync).';
revoke all on function pgfirst_private.setting_hot_sync() from public;
