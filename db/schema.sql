-- GENERATED FILE — DO NOT EDIT. Regenerate with `npm run db:dump`.
-- The schema after every migration in migrations/committed, dumped by pg_dump 15
-- (--schema-only --no-owner, privileges kept) from a PostgreSQL 15 server;
-- graphile-migrate's bookkeeping schema is left out. CI fails when it drifts.

--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: pgfirst; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA pgfirst;

--
-- Name: SCHEMA pgfirst; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA pgfirst IS 'pgfirst public API: functions and views callable by pgfirst_app, pgfirst_worker and pgfirst_admin.';

--
-- Name: pgfirst_private; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA pgfirst_private;

--
-- Name: SCHEMA pgfirst_private; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA pgfirst_private IS 'pgfirst internals: tables and helpers; no application role has rights here.';

--
-- Name: health(timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.health(now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE("check" text, status text, value numeric, detail text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: FUNCTION health(now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.health(now timestamp with time zone) IS 'Health checks as rows ("check", status ok|warn|crit, value, detail); read-only, one round trip.';

--
-- Name: setting_get(text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.setting_get(name text) RETURNS jsonb
    LANGUAGE sql STABLE STRICT SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select coalesce(s.value, s.default_value)
    from pgfirst_private.setting s
   where s.name = setting_get.name
$$;

--
-- Name: FUNCTION setting_get(name text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.setting_get(name text) IS 'Effective value of a setting (the override, else the module default) as jsonb; null for an unknown name.';

--
-- Name: setting_set(text, jsonb); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.setting_set(name text, value jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: FUNCTION setting_set(name text, value jsonb); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.setting_set(name text, value jsonb) IS 'Overrides a setting after checking the value against its registered type (PF002 unknown name, PF003 wrong type); null resets to the default. Returns the effective value.';

--
-- Name: version(); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.version() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
  select pg_catalog.max(pg_catalog.regexp_replace(m.filename, '\.sql$', ''))
    from graphile_migrate.migrations m
$_$;

--
-- Name: FUNCTION version(); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.version() IS 'The installed schema version: the number of the latest applied migration (e.g. 000001). One catalog read, no locks.';

--
-- Name: setting_int(text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.setting_int(name text) RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$ select (pgfirst_private.setting_value(name) #>> '{}')::bigint $$;

--
-- Name: FUNCTION setting_int(name text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.setting_int(name text) IS 'Internal: a registered integer setting as a bigint.';

--
-- Name: setting_interval(text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.setting_interval(name text) RETURNS interval
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$ select (pgfirst_private.setting_value(name) #>> '{}')::interval $$;

--
-- Name: FUNCTION setting_interval(name text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.setting_interval(name text) IS 'Internal: a registered interval setting as an interval.';

--
-- Name: setting_register(text, text, jsonb, text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.setting_register(name text, type text, default_value jsonb, description text) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  insert into pgfirst_private.setting as s (name, type, default_value, description)
  values (name, type, default_value, description)
  on conflict on constraint setting_pkey do update
     set type = excluded.type,
         default_value = excluded.default_value,
         description = excluded.description,
         value = case when s.type = excluded.type then s.value end;
$$;

--
-- Name: FUNCTION setting_register(name text, type text, default_value jsonb, description text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.setting_register(name text, type text, default_value jsonb, description text) IS 'Internal: declares a module setting with its type, default and description; idempotent, keeps an existing override of the same type.';

--
-- Name: setting_value(text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.setting_value(name text) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: FUNCTION setting_value(name text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.setting_value(name text) IS 'Internal: effective jsonb value of a registered setting; raises PF001 when the setting is not registered.';

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: setting; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.setting (
    name text NOT NULL,
    type text NOT NULL,
    default_value jsonb NOT NULL,
    value jsonb,
    description text NOT NULL,
    updated_at timestamp with time zone,
    CONSTRAINT setting_name_format CHECK ((name ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'::text)),
    CONSTRAINT setting_type_known CHECK ((type = ANY (ARRAY['interval'::text, 'integer'::text, 'number'::text, 'boolean'::text, 'text'::text, 'json'::text])))
);

--
-- Name: TABLE setting; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.setting IS 'Module settings: registered defaults and operator overrides (value null = default).';

--
-- Name: settings; Type: VIEW; Schema: pgfirst; Owner: -
--

CREATE VIEW pgfirst.settings AS
 SELECT s.name,
    COALESCE(s.value, s.default_value) AS value,
    s.default_value,
    s.type,
    (s.value IS NULL) AS is_default,
    s.description,
    s.updated_at
   FROM pgfirst_private.setting s;

--
-- Name: VIEW settings; Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON VIEW pgfirst.settings IS 'Every module setting: effective value, default, type and meaning. Change one with pgfirst.setting_set().';

--
-- Name: setting setting_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.setting
    ADD CONSTRAINT setting_pkey PRIMARY KEY (name);

--
-- Name: SCHEMA pgfirst; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA pgfirst TO pgfirst_app;

--
-- Name: FUNCTION health(now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.health(now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.health(now timestamp with time zone) TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.health(now timestamp with time zone) TO pgfirst_admin;

--
-- Name: FUNCTION setting_get(name text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.setting_get(name text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.setting_get(name text) TO pgfirst_app;

--
-- Name: FUNCTION setting_set(name text, value jsonb); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.setting_set(name text, value jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.setting_set(name text, value jsonb) TO pgfirst_admin;

--
-- Name: FUNCTION version(); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.version() FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.version() TO pgfirst_app;

--
-- Name: FUNCTION setting_int(name text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.setting_int(name text) FROM PUBLIC;

--
-- Name: FUNCTION setting_interval(name text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.setting_interval(name text) FROM PUBLIC;

--
-- Name: FUNCTION setting_register(name text, type text, default_value jsonb, description text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.setting_register(name text, type text, default_value jsonb, description text) FROM PUBLIC;

--
-- Name: FUNCTION setting_value(name text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.setting_value(name text) FROM PUBLIC;

--
-- Name: TABLE settings; Type: ACL; Schema: pgfirst; Owner: -
--

GRANT SELECT ON TABLE pgfirst.settings TO pgfirst_app;

--
-- PostgreSQL database dump complete
--
