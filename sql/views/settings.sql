create or replace view pgfirst.settings as
  select s.name,
         coalesce(s.value, s.default_value) as value,
         s.default_value,
         s.type,
         s.value is null as is_default,
         s.description,
         s.updated_at
    from pgfirst_private.setting s;

comment on view pgfirst.settings is
  'Every module setting: effective value, default, type and meaning. Change one with pgfirst.setting_set().';
revoke all on pgfirst.settings from public;
grant select on pgfirst.settings to pgfirst_app;
