--! Previous: -
--! Hash: sha1:745f0a0a4138123417bfd6eab1a79a187156070a
--! Message: core

-- pgfirst core: schemas, roles, the settings store, version and health.

create schema if not exists pgfirst;
create schema if not exists pgfirst_private;
comment on schema pgfirst is 'pgfirst public API: functions and views callable by pgfirst_app, pgfirst_worker and pgfirst_admin.';
comment on schema pgfirst_private is 'pgfirst internals: tables and helpers; no application role has rights here.';

-- Roles are cluster-wide: create them only if missing, so several databases (or a
-- re-install) on one server share them. NOLOGIN: a deployment grants them to login roles.
do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'pgfirst_app') then
    create role pgfirst_app nologin;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'pgfirst_worker') then
    create role pgfirst_worker nologin;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'pgfirst_admin') then
    create role pgfirst_admin nologin;
  end if;
end
$$;
grant pgfirst_app to pgfirst_worker;
grant pgfirst_app to pgfirst_admin;

revoke all on schema pgfirst from public;
revoke all on schema pgfirst_private from public;
grant usage on schema pgfirst to pgfirst_app;

-- Functions are executable by PUBLIC by default: not in these schemas. Every file still
-- revokes and grants explicitly beside its object.
alter default privileges in schema pgfirst revoke execute on functions from public;
alter default privileges in schema pgfirst_private revoke execute on functions from public;

create table if not exists pgfirst_private.setting (
  name text not null,
  type text not null,
  default_value jsonb not null,
  value jsonb,
  description text not null,
  updated_at timestamptz,
  constraint setting_pkey primary key (name),
  constraint setting_name_format check (name ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  constraint setting_type_known check (type in ('interval', 'integer', 'number', 'boolean', 'text', 'json'))
);
comment on table pgfirst_private.setting is 'Module settings: registered defaults and operator overrides (value null = default).';

--! Included functions/_internal/setting_value.sql
-- Effective value of a registered setting (the override, else the default).
-- Raises PF001 for a name no module registered: that is a bug in pgfirst, not bad input.
create or replace function pgfirst_private.setting_value(name text)
returns jsonb
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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
--! EndIncluded functions/_internal/setting_value.sql
--! Included functions/_internal/setting_interval.sql
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
--! EndIncluded functions/_internal/setting_interval.sql
--! Included functions/_internal/setting_int.sql
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
--! EndIncluded functions/_internal/setting_int.sql
--! Included functions/_internal/setting_register.sql
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
--! EndIncluded functions/_internal/setting_register.sql
--! Included functions/core/version.sql
create or replace function pgfirst.version()
returns text
language sql
stable
security definer -- reads graphile-migrate's bookkeeping, which application roles cannot see
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.max(pg_catalog.regexp_replace(m.filename, '\.sql$', ''))
    from graphile_migrate.migrations m
$$;

comment on function pgfirst.version() is
  'The installed schema version: the number of the latest applied migration (e.g. 000001). One catalog read, no locks.';
revoke all on function pgfirst.version() from public;
grant execute on function pgfirst.version() to pgfirst_app;
--! EndIncluded functions/core/version.sql
--! Included functions/core/setting_get.sql
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
--! EndIncluded functions/core/setting_get.sql
--! Included functions/core/setting_set.sql
-- Typed: the value must match the type the module registered; SQL null or JSON null
-- resets the setting to its default.
create or replace function pgfirst.setting_set(name text, value jsonb)
returns jsonb
language plpgsql
volatile
security definer -- settings live in pgfirst_private
set search_path = pg_catalog, pg_temp
as $$
declare
  v_type text;
  v_default jsonb;
  v_ok boolean;
begin
  select s.type, s.default_value into v_type, v_default
    from pgfirst_private.setting s
   where s.name = setting_set.name
     for update;
  if not found then
    raise exception 'setting "%" does not exist', name
      using errcode = 'PF002',
            hint = 'SELECT name FROM pgfirst.settings lists the settings.';
  end if;

  if value is null or value = 'null'::jsonb then
    update pgfirst_private.setting s set value = null, updated_at = pg_catalog.now()
     where s.name = setting_set.name;
    return v_default;
  end if;

  begin
    v_ok := case v_type
      when 'interval' then pg_catalog.jsonb_typeof(value) = 'string'
                           and (value #>> '{}')::interval >= interval '0'
      when 'integer'  then pg_catalog.jsonb_typeof(value) = 'number'
                           and (value::text)::bigint::text = value::text
      when 'number'   then pg_catalog.jsonb_typeof(value) = 'number'
      when 'boolean'  then pg_catalog.jsonb_typeof(value) = 'boolean'
      when 'text'     then pg_catalog.jsonb_typeof(value) = 'string'
      else true
    end;
  exception
    -- the casts above are the type check: a value that does not cast is of the wrong type
    when invalid_datetime_format or datetime_field_overflow or interval_field_overflow
         or invalid_text_representation or numeric_value_out_of_range then
      v_ok := false;
  end;
  if not v_ok then
    raise exception 'setting "%" takes a value of type %', name, v_type
      using errcode = 'PF003',
            detail = pg_catalog.format('Got %s.', value),
            hint = case v_type
                     when 'interval' then 'Pass a non-negative interval as a JSON string, e.g. ''"15 minutes"''.'
                     when 'integer' then 'Pass a JSON integer, e.g. ''5''.'
                     else pg_catalog.format('Pass a JSON %s.', v_type) end;
  end if;

  update pgfirst_private.setting s set value = setting_set.value, updated_at = pg_catalog.now()
   where s.name = setting_set.name;
  return value;
end;
$$;

comment on function pgfirst.setting_set(text, jsonb) is
  'Overrides a setting after checking the value against its registered type (PF002 unknown name, PF003 wrong type); null resets to the default. Returns the effective value.';
revoke all on function pgfirst.setting_set(text, jsonb) from public;
grant execute on function pgfirst.setting_set(text, jsonb) to pgfirst_admin;
--! EndIncluded functions/core/setting_set.sql
--! Included functions/core/health.sql
-- Core checks; later modules replace this function with one that adds their own rows.
create or replace function pgfirst.health(now timestamptz default null)
returns table("check" text, status text, value numeric, detail text)
language sql
stable
security definer -- reads pgfirst_private and graphile-migrate bookkeeping
set search_path = pg_catalog, pg_temp
as $$
  select 'schema_version', case when v is null then 'crit' else 'ok' end,
         v::numeric, coalesce('pgfirst schema ' || v, 'no pgfirst migration recorded')
    from (select pgfirst.version() as v) x
  union all
  select 'roles',
         case when count(r.rolname) = 3 then 'ok' else 'crit' end,
         count(r.rolname),
         case when count(r.rolname) = 3 then 'pgfirst_app, pgfirst_worker, pgfirst_admin present'
              else 'missing: ' || string_agg(want.name, ', ') filter (where r.rolname is null) end
    from unnest(array['pgfirst_app', 'pgfirst_worker', 'pgfirst_admin']) as want(name)
    left join pg_roles r on r.rolname = want.name
  union all
  select 'settings', 'ok', count(*),
         count(*) filter (where s.value is not null) || ' overridden'
    from pgfirst_private.setting s
$$;

comment on function pgfirst.health(timestamptz) is
  'Health checks as rows ("check", status ok|warn|crit, value, detail); read-only, one round trip.';
revoke all on function pgfirst.health(timestamptz) from public;
grant execute on function pgfirst.health(timestamptz) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/core/health.sql
--! Included views/settings.sql
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
--! EndIncluded views/settings.sql
