-- Tables, types, indexes, then one include line per sql/ file this change touches.
--!include functions/_internal/hot_settings.sql
--!include triggers/setting__hot_sync.sql
drop trigger if exists setting__hot_sync on pgfirst_private.setting;
create trigger setting__hot_sync
  after insert or update or delete or truncate on pgfirst_private.setting
  for each statement execute function pgfirst_private.setting_hot_sync();
select pgfirst_private.hot_settings_sync();
--!include functions/cache/cache_get.sql
--!include functions/cache/cache_get_many.sql
--!include functions/session/session_get.sql
