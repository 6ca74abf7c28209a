-- Used by module migrations to declare their settings, with the range or shape a value
-- must have (min_value/max_value for interval, integer and number settings, a regular
-- expression for text; null = unbounded on that side). setting_set refuses values outside
-- it (PF005). Re-registering keeps an operator's override unless the type changed (an
-- override of another type could not be read) or it breaks the new rule.
create or replace function pgfirst_private.setting_register(
  name text,
  type text,
  default_value jsonb,
  description text,
  min_value jsonb default null,
  max_value jsonb default null,
  pattern text default null
)
returns void
language sql
volatile
set search_path = pg_catalog, pg_temp
as $$
  insert into pgfirst_private.setting as s (name, type, default_value, description, min_value, max_value, pattern)
  values (name, type, default_value, description, min_value, max_value, pattern)
  on conflict on constraint setting_pkey do update
     set type = excluded.type,
         default_value = excluded.default_value,
         description = excluded.description,
         min_value = excluded.min_value,
         max_value = excluded.max_value,
         pattern = excluded.pattern,
         value = case when s.type = excluded.type then s.value end;
$$;

comment on function pgfirst_private.setting_register(text, text, jsonb, text, jsonb, jsonb, text) is
  'Internal: declares a module setting with its type, default, description and allowed range (min_value, max_value) or pattern; idempotent, keeps an existing override of the same type.';
revoke all on function pgfirst_private.setting_register(text, text, jsonb, text, jsonb, jsonb, text) from public;
