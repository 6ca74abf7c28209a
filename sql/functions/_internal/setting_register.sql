-- Used by module migrations to declare their settings. Re-registering keeps an operator's
-- override unless the type changed (an override of another type could not be read).
create or replace function pgfirst_private.setting_register(
  name text,
  type text,
  default_value jsonb,
  description text
)
returns void
language sql
volatile
set search_path = pg_catalog, pg_temp
as $$
  insert into pgfirst_private.setting as s (name, type, default_value, description)
  values (name, type, default_value, description)
  on conflict on constraint setting_pkey do update
     set type = excluded.type,
         default_value = excluded.default_value,
         description = excluded.description,
         value = case when s.type = excluded.type then s.value end;
$$;

comment on function pgfirst_private.setting_register(text, text, jsonb, text) is
  'Internal: declares a module setting with its type, default and description; idempotent, keeps an existing override of the same type.';
revoke all on function pgfirst_private.setting_register(text, text, jsonb, text) from public;
