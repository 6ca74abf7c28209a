create or replace view pgfirst.settings as
  select s.name,
         coalesce(s.value, s.default_value) as value,
         s.default_value,
         s.type,
         s.value is null as is_default,
         s.description,
         s.updated_at,
         s.min_value,
         s.max_value,
         s.pattern
    from pgfirst_private.setting s;

comment on view pgfirst.settings is
  'Every module setting: effective value, default, type, meaning and the range (min_value, max_value) or pattern a value must satisfy. Change one with pgfirst.setting_set().';
revoke all on pgfirst.settings from public;
grant select on pgfirst.settings to pgfirst_app;
