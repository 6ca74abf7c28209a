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
-- Name: pgfirst_ext; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA pgfirst_ext;

--
-- Name: SCHEMA pgfirst_ext; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA pgfirst_ext IS 'Contrib extensions pgfirst installs when missing (pg_trgm, btree_gin, unaccent).';

--
-- Name: pgfirst_mv; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA pgfirst_mv;

--
-- Name: SCHEMA pgfirst_mv; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA pgfirst_mv IS 'pgfirst dropdown materialized views (owned by pgfirst_dropdown; read through pgfirst.dropdown_search).';

--
-- Name: pgfirst_private; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA pgfirst_private;

--
-- Name: SCHEMA pgfirst_private; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA pgfirst_private IS 'pgfirst internals: tables and helpers; no application role has rights here.';

--
-- Name: btree_gin; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA pgfirst_ext;

--
-- Name: EXTENSION btree_gin; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION btree_gin IS 'support for indexing common datatypes in GIN';

--
-- Name: pg_trgm; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA pgfirst_ext;

--
-- Name: EXTENSION pg_trgm; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';

--
-- Name: unaccent; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA pgfirst_ext;

--
-- Name: EXTENSION unaccent; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION unaccent IS 'text search dictionary that removes accents';

--
-- Name: arg_limits; Type: TYPE; Schema: pgfirst_private; Owner: -
--

CREATE TYPE pgfirst_private.arg_limits AS (
	interval_max interval,
	time_min timestamp with time zone,
	time_max timestamp with time zone,
	batch_max integer,
	claim_max integer,
	name_max_bytes integer,
	job_key_max_bytes integer,
	tenant_max_bytes integer,
	user_id_max_bytes integer,
	username_max_bytes integer,
	payload_max_bytes integer,
	error_max_chars integer,
	page_max integer,
	term_max_bytes integer
);

--
-- Name: TYPE arg_limits; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TYPE pgfirst_private.arg_limits IS 'The fixed upper bounds on pgfirst arguments (see pgfirst_private.arg_limits()).';

--
-- Name: cron_spec; Type: TYPE; Schema: pgfirst_private; Owner: -
--

CREATE TYPE pgfirst_private.cron_spec AS (
	minutes bigint,
	hours bigint,
	doms bigint,
	months bigint,
	dows bigint,
	dom_star boolean,
	dow_star boolean
);

--
-- Name: TYPE cron_spec; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TYPE pgfirst_private.cron_spec IS 'A parsed cron expression: one bitmask per field plus the Vixie "*" flags for the day rule.';

--
-- Name: audit_log(bigint, integer); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.audit_log(before_id bigint DEFAULT NULL::bigint, page_size integer DEFAULT 100) RETURNS TABLE(id bigint, at timestamp with time zone, session_role name, role name, action text, target text, detail jsonb)
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if audit_log.page_size is null or audit_log.page_size < 1 or audit_log.page_size > 1000 then
    raise exception 'page_size must be between 1 and 1000' using errcode = 'PF007',
      detail = pg_catalog.format('page_size was %s.', coalesce(audit_log.page_size::text, 'null'));
  end if;
  return query
    select a.id, a.at, a.session_role, a.role, a.action, a.target, a.detail
      from pgfirst_private.admin_audit a
     where audit_log.before_id is null or a.id < audit_log.before_id
     order by a.id desc
     limit audit_log.page_size;
end;
$$;

--
-- Name: FUNCTION audit_log(before_id bigint, page_size integer); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.audit_log(before_id bigint, page_size integer) IS 'Admin actions, newest first, at most page_size (1-1000, PF007); next page: before_id => the last id. Each row: when, login role (session_role), effective role, action, target, detail. Kept audit.keep (maintenance purges older rows).';

--
-- Name: cache_add(text, text, jsonb, interval, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cache_add(namespace text, key text, value jsonb, ttl interval DEFAULT NULL::interval, tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return pgfirst_private.cache_write(cache_add.namespace, cache_add.key, cache_add.value, cache_add.ttl,
                                     cache_add.tenant, cache_add.now, only_if_dead => true);
end;
$$;

--
-- Name: FUNCTION cache_add(namespace text, key text, value jsonb, ttl interval, tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cache_add(namespace text, key text, value jsonb, ttl interval, tenant text, now timestamp with time zone) IS 'Stores value only when the key is missing or expired (Redis SET NX); true when it stored. Exactly one of several concurrent callers on one key gets true. One statement.';

--
-- Name: cache_cleanup(integer, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cache_cleanup(max_rows integer DEFAULT 10000, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if max_rows is null or max_rows <= 0 or max_rows > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'cache_cleanup needs a max_rows between 1 and %', (pgfirst_private.arg_limits()).batch_max
      using errcode = 'PF111',
            detail = format('max_rows: %s', coalesce(max_rows::text, 'null'));
  end if;
  return pgfirst_private.cache_sweep(max_rows, pgfirst_private.arg_time(cache_cleanup.now, 'now'), null);
end;
$$;

--
-- Name: FUNCTION cache_cleanup(max_rows integer, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cache_cleanup(max_rows integer, now timestamp with time zone) IS 'Removes expired entries (past their stale_ttl, without an active lease) and evicts entries above namespace caps, at most max_rows per call, scanning at most one lap of the table in block chunks with SKIP LOCKED: safe to run from several processes at once. Returns rows removed.';

--
-- Name: cache_clear(text, text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cache_clear(namespace text DEFAULT NULL::text, tenant text DEFAULT NULL::text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_ok boolean;
  v_caller text;
  v_n bigint;
begin
  if cache_clear.namespace is null and cache_clear.tenant is null then
    raise exception 'cache_clear needs a namespace, a tenant or both'
      using errcode = 'PF109',
            hint = 'Clear namespace by namespace (see pgfirst.cache_stats()) to empty the whole cache.';
  end if;
  -- null means "every": only the values given are checked.
  v_ok := pgfirst_private.cache_check(coalesce(cache_clear.namespace, '*'), coalesce(cache_clear.tenant, ''), null);
  -- tenant => null purges the namespace of every tenant: pgfirst_admin only (DESIGN: admin
  -- purges across tenants). Inside SECURITY DEFINER current_user is the owner, so the caller
  -- is taken from the session: the role set with SET ROLE (the `role` setting, which only a
  -- member of that role can set), else the session user. A caller that reaches this through
  -- another SECURITY DEFINER function is judged by its session role, never by that owner.
  if cache_clear.tenant is null then
    v_caller := pg_catalog.current_setting('role');
    if v_caller = 'none' then
      v_caller := session_user;
    end if;
    if not pg_catalog.pg_has_role(v_caller, 'pgfirst_admin', 'USAGE') then
      raise exception 'cache_clear across tenants (tenant => null) needs pgfirst_admin'
        using errcode = 'PF112',
              detail = format('caller: %s, namespace: %s', v_caller, quote_literal(left(cache_clear.namespace, 40))),
              hint = 'Name the tenant (tenant => '''' when the application has no tenants), or run the purge as pgfirst_admin.';
    end if;
  end if;
  delete from pgfirst_private.cache_entry e
   where (cache_clear.tenant is null or e.tenant = cache_clear.tenant)
     and (cache_clear.namespace is null or e.namespace = cache_clear.namespace);
  get diagnostics v_n = row_count;
  return v_n;
end;
$$;

--
-- Name: FUNCTION cache_clear(namespace text, tenant text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cache_clear(namespace text, tenant text) IS 'Removes every entry of a tenant (all namespaces), of a namespace within a tenant, or (tenant => null, pgfirst_admin only, else PF112) of a namespace across all tenants; returns rows removed (live and expired). PF109 when neither is given. One DELETE.';

--
-- Name: cache_configure(text, interval, bigint, interval); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cache_configure(namespace text, default_ttl interval DEFAULT NULL::interval, max_entries bigint DEFAULT NULL::bigint, stale_ttl interval DEFAULT NULL::interval) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_ok boolean := pgfirst_private.cache_check(cache_configure.namespace, '', null);
begin
  if default_ttl <= interval '0' or stale_ttl <= interval '0'
     or default_ttl > (pgfirst_private.arg_limits()).interval_max or stale_ttl > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'cache policy intervals must be positive and at most % (or null for none)', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF103',
            detail = format('default_ttl: %s, stale_ttl: %s', default_ttl, stale_ttl);
  end if;
  if max_entries <= 0 then
    raise exception 'a cache max_entries must be positive (or null for no cap)'
      using errcode = 'PF111',
            detail = format('max_entries: %s', max_entries);
  end if;
  insert into pgfirst_private.cache_namespace as p (namespace, default_ttl, max_entries, stale_ttl, updated_at)
  values (cache_configure.namespace, cache_configure.default_ttl, cache_configure.max_entries,
          cache_configure.stale_ttl, pg_catalog.now())
  on conflict on constraint cache_namespace_pkey do update
     set default_ttl = excluded.default_ttl,
         max_entries = excluded.max_entries,
         stale_ttl = excluded.stale_ttl,
         updated_at = excluded.updated_at;
end;
$$;

--
-- Name: FUNCTION cache_configure(namespace text, default_ttl interval, max_entries bigint, stale_ttl interval); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cache_configure(namespace text, default_ttl interval, max_entries bigint, stale_ttl interval) IS 'Sets the whole policy of a namespace (null = none): default_ttl for writes without ttl, max_entries per (tenant, namespace) enforced by cache_cleanup (expired, then least recently written first), stale_ttl during which an expired value is still served by cache_lease. Applies to later writes and cleanups.';

--
-- Name: cache_delete(text, text, text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cache_delete(namespace text, key text, tenant text DEFAULT ''::text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_ok boolean := pgfirst_private.cache_check(cache_delete.namespace, cache_delete.tenant, array[cache_delete.key]);
  v_live boolean;
begin
  delete from pgfirst_private.cache_entry e
   where e.tenant = cache_delete.tenant
     and e.namespace = cache_delete.namespace
     and e.key = cache_delete.key
  returning e.expires_at is null or e.expires_at > pg_catalog.now() into v_live;
  return coalesce(v_live, false);
end;
$$;

--
-- Name: FUNCTION cache_delete(namespace text, key text, tenant text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cache_delete(namespace text, key text, tenant text) IS 'Removes the key (Redis DEL); true when a live value was removed, false when it was missing or already expired (an expired row is removed too).';

--
-- Name: cache_delete_many(text, text[], text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cache_delete_many(namespace text, keys text[], tenant text DEFAULT ''::text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_ok boolean := pgfirst_private.cache_check(cache_delete_many.namespace, cache_delete_many.tenant,
                                                   coalesce(cache_delete_many.keys, array[null::text])); -- a null list is an invalid key
  v_live integer;
begin
  with gone as (
    delete from pgfirst_private.cache_entry e
     where e.tenant = cache_delete_many.tenant
       and e.namespace = cache_delete_many.namespace
       and e.key = any (cache_delete_many.keys)
    returning e.expires_at is null or e.expires_at > pg_catalog.now() as live
  )
  select count(*) filter (where gone.live) into v_live from gone;
  return v_live;
end;
$$;

--
-- Name: FUNCTION cache_delete_many(namespace text, keys text[], tenant text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cache_delete_many(namespace text, keys text[], tenant text) IS 'Removes every listed key in one DELETE (Redis DEL k1 k2 …); returns how many live values were removed (expired rows are removed too but not counted).';

--
-- Name: cache_get(text, text, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cache_get(namespace text, key text, tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_value jsonb;
  v_rate double precision;
  v_ok boolean;
begin
  -- Hot path: the address rules are tested inline (a nested function call costs more than
  -- the lookup); cache_check only runs to raise the right PF error.
  if not (pgfirst_private.cache_address_ok(cache_get.namespace, cache_get.tenant, cache_get.key)
          and pgfirst_private.arg_time_ok(cache_get.now)) then
    v_ok := pgfirst_private.cache_check(cache_get.namespace, cache_get.tenant, array[cache_get.key]);
    perform pgfirst_private.arg_time(cache_get.now, 'now');
  end if;
  -- One index probe. The stats sample rate is a constant folded into this cached plan
  -- (hot_cache_stats_sample_rate, regenerated when the setting changes): reading it from
  -- pgfirst_private.setting cost a fifth of this function's server time.
  select e.value
    into v_value
    from pgfirst_private.cache_entry e
   where e.tenant = cache_get.tenant
     and e.namespace = cache_get.namespace
     and e.key = cache_get.key
     and (e.expires_at is null or e.expires_at > coalesce(cache_get.now, pg_catalog.now()));
  v_rate := pgfirst_private.hot_cache_stats_sample_rate();
  if pg_catalog.random() < v_rate then
    v_ok := pgfirst_private.cache_stat_sample(cache_get.namespace, cache_get.tenant,
                                              (v_value is not null)::int, (v_value is null)::int, v_rate);
  end if;
  return v_value;
end;
$$;

--
-- Name: FUNCTION cache_get(namespace text, key text, tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cache_get(namespace text, key text, tenant text, now timestamp with time zone) IS 'The live value of (tenant, namespace, key), or null when missing or expired (Redis GET). Never deletes; one primary-key lookup; a sampled fraction of calls records the hit/miss.';

--
-- Name: cache_get_many(text, text[], text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cache_get_many(namespace text, keys text[], tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(key text, value jsonb)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_ok boolean;
  v_found bigint;
  v_bad_keys bigint;
  v_rate double precision;
begin
  -- One statement for the rules (address test inlined); cache_check raises the precise PF error only when a rule is broken (a null list
  -- counts as an invalid key).
  select count(*) filter (where not pgfirst_private.cache_address_ok(cache_get_many.namespace, cache_get_many.tenant, k.k))
    into v_bad_keys
    from unnest(coalesce(cache_get_many.keys, array[null::text])) k(k);
  v_rate := pgfirst_private.hot_cache_stats_sample_rate();  -- a constant in the cached plan (hot_settings.sql)
  if v_bad_keys > 0 or not pgfirst_private.cache_address_ok(cache_get_many.namespace, cache_get_many.tenant, 'k')
     or pg_catalog.cardinality(cache_get_many.keys) > (pgfirst_private.arg_limits()).batch_max
     or not pgfirst_private.arg_time_ok(cache_get_many.now) then
    v_ok := pgfirst_private.cache_check(cache_get_many.namespace, cache_get_many.tenant,
                                        coalesce(cache_get_many.keys, array[null::text]));
    perform pgfirst_private.arg_time(cache_get_many.now, 'now');
  end if;
  return query
    select e.key, e.value
      from pgfirst_private.cache_entry e
     where e.tenant = cache_get_many.tenant
       and e.namespace = cache_get_many.namespace
       and e.key = any (cache_get_many.keys)
       and (e.expires_at is null or e.expires_at > coalesce(cache_get_many.now, pg_catalog.now()));
  get diagnostics v_found = row_count;
  if pg_catalog.random() < v_rate then
    v_ok := pgfirst_private.cache_stat_sample(cache_get_many.namespace, cache_get_many.tenant, v_found,
              cardinality(cache_get_many.keys) - v_found, v_rate);
  end if;
end;
$$;

--
-- Name: FUNCTION cache_get_many(namespace text, keys text[], tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cache_get_many(namespace text, keys text[], tenant text, now timestamp with time zone) IS 'The live entries among keys, one row per key found (missing and expired keys are left out; Redis MGET). One index scan with the key array; never deletes.';

--
-- Name: cache_incr(text, text, bigint, interval, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cache_incr(namespace text, key text, delta bigint DEFAULT 1, ttl interval DEFAULT NULL::interval, tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(cache_incr.now) then coalesce(cache_incr.now, pg_catalog.now())
                          else pgfirst_private.arg_time(cache_incr.now, 'now') end;
  v_ok boolean := pgfirst_private.cache_check(cache_incr.namespace, cache_incr.tenant, array[cache_incr.key]);
  v_value jsonb;
begin
  if cache_incr.delta is null then
    raise exception 'cache_incr needs a delta'
      using errcode = 'PF106', hint = 'Omit delta for +1.';
  end if;
  -- A missing or dead key starts at 0 with a fresh expiry; a live key keeps its expiry
  -- (Redis INCRBY does not touch the TTL). The row lock makes concurrent increments exact.
  insert into pgfirst_private.cache_entry as e (tenant, namespace, key, value, expires_at, lease_until, updated_at)
  values (cache_incr.tenant, cache_incr.namespace, cache_incr.key, to_jsonb(cache_incr.delta),
          pgfirst_private.cache_expiry(cache_incr.namespace, cache_incr.ttl, v_now), null, v_now)
  on conflict on constraint cache_entry_pkey do update
     set value = case when e.expires_at is null or e.expires_at > v_now
                      then pgfirst_private.cache_incr_value(e.value, cache_incr.delta)
                      else excluded.value end,
         expires_at = case when e.expires_at is null or e.expires_at > v_now
                           then e.expires_at else excluded.expires_at end,
         lease_until = null,
         updated_at = excluded.updated_at
  returning e.value into v_value;
  return (v_value #>> '{}')::bigint;
end;
$$;

--
-- Name: FUNCTION cache_incr(namespace text, key text, delta bigint, ttl interval, tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cache_incr(namespace text, key text, delta bigint, ttl interval, tenant text, now timestamp with time zone) IS 'Adds delta to an integer value atomically and returns the result (Redis INCRBY); a missing or expired key starts at 0 with expiry ttl (null = namespace default), a live key keeps its expiry. PF106 when the value is not an integer. One statement.';

--
-- Name: cache_lease(text, text, interval, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cache_lease(namespace text, key text, lease interval DEFAULT '00:00:30'::interval, tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(value jsonb, hit boolean, leased boolean, stale boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(cache_lease.now) then coalesce(cache_lease.now, pg_catalog.now())
                          else pgfirst_private.arg_time(cache_lease.now, 'now') end;
  v_ok boolean;
  v_rate double precision;
  v_value jsonb;
  v_expires timestamptz;
  v_stale_ttl interval;
  v_leased boolean := false;
  v_live boolean;
begin
  if cache_lease.lease is null or cache_lease.lease <= interval '0' or cache_lease.lease > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'a cache lease must be a positive interval of at most %', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF103',
            detail = format('lease: %s', coalesce(cache_lease.lease::text, 'null')),
            hint = 'Use about the time the value takes to compute, e.g. ''30 seconds''.';
  end if;
  -- The address rules inline, as in cache_get (getOrSet calls this on every read).
  if not pgfirst_private.cache_address_ok(cache_lease.namespace, cache_lease.tenant, cache_lease.key) then
    v_ok := pgfirst_private.cache_check(cache_lease.namespace, cache_lease.tenant, array[cache_lease.key]);
  end if;
  -- Hit: one lookup, no write.
  select e.value, (coalesce(s.value, s.default_value) #>> '{}')::double precision
    into v_value, v_rate
    from pgfirst_private.setting s
    left join pgfirst_private.cache_entry e
      on e.tenant = cache_lease.tenant and e.namespace = cache_lease.namespace and e.key = cache_lease.key
     and (e.expires_at is null or e.expires_at > v_now)
   where s.name = 'cache.stats_sample_rate';
  if v_value is not null then
    if pg_catalog.random() < v_rate then
      v_ok := pgfirst_private.cache_stat_sample(cache_lease.namespace, cache_lease.tenant, 1, 0, v_rate);
    end if;
    return query select v_value, true, false, false;
    return;
  end if;
  -- Miss: claim the lease with one upsert. A missing key gets a placeholder row (no value,
  -- expires_at = -infinity); a dead row gets lease_until only when no lease is active.
  -- The row lock serializes concurrent callers, and each re-checks the row as the previous
  -- one left it, so exactly one of them gets a row back.
  insert into pgfirst_private.cache_entry as e (tenant, namespace, key, value, expires_at, lease_until, updated_at)
  values (cache_lease.tenant, cache_lease.namespace, cache_lease.key, null, '-infinity', v_now + cache_lease.lease, v_now)
  on conflict on constraint cache_entry_pkey do update
     set lease_until = excluded.lease_until
   where e.expires_at <= v_now
     and (e.lease_until is null or e.lease_until <= v_now)
  returning true into v_leased;
  v_leased := coalesce(v_leased, false);
  -- Fresh snapshot: the current row, which a concurrent writer may just have made live.
  select e.value, e.expires_at, p.stale_ttl into v_value, v_expires, v_stale_ttl
    from pgfirst_private.cache_entry e
    left join pgfirst_private.cache_namespace p on p.namespace = e.namespace
   where e.tenant = cache_lease.tenant and e.namespace = cache_lease.namespace and e.key = cache_lease.key;
  v_live := v_value is not null and (v_expires is null or v_expires > v_now);
  if pg_catalog.random() < v_rate then
    v_ok := pgfirst_private.cache_stat_sample(cache_lease.namespace, cache_lease.tenant,
                                              v_live::int, (not v_live)::int, v_rate);
  end if;
  if v_live then
    return query select v_value, true, false, false;
    return;
  end if;
  if v_value is not null and v_expires + v_stale_ttl > v_now then
    return query select v_value, false, v_leased, true;
  else
    return query select null::jsonb, false, v_leased, false;
  end if;
end;
$$;

--
-- Name: FUNCTION cache_lease(namespace text, key text, lease interval, tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cache_lease(namespace text, key text, lease interval, tenant text, now timestamp with time zone) IS 'Stampede-safe read. Hit: (value, hit, not leased). Miss: exactly one concurrent caller gets leased = true until now + lease and should compute and cache_set the value; the others get leased = false. Within the namespace''s stale_ttl after expiry every caller also gets the old value with stale = true.';

--
-- Name: cache_set(text, text, jsonb, interval, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cache_set(namespace text, key text, value jsonb, ttl interval DEFAULT NULL::interval, tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_stored boolean;
begin
  -- An assignment, not PERFORM: a simple expression skips the SPI query machinery.
  v_stored := pgfirst_private.cache_write(cache_set.namespace, cache_set.key, cache_set.value, cache_set.ttl,
                                          cache_set.tenant, cache_set.now, only_if_dead => false);
end;
$$;

--
-- Name: FUNCTION cache_set(namespace text, key text, value jsonb, ttl interval, tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cache_set(namespace text, key text, value jsonb, ttl interval, tenant text, now timestamp with time zone) IS 'Stores value under (tenant, namespace, key), replacing any previous value (Redis SET [EX]); ttl null = the namespace default_ttl, else no expiry. Ends a pending cache_lease on the key. One statement.';

--
-- Name: cache_set_many(text, jsonb, interval, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cache_set_many(namespace text, entries jsonb, ttl interval DEFAULT NULL::interval, tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(cache_set_many.now) then coalesce(cache_set_many.now, pg_catalog.now())
                          else pgfirst_private.arg_time(cache_set_many.now, 'now') end;
  v_ok boolean;
  v_bad_keys bigint;
  v_biggest integer;
  v_max bigint;
  v_default_ttl interval;
  v_n integer;
begin
  if entries is null or jsonb_typeof(entries) <> 'object' then
    raise exception 'cache_set_many needs entries to be a JSON object {"key": value, …}'
      using errcode = 'PF105',
            detail = format('entries is %s', coalesce(jsonb_typeof(entries), 'null')),
            hint = 'Build the object with jsonb_build_object or jsonb_object_agg.';
  end if;
  -- One pass over the entries for every rule (the address test is inlined), together with
  -- the value limit and the namespace's default TTL; the helpers that raise the precise
  -- PF error only run when a rule is broken.
  select count(*) filter (where not pgfirst_private.cache_address_ok(cache_set_many.namespace, cache_set_many.tenant, j.key)),
         count(*),
         max(pg_column_size(j.value)),
         (select (coalesce(s.value, s.default_value) #>> '{}')::bigint
            from pgfirst_private.setting s where s.name = 'cache.max_value_bytes'),
         (select p.default_ttl from pgfirst_private.cache_namespace p where p.namespace = cache_set_many.namespace)
    into v_bad_keys, v_n, v_biggest, v_max, v_default_ttl
    from jsonb_each(entries) j;
  if v_bad_keys > 0 or not pgfirst_private.cache_address_ok(cache_set_many.namespace, cache_set_many.tenant, 'k')
     or v_n > (pgfirst_private.arg_limits()).batch_max then
    v_ok := pgfirst_private.cache_check(cache_set_many.namespace, cache_set_many.tenant,
                                        array(select jsonb_object_keys(entries)));
  end if;
  if cache_set_many.ttl <= interval '0' or cache_set_many.ttl > (pgfirst_private.arg_limits()).interval_max then -- cache_expiry raises PF103
    v_ok := pgfirst_private.cache_expiry(cache_set_many.namespace, cache_set_many.ttl, v_now) is null;
  end if;
  if v_biggest > v_max then -- cache_check_value raises PF104 for the largest value
    v_ok := pgfirst_private.cache_check_value(
              (select j.value from jsonb_each(entries) j order by pg_column_size(j.value) desc limit 1));
  end if;
  -- jsonb_each yields keys in jsonb's fixed order, so concurrent batches lock rows in one
  -- order and cannot deadlock each other.
  insert into pgfirst_private.cache_entry as e (tenant, namespace, key, value, expires_at, lease_until, updated_at)
  select cache_set_many.tenant, cache_set_many.namespace, j.key, j.value,
         v_now + coalesce(cache_set_many.ttl, v_default_ttl), null, v_now
    from jsonb_each(entries) j
  on conflict on constraint cache_entry_pkey do update
     set value = excluded.value,
         expires_at = excluded.expires_at,
         lease_until = null,
         updated_at = excluded.updated_at;
  get diagnostics v_n = row_count;
  return v_n;
end;
$$;

--
-- Name: FUNCTION cache_set_many(namespace text, entries jsonb, ttl interval, tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cache_set_many(namespace text, entries jsonb, ttl interval, tenant text, now timestamp with time zone) IS 'Stores every key of the JSON object entries with its value and one expiry (Redis MSET / pipelined SET EX) in one INSERT … ON CONFLICT; returns the number of keys written.';

--
-- Name: cache_stats(); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cache_stats() RETURNS TABLE(namespace text, tenant text, entries bigint, expired bigint, bytes bigint, hits bigint, misses bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with e as (
    select x.namespace, x.tenant,
           count(*) filter (where x.expires_at is null or x.expires_at > pg_catalog.now()) as entries,
           count(*) filter (where x.expires_at <= pg_catalog.now()) as expired,
           coalesce(sum(pg_column_size(x.value)), 0)::bigint as bytes
      from pgfirst_private.cache_entry x
     group by x.namespace, x.tenant
  ), s as (
    select y.namespace, y.tenant, sum(y.hits)::bigint as hits, sum(y.misses)::bigint as misses
      from pgfirst_private.cache_stat y
     group by y.namespace, y.tenant
  )
  select coalesce(e.namespace, s.namespace), coalesce(e.tenant, s.tenant),
         coalesce(e.entries, 0), coalesce(e.expired, 0), coalesce(e.bytes, 0),
         coalesce(s.hits, 0), coalesce(s.misses, 0)
    from e
    full join s on s.namespace = e.namespace and s.tenant = e.tenant
   order by 1, 2
$$;

--
-- Name: FUNCTION cache_stats(); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cache_stats() IS 'Per (namespace, tenant): live entries, expired rows not yet cleaned up, stored value bytes (counted by a full scan), and hit/miss estimates from sampled reads (cache.stats_sample_rate; exact at 1).';

--
-- Name: cache_touch(text, text, interval, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cache_touch(namespace text, key text, ttl interval, tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(cache_touch.now) then coalesce(cache_touch.now, pg_catalog.now())
                          else pgfirst_private.arg_time(cache_touch.now, 'now') end;
  v_ok boolean := pgfirst_private.cache_check(cache_touch.namespace, cache_touch.tenant, array[cache_touch.key]);
  v_expires timestamptz := pgfirst_private.cache_expiry(cache_touch.namespace, cache_touch.ttl, v_now);
begin
  update pgfirst_private.cache_entry e
     set expires_at = v_expires
   where e.tenant = cache_touch.tenant
     and e.namespace = cache_touch.namespace
     and e.key = cache_touch.key
     and (e.expires_at is null or e.expires_at > v_now);
  return found;
end;
$$;

--
-- Name: FUNCTION cache_touch(namespace text, key text, ttl interval, tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cache_touch(namespace text, key text, ttl interval, tenant text, now timestamp with time zone) IS 'Gives a live key a new expiry now + ttl (Redis EXPIRE; ttl null = the namespace default, else no expiry, like PERSIST); false when the key is missing or expired. HOT update of one row.';

--
-- Name: cleanup_select2_cache(); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cleanup_select2_cache() RETURNS bigint
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select pgfirst_private.cache_sweep(null, pg_catalog.now(), 'select2')
$$;

--
-- Name: FUNCTION cleanup_select2_cache(); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cleanup_select2_cache() IS 'Compatibility entry point for the old Select2 cache: removes every expired entry of namespace select2 (one lap of the table, no row limit) and enforces its cap; returns rows removed.';

--
-- Name: cron_next(text, timestamp with time zone, text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.cron_next(cron text, after timestamp with time zone, timezone text DEFAULT 'UTC'::text) RETURNS timestamp with time zone
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_spec pgfirst_private.cron_spec := pgfirst_private.cron_parse(cron);
begin
  perform pgfirst_private.timezone_check(cron_next.timezone);
  if after is null then
    return null;
  end if;
  perform pgfirst_private.arg_time(after, 'after');
  return pgfirst_private.cron_next_spec(v_spec, after, cron_next.timezone);
end;
$$;

--
-- Name: FUNCTION cron_next(cron text, after timestamp with time zone, timezone text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.cron_next(cron text, after timestamp with time zone, timezone text) IS 'The first instant strictly after "after" at which the cron expression fires, evaluated in the wall-clock time of "timezone" (DST: a time shown twice fires once, at its first occurrence; a time skipped by a spring-forward jump fires shifted forward by the jump). Null when after is null or nothing fires within 30 years. PF501 malformed, PF502 @reboot, PF503 unknown zone.';

--
-- Name: dashboard_overview(); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.dashboard_overview() RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  -- the caller, not the owner this function runs as: SET ROLE value, else the login role
  v_caller name := coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)::name;
  v_now timestamptz := pg_catalog.now();
begin
  return pg_catalog.jsonb_build_object(
    'server_time', v_now,
    'capabilities', pg_catalog.jsonb_build_object(
      'admin', pg_catalog.pg_has_role(v_caller, 'pgfirst_admin', 'member'),
      'worker', pg_catalog.pg_has_role(v_caller, 'pgfirst_worker', 'member')),
    'queues', (
      select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'queue', s.queue, 'pending', s.pending, 'scheduled', s.scheduled, 'running', s.running,
               'dead', s.dead,
               'oldest_pending_age_s', pg_catalog.date_part('epoch', s.oldest_pending_age),
               'paused', coalesce(q.paused, false), 'concurrency', q.concurrency,
               'keep_finished', q.keep_finished) order by s.queue), '[]'::jsonb)
        from pgfirst.queue_stats() s
        left join pgfirst_private.job_queue q on q.queue = s.queue),
    'cache', (
      select pg_catalog.jsonb_build_object(
               'entries', coalesce(pg_catalog.sum(c.entries), 0), 'expired', coalesce(pg_catalog.sum(c.expired), 0),
               'bytes', coalesce(pg_catalog.sum(c.bytes), 0), 'hits', coalesce(pg_catalog.sum(c.hits), 0),
               'misses', coalesce(pg_catalog.sum(c.misses), 0),
               'namespaces', coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(c) order by c.namespace, c.tenant), '[]'::jsonb))
        from pgfirst.cache_stats() c),
    'sessions', (
      select pg_catalog.jsonb_build_object(
               'live', coalesce(pg_catalog.sum(s.live), 0), 'expired', coalesce(pg_catalog.sum(s.expired), 0),
               'destroyed', coalesce(pg_catalog.sum(s.destroyed), 0))
        from pgfirst.session_count() s),
    'lockouts', (
      select pg_catalog.jsonb_build_object('active', count(*))
        from pgfirst_private.login_throttle t
       where t.locked_until > v_now),
    'dropdowns', (
      select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'name', d.name, 'rows', d.rows, 'last_refresh_at', d.last_refresh_at,
               'last_duration_ms', pg_catalog.date_part('epoch', d.last_duration) * 1000,
               'stale_since', d.stale_since, 'pending_changes', d.pending_changes,
               'staleness_breached', d.staleness_breached,
               'max_staleness_s', pg_catalog.date_part('epoch', d.max_staleness)) order by d.name), '[]'::jsonb)
        from pgfirst.dropdown_status d),
    'schedules', (
      select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'name', s.name, 'task', s.task, 'spec', s.spec, 'timezone', s.timezone, 'queue', s.queue,
               'enabled', s.enabled, 'next_run', s.next_run, 'last_run', s.last_run,
               'last_job_id', s.last_job_id::text) order by s.name), '[]'::jsonb)
        from pgfirst.schedules s));
end;
$$;

--
-- Name: FUNCTION dashboard_overview(); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.dashboard_overview() IS 'The dashboard header in one jsonb: server_time, capabilities {admin, worker} of the caller, queues (queue_stats + paused, concurrency, keep_finished), cache totals and namespaces, session totals, active lockout count, dropdown freshness, schedules. One aggregate pass over the live jobs, cache entries and sessions.';

--
-- Name: dropdown_define(text, text, regclass[], interval, interval, text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.dropdown_define(name text, query text, sources regclass[], debounce interval DEFAULT '00:00:01'::interval, max_staleness interval DEFAULT '00:00:30'::interval, view_schema text DEFAULT 'pgfirst_mv'::text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET standard_conforming_strings TO 'on'
    AS $_$
#variable_conflict use_column
declare
  v_query text;
  v_columns text[];
  v_missing text[];
  v_view text := 'mv_' || name || '_dropdown';
  v_id integer;
  v_source regclass;
  v_kind "char";
begin
  if name is null or name !~ '^[a-z][a-z0-9_]{0,29}$' then
    raise exception 'a dropdown name is 1 to 30 characters of a-z, 0-9 and _, starting with a letter'
      using errcode = 'PF602', detail = pg_catalog.format('name = %L', name),
            hint = 'The view is named <view_schema>.mv_<name>_dropdown.';
  end if;
  if sources is null or pg_catalog.cardinality(sources) = 0 or pg_catalog.array_position(sources, null) is not null then
    raise exception 'a dropdown needs at least one source table' using errcode = 'PF607',
      detail = pg_catalog.format('sources = %L', sources),
      hint = 'List the tables whose changes must refresh the view, e.g. array[''demo.person'']::regclass[].';
  end if;
  foreach v_source in array sources loop
    select c.relkind into v_kind from pg_catalog.pg_class c where c.oid = v_source;
    if v_kind not in ('r', 'p') then
      raise exception 'dropdown sources must be tables' using errcode = 'PF607',
        detail = pg_catalog.format('%s is not a table (relkind %s)', v_source, v_kind),
        hint = 'Name the base tables behind a view; triggers cannot watch views or materialized views.';
    end if;
  end loop;
  if debounce is null or debounce < interval '0' or max_staleness is null or max_staleness <= debounce then
    raise exception 'debounce must be zero or more and max_staleness longer than debounce' using errcode = 'PF609',
      detail = pg_catalog.format('debounce = %s, max_staleness = %s', debounce, max_staleness);
  end if;
  if view_schema is null or not exists (select from pg_catalog.pg_namespace n where n.nspname = view_schema) then
    raise exception 'the view schema does not exist' using errcode = 'PF611',
      detail = pg_catalog.format('view_schema = %L', view_schema);
  end if;
  -- dropdown_search reads the view with the rights of the pgfirst owner: whoever could drop
  -- it and put a view of their own under its name would run code with those rights. So the
  -- schema must belong to the pgfirst owner and nobody else may create in it.
  if view_schema <> 'pgfirst_mv' and not exists (
       select from pg_catalog.pg_namespace n
        where n.nspname = dropdown_define.view_schema
          and n.nspowner = (select r.oid from pg_catalog.pg_roles r where r.rolname = current_user)
          and not exists (select from pg_catalog.aclexplode(n.nspacl) a
                           where a.privilege_type = 'CREATE' and a.grantee <> n.nspowner)) then
    raise exception 'a dropdown view schema must be owned by the pgfirst owner with CREATE granted to nobody else'
      using errcode = 'PF611',
      detail = pg_catalog.format('view_schema = %L', view_schema),
      hint = 'Use the default, pgfirst_mv.';
  end if;
  if query is null or pg_catalog.btrim(query, E' \t\r\n\f;') = '' then
    raise exception 'a dropdown query is required' using errcode = 'PF603',
      hint = 'A SELECT yielding tenant, id and text (optionally sort_key, search, group_label).';
  end if;
  -- exactly one SELECT, before any of the text reaches the parser (PF614)
  v_query := pgfirst_private.dropdown_query_check(query);

  -- Which columns does the query yield? A temporary view answers by parse analysis alone:
  -- CREATE VIEW neither plans nor runs the query (EXPLAIN or a cursor would plan it, and
  -- planning evaluates immutable functions on constants with the rights of the caller).
  if pg_catalog.to_regclass('pg_temp.pgfirst_dropdown_probe') is not null then
    drop view pg_temp.pgfirst_dropdown_probe;
  end if;
  begin
    execute pg_catalog.format(E'create temporary view pgfirst_dropdown_probe as %s\n', v_query);
  exception when feature_not_supported or syntax_error or invalid_object_definition then
    -- data-modifying WITH, SELECT INTO, or not parsable as a query
    raise exception 'a dropdown query must be exactly one SELECT (or WITH … SELECT) statement' using errcode = 'PF614',
      detail = pg_catalog.format('%s (%s); nothing was run.', sqlerrm, sqlstate),
      hint = 'Data-modifying WITH, SELECT INTO and utility statements are refused.';
  end;
  select pg_catalog.array_agg(a.attname::text order by a.attnum) into v_columns
    from pg_catalog.pg_attribute a
   where a.attrelid = 'pg_temp.pgfirst_dropdown_probe'::regclass and a.attnum > 0 and not a.attisdropped;
  select pg_catalog.array_agg(r) into v_missing
    from pg_catalog.unnest(array['tenant', 'id', 'text']) r
   where r <> all (v_columns);
  if v_missing is not null then
    raise exception 'a dropdown query must yield the columns tenant, id and text' using errcode = 'PF603',
      detail = pg_catalog.format('missing: %s; the query yields: %s', pg_catalog.array_to_string(v_missing, ', '),
                                 pg_catalog.array_to_string(v_columns, ', ')),
      hint = 'Alias them, e.g. select ''''::text as tenant, p.id::text as id, p.name as text from ...';
  end if;
  -- The refresh runs the query as pgfirst_dropdown: name every grant it lacks (PF615).
  perform pgfirst_private.dropdown_grants_check('pg_temp.pgfirst_dropdown_probe'::regclass);
  drop view pg_temp.pgfirst_dropdown_probe;

  -- Replace: remove the previous definition (view, triggers, generated function) first.
  if exists (select from pgfirst_private.dropdown d where d.name = dropdown_define.name) then
    perform pgfirst.dropdown_drop(name);
  end if;
  if pg_catalog.to_regclass(pg_catalog.format('%I.%I', view_schema, v_view)) is not null then
    raise exception 'a relation with the dropdown''s view name already exists' using errcode = 'PF611',
      detail = pg_catalog.format('%I.%I is not a pgfirst dropdown view', view_schema, v_view),
      hint = 'Choose another dropdown name or view_schema, or drop that relation.';
  end if;

  insert into pgfirst_private.dropdown (name, query, sources, debounce, max_staleness, view_schema, view_name, function_name, grouped)
  values (name, v_query, sources, debounce, max_staleness, view_schema, v_view, '', 'group_label' = any (v_columns))
  returning id into v_id;
  update pgfirst_private.dropdown d set function_name = 'dropdown_rows_' || v_id where d.id = v_id;
  -- the refresh gate's lanes (see dropdown_source_changed): only ever row-locked
  insert into pgfirst_private.dropdown_gate (dropdown_id, parity, lane)
  select v_id, p, l from pg_catalog.generate_series(0, 1) p, pg_catalog.generate_series(0, 63) l;

  -- the view (WITH NO DATA), its indexes, owned by pgfirst_dropdown
  perform pgfirst_private.dropdown_view_create(v_id);

  for v_source in select distinct s from pg_catalog.unnest(sources) s loop
    execute pg_catalog.format(
      'create trigger %I after insert or update or delete or truncate on %s for each statement execute function pgfirst_private.dropdown_source_changed(%L)',
      'pgfirst_dropdown_' || name, v_source, v_id);
  end loop;

  perform pgfirst_private.dropdown_generate(v_id);
  perform pgfirst_private.dropdown_dispatch_rebuild();
  perform pgfirst.dropdown_refresh(name);
end;
$_$;

--
-- Name: FUNCTION dropdown_define(name text, query text, sources regclass[], debounce interval, max_staleness interval, view_schema text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.dropdown_define(name text, query text, sources regclass[], debounce interval, max_staleness interval, view_schema text) IS 'Creates or replaces dropdown <name>: materialized view <view_schema>.mv_<name>_dropdown from query (tenant, id, text; optional sort_key, search, group_label) with its unique, first-page and word-search (trigram) indexes, statement-level change triggers on sources, and a first (plain) refresh. The query must be exactly one SELECT (PF614); the view is owned by pgfirst_dropdown, so the query runs only with that role''s grants (PF615 names any it lacks). Takes strong locks on the sources while adding triggers.';

--
-- Name: dropdown_drop(text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.dropdown_drop(name text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_d pgfirst_private.dropdown;
  v_source regclass;
begin
  select * into v_d from pgfirst_private.dropdown d where d.name = dropdown_drop.name for update;
  if not found then
    return false;
  end if;
  for v_source in select distinct s from pg_catalog.unnest(v_d.sources) s loop
    -- a source dropped since (regclass of a dropped table no longer resolves) has no trigger
    if exists (select from pg_catalog.pg_class c where c.oid = v_source) then
      execute pg_catalog.format('drop trigger if exists %I on %s', 'pgfirst_dropdown_' || v_d.name, v_source);
    end if;
  end loop;
  execute pg_catalog.format('drop materialized view if exists %I.%I', v_d.view_schema, v_d.view_name);
  delete from pgfirst_private.dropdown d where d.id = v_d.id;
  delete from pgfirst_private.dropdown_change c where c.dropdown_id = v_d.id;
  perform pgfirst_private.dropdown_dispatch_rebuild();
  if v_d.function_name <> '' then
    execute pg_catalog.format('drop function if exists pgfirst_private.%I(text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[])',
      v_d.function_name);
  end if;
  -- refresh jobs still queued for it find no dropdown and finish without work
  return true;
end;
$$;

--
-- Name: FUNCTION dropdown_drop(name text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.dropdown_drop(name text) IS 'Removes dropdown <name>: its change triggers, materialized view, generated search function and registry row. Returns false when no such dropdown exists.';

--
-- Name: dropdown_lookup(text, text, text[]); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.dropdown_lookup(name text, tenant text, ids text[]) RETURNS TABLE(id text, text text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_id integer;
begin
  if tenant is null then
    raise exception 'tenant is required (use '''' when the dropdown has no tenants)' using errcode = 'PF608';
  end if;
  if pg_catalog.cardinality(ids) > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'dropdown_lookup takes at most % ids', (pgfirst_private.arg_limits()).batch_max using errcode = 'PF613',
      detail = pg_catalog.format('%s ids', pg_catalog.cardinality(ids));
  end if;
  select d.id into v_id from pgfirst_private.dropdown d where d.name = dropdown_lookup.name;
  if not found then
    raise exception 'dropdown "%" is not defined', name using errcode = 'PF601',
      hint = 'Define it with pgfirst.dropdown_define; the defined ones are listed in pgfirst.dropdown_status.';
  end if;
  if ids is null or pg_catalog.cardinality(ids) = 0 then
    return;
  end if;
  -- in the order asked for; unknown ids (or other tenants' ids) are simply absent
  return query
    select x.r_id, x.r_text
      from pgfirst_private.dropdown_dispatch(v_id, dropdown_lookup.tenant, null, 3, null, null, null, null, ids, null, null, null, null) x
      join lateral (select pg_catalog.min(o.n) as n
                      from pg_catalog.unnest(ids) with ordinality as o(v, n) where o.v = x.r_id) o on true
     order by o.n;
end;
$$;

--
-- Name: FUNCTION dropdown_lookup(name text, tenant text, ids text[]); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.dropdown_lookup(name text, tenant text, ids text[]) IS 'Labels of preselected values: (id, text) for the given ids of one tenant, in the order given; ids that do not exist for that tenant are absent.';

--
-- Name: dropdown_refresh(text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.dropdown_refresh(name text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_d pgfirst_private.dropdown;
  v_generation bigint;
  v_populated boolean;
  v_started timestamptz;
  v_writes bigint;
  v_rows bigint;
begin
  select * into v_d from pgfirst_private.dropdown d where d.name = dropdown_refresh.name;
  if not found then
    raise exception 'dropdown "%" is not defined', name using errcode = 'PF601',
      hint = 'Define it with pgfirst.dropdown_define; the defined ones are listed in pgfirst.dropdown_status.';
  end if;
  -- single flight: one refresh of a dropdown at a time (a second caller waits, then refreshes
  -- again, which is what it asked for: a view at least as new as its call)
  -- (the registry row, locked until commit: unreachable to roles without pgfirst grants)
  perform from pgfirst_private.dropdown d where d.id = v_d.id for no key update;
  if not found then
    return; -- dropped meanwhile
  end if;
  select d.generation into v_generation from pgfirst_private.dropdown d where d.id = v_d.id;
  -- wait for the writers that aimed their change at this generation (each holds a lane of
  -- its parity until it commits): the snapshot taken below then contains their changes.
  -- Lanes are taken in order; each one held is closed to new writers, so this ends.
  perform from pgfirst_private.dropdown_gate g
   where g.dropdown_id = v_d.id and g.parity = (v_generation % 2)::smallint
   order by g.lane
     for update;

  v_started := pg_catalog.clock_timestamp();
  v_writes := pgfirst_private.dropdown_source_writes(v_d.sources);
  select c.relispopulated into v_populated from pg_catalog.pg_class c
   where c.oid = pg_catalog.format('%I.%I', v_d.view_schema, v_d.view_name)::regclass;
  if v_populated then
    -- readers keep reading the previous contents meanwhile (ExclusiveLock allows SELECT)
    execute pg_catalog.format('refresh materialized view concurrently %I.%I', v_d.view_schema, v_d.view_name);
  else
    execute pg_catalog.format('refresh materialized view %I.%I', v_d.view_schema, v_d.view_name);
  end if;
  execute pg_catalog.format('select pg_catalog.count(*) from %I.%I', v_d.view_schema, v_d.view_name) into v_rows;
  -- a refreshed view has no planner statistics until autovacuum gets to it: gather them on
  -- the first refresh and whenever the row count moved by more than 10%
  if not v_populated or v_d.last_refresh_rows is null
     or pg_catalog.abs(v_rows - v_d.last_refresh_rows) > v_d.last_refresh_rows / 10 then
    execute pg_catalog.format('analyze %I.%I', v_d.view_schema, v_d.view_name);
  end if;

  update pgfirst_private.dropdown d
     set generation = v_generation + 1,
         populated = true,
         last_refresh_started_at = v_started,
         last_refresh_at = pg_catalog.clock_timestamp(),
         last_refresh_duration = pg_catalog.clock_timestamp() - v_started,
         last_refresh_rows = v_rows,
         refresh_count = d.refresh_count + 1,
         source_writes_at_refresh = v_writes
   where d.id = v_d.id;
  -- the lanes of this parity carry the new generation: a writer's locking read of its lane
  -- returns this version, so its usual path learns g without reading the registry
  update pgfirst_private.dropdown_gate g set generation = v_generation + 1
   where g.dropdown_id = v_d.id and g.parity = (v_generation % 2)::smallint;
  -- markers aimed at this generation (or older, or -1) are now reflected in the view
  delete from pgfirst_private.dropdown_change c
   where c.dropdown_id = v_d.id and c.generation <= v_generation;
end;
$$;

--
-- Name: FUNCTION dropdown_refresh(name text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.dropdown_refresh(name text) IS 'Refreshes dropdown <name>: REFRESH MATERIALIZED VIEW CONCURRENTLY (plain the first time), never blocking readers; single flight per dropdown; records duration, row count and refresh time. Raises PF601 for an unknown name.';

--
-- Name: dropdown_refresh_now(text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.dropdown_refresh_now(name text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  -- dropdown_refresh stays the unaudited worker path (dispatched refresh jobs); this is
  -- the operator's button, audited
  perform pgfirst.dropdown_refresh(dropdown_refresh_now.name);
  perform pgfirst_private.audit_write('dropdown_refresh_now', dropdown_refresh_now.name);
end;
$$;

--
-- Name: FUNCTION dropdown_refresh_now(name text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.dropdown_refresh_now(name text) IS 'Admin: refreshes dropdown <name> now (as dropdown_refresh: single flight, readers never blocked) and records it in the admin audit. PF601 for an unknown name.';

--
-- Name: dropdown_search(text, text, text, integer, integer, text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.dropdown_search(name text, tenant text, term text DEFAULT ''::text, page integer DEFAULT 1, page_size integer DEFAULT 30, after text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_id integer;
  v_as_of timestamptz;
  v_term text;
  v_mode integer;
  v_sort text;
  v_after_id text;
  v_after_rank integer;
  v_like text[];
  v_starts text[];
  v_result jsonb;
  v_grouped boolean;
begin
  if page_size is null or page_size < 1 or page_size > 100 then
    raise exception 'page_size must be between 1 and 100' using errcode = 'PF604',
      detail = pg_catalog.format('page_size = %s', page_size);
  end if;
  -- bounds (issue 10): a huge page overflowed (page - 1) * page_size; a huge term is
  -- normalised and trigram-matched in full
  if page is null or page < 1 or page > (pgfirst_private.arg_limits()).page_max then
    raise exception 'page must be between 1 and %', (pgfirst_private.arg_limits()).page_max using errcode = 'PF605',
      detail = pg_catalog.format('page = %s', page),
      hint = 'Deep paging: pass the cursor from "next" as after => instead.';
  end if;
  if octet_length(term) > (pgfirst_private.arg_limits()).term_max_bytes then
    raise exception 'a search term is at most % bytes', (pgfirst_private.arg_limits()).term_max_bytes using errcode = 'PF612',
      detail = pg_catalog.format('term: %s bytes', octet_length(term));
  end if;
  if tenant is null then
    raise exception 'tenant is required (use '''' when the dropdown has no tenants)' using errcode = 'PF608';
  end if;
  select d.id, d.last_refresh_at, d.grouped into v_id, v_as_of, v_grouped
    from pgfirst_private.dropdown d where d.name = dropdown_search.name;
  if not found then
    raise exception 'dropdown "%" is not defined', name using errcode = 'PF601',
      hint = 'Define it with pgfirst.dropdown_define; the defined ones are listed in pgfirst.dropdown_status.';
  end if;
  if after is not null then
    select c.sort_key, c.id, c.rank into v_sort, v_after_id, v_after_rank from pgfirst_private.dropdown_cursor_decode(after) c;
  end if;

  -- Words (issue 16): the term is folded like the view's label_key and haystack (lower case,
  -- no accents, punctuation and spaces -> one space) and split into words; every word must
  -- match, in any order: one of 3+ characters anywhere, a shorter one at the start of a word
  -- (' wo' in the haystack, whose words sit between single spaces). The folded text holds no
  -- LIKE wildcard, so the patterns need no escaping. A term of punctuation only matches nothing.
  v_term := pg_catalog.btrim(coalesce(term, ''));
  if v_term = '' then
    v_mode := 0;
  else
    v_mode := 2;
    v_term := pgfirst_private.dropdown_fold(v_term);
    if v_term = '' then
      return pg_catalog.jsonb_build_object('results', '[]'::jsonb, 'pagination', pg_catalog.jsonb_build_object('more', false),
                                           'as_of', v_as_of, 'next', null);
    end if;
    -- longest words first: the first two drive the trigram index
    select pg_catalog.array_agg(case when pg_catalog.length(w.w) >= 3 then '%' || w.w || '%' else '% ' || w.w || '%' end
                                order by pg_catalog.length(w.w) desc, w.w),
           pg_catalog.array_agg('% ' || w.w || '%' order by w.w)
      into v_like, v_starts
      from (select distinct x.w from pg_catalog.unnest(pg_catalog.string_to_array(v_term, ' ')) x(w)) w;
    v_after_rank := coalesce(v_after_rank, 0);
  end if;

  -- one more row than the page tells whether there is a next page (no COUNT)
  if not v_grouped then
    -- built as json (text, no per-object key sorting), cast to jsonb once
    select pg_catalog.json_build_object(
             'results', coalesce(pg_catalog.json_agg(pg_catalog.json_build_object('id', x.r_id, 'text', x.r_text)
                                   order by x.n) filter (where x.n <= page_size), '[]'::json),
             'pagination', pg_catalog.json_build_object('more', pg_catalog.count(*) > page_size),
             'as_of', v_as_of,
             'next', case when pg_catalog.count(*) > page_size then
                       pg_catalog.translate(pg_catalog.encode(pg_catalog.convert_to(
                         (pg_catalog.array_agg(case when x.r_rank is null then pg_catalog.jsonb_build_array(x.r_sort_key, x.r_id)
                                                    else pg_catalog.jsonb_build_array(x.r_sort_key, x.r_id, x.r_rank) end)
                           filter (where x.n = page_size))[1]::text,
                         'UTF8'), 'base64'), E'+/=\n', '-_')
                     end)::jsonb
      into v_result
      from pgfirst_private.dropdown_dispatch(v_id, tenant, v_term, v_mode, page_size + 1,
             case when after is null then (page - 1) * page_size else 0 end, v_sort, v_after_id, v_like, v_starts,
             v_after_rank, v_term || pg_catalog.chr(1114111), v_like[3:])
           with ordinality as x(r_id, r_text, r_sort_key, r_group, r_rank, n);
    return v_result;
  end if;

  -- grouped: consecutive rows with the same group_label form one Select2 group
  with r as (
    select x.r_id as id, x.r_text as text, x.r_sort_key as sort_key, x.r_group as grp, x.r_rank as rank, x.n
      from pgfirst_private.dropdown_dispatch(v_id, tenant, v_term, v_mode, page_size + 1,
             case when after is null then (page - 1) * page_size else 0 end, v_sort, v_after_id, v_like, v_starts,
             v_after_rank, v_term || pg_catalog.chr(1114111), v_like[3:])
           with ordinality as x(r_id, r_text, r_sort_key, r_group, r_rank, n)
  ),
  pg as (
    select r.*, case when r.grp is null then r.n
                     else r.n - pg_catalog.row_number() over (partition by r.grp order by r.n) end as island
      from r where r.n <= page_size
  ),
  items as (
    select pg_catalog.min(pg.n) as first_n, pg.grp,
           pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', pg.id, 'text', pg.text) order by pg.n) as children
      from pg group by pg.grp, pg.island
  )
  select pg_catalog.jsonb_build_object(
           'results', coalesce((select pg_catalog.jsonb_agg(
                                   case when i.grp is null then i.children -> 0
                                        else pg_catalog.jsonb_build_object('text', i.grp, 'children', i.children) end
                                   order by i.first_n) from items i), '[]'::jsonb),
           'pagination', pg_catalog.jsonb_build_object('more', exists (select from r where r.n > page_size)),
           'as_of', v_as_of,
           'next', (select pg_catalog.translate(pg_catalog.encode(pg_catalog.convert_to(
                             case when l.rank is null then pg_catalog.jsonb_build_array(l.sort_key, l.id)
                                  else pg_catalog.jsonb_build_array(l.sort_key, l.id, l.rank) end::text, 'UTF8'), 'base64'), E'+/=\n', '-_')
                      from r l where l.n = page_size and exists (select from r where r.n > page_size)))
    into v_result;
  return v_result;
end;
$$;

--
-- Name: FUNCTION dropdown_search(name text, tenant text, term text, page integer, page_size integer, after text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.dropdown_search(name text, tenant text, term text, page integer, page_size integer, after text) IS 'Select2 AJAX page of dropdown <name> for one tenant: {"results":[{"id","text"}] (or groups with "children"), "pagination":{"more"}, "as_of": refresh time, "next": keyset cursor for after}. Every word of the term must match the label or search text (any order; case, accents and punctuation ignored; 3+ character words anywhere, shorter ones at a word start); exact and prefix label matches rank first; no COUNT. One statement, static plans.';

--
-- Name: health(timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.health(now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE("check" text, status text, value numeric, detail text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- first statement: refuse an infinite or out-of-range now (PF006) even when no row is read
  select pgfirst_private.arg_time(health.now, 'now');
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
  union all
  -- oldest job that is ready to run but not running
  select 'oldest_pending_job',
         case when age is null or age <= pgfirst_private.setting_interval('health.oldest_pending_warn') then 'ok'
              when age <= pgfirst_private.setting_interval('health.oldest_pending_crit') then 'warn'
              else 'crit' end,
         round(coalesce(extract(epoch from age), 0)::numeric, 3),
         coalesce('oldest ready job waited ' || justify_interval(date_trunc('second', age))::text, 'no ready jobs')
    from (select pgfirst_private.age_clamped(coalesce((select pgfirst_private.arg_time(health.now, 'now')), pg_catalog.now()), min(j.run_at)) as age
            from pgfirst_private.job j
           where j.state in ('pending', 'failed') and j.run_at <= coalesce((select pgfirst_private.arg_time(health.now, 'now')), pg_catalog.now())) x
  union all
  select 'dead_jobs_last_hour',
         case when n < pgfirst_private.setting_int('health.dead_last_hour_warn') then 'ok'
              when n < pgfirst_private.setting_int('health.dead_last_hour_crit') then 'warn'
              else 'crit' end,
         n, n || ' job(s) ran out of attempts in the last hour'
    from (select count(*) as n from pgfirst_private.job_dead d
           where d.state = 'dead' and d.finished_at > coalesce((select pgfirst_private.arg_time(health.now, 'now')), pg_catalog.now()) - interval '1 hour' and d.finished_at <= coalesce((select pgfirst_private.arg_time(health.now, 'now')), pg_catalog.now())) x
  union all
  select 'reaped_leases_last_hour',
         case when n < pgfirst_private.setting_int('health.reaped_last_hour_warn') then 'ok'
              when n < pgfirst_private.setting_int('health.reaped_last_hour_crit') then 'warn'
              else 'crit' end,
         n, n || ' expired lease(s) reaped by maintenance in the last hour (workers dying or jobs outliving their lease)'
    from (select coalesce(sum((m.result->>'jobs_reaped')::bigint), 0) as n
            from pgfirst_private.maintenance_run m
           where m.at > coalesce((select pgfirst_private.arg_time(health.now, 'now')), pg_catalog.now()) - interval '1 hour' and m.at <= coalesce((select pgfirst_private.arg_time(health.now, 'now')), pg_catalog.now())) x
  union all
  select 'maintenance_last_run',
         case when last is null then 'warn'
              when pgfirst_private.age_clamped(coalesce((select pgfirst_private.arg_time(health.now, 'now')), pg_catalog.now()), last) <= pgfirst_private.setting_interval('health.maintenance_stale') then 'ok'
              when pgfirst_private.age_clamped(coalesce((select pgfirst_private.arg_time(health.now, 'now')), pg_catalog.now()), last) <= 3 * pgfirst_private.setting_interval('health.maintenance_stale') then 'warn'
              else 'crit' end,
         round(coalesce(extract(epoch from pgfirst_private.age_clamped(coalesce((select pgfirst_private.arg_time(health.now, 'now')), pg_catalog.now()), last)), -1)::numeric, 3),
         coalesce('last run ' || last::text, 'maintenance has never run: start a worker or call pgfirst.maintenance()')
    from (select max(m.at) as last from pgfirst_private.maintenance_run m) x
  union all
  select 'schedules_overdue',
         case when n = 0 then 'ok'
              when worst <= pgfirst_private.setting_interval('health.schedule_overdue_crit') then 'warn'
              else 'crit' end,
         n,
         case when n = 0 then 'every enabled schedule ticked on time'
              else n || ' schedule(s) overdue, worst ' || first_name || ' by ' || justify_interval(date_trunc('second', worst))::text
                   || ' (is schedule_tick running?)' end
    from (select count(*) as n, max(pgfirst_private.age_clamped(coalesce((select pgfirst_private.arg_time(health.now, 'now')), pg_catalog.now()), s.next_run)) as worst,
                 (array_agg(s.name order by s.next_run))[1] as first_name
            from pgfirst_private.schedule s
           where s.enabled and s.next_run < coalesce((select pgfirst_private.arg_time(health.now, 'now')), pg_catalog.now()) - pgfirst_private.setting_interval('schedule.missed_grace')) x
  union all
  select 'table_bloat',
         case when coalesce(share, 0) <= pgfirst_private.setting_value('health.bloat_warn')::numeric then 'ok'
              when share <= pgfirst_private.setting_value('health.bloat_crit')::numeric then 'warn'
              else 'crit' end,
         round(coalesce(share, 0), 4),
         coalesce('worst: pgfirst_private.' || relname || ' ' || round(share * 100, 1) || '% dead tuples',
                  'no pgfirst table with 1000+ tuples')
    from (select s.relname, s.n_dead_tup::numeric / (s.n_live_tup + s.n_dead_tup) as share
            from pg_stat_user_tables s
           where s.schemaname = 'pgfirst_private' and s.n_live_tup + s.n_dead_tup >= 1000
             and s.relname !~ '^job_archive'
           order by 2 desc limit 1) w
    right join (select 1) one on true
  union all
  select 'archive_partitions_ahead',
         case when not used then 'ok'
              when missing_today then 'crit'
              when missing > 0 then 'warn'
              else 'ok' end,
         case when used then missing else 0 end,
         case when not used then 'no queue keeps finished jobs (queue_configure keep_finished)'
              when missing = 0 then 'daily partitions exist through ' || (today + ahead)::text
              else missing || ' of the next ' || (ahead + 1) || ' daily partitions missing (run pgfirst.maintenance())' end
    from (select exists (select 1 from pgfirst_private.job_queue q where q.keep_finished is not null) as used,
                 d.today, d.ahead,
                 count(*) filter (where to_regclass('pgfirst_private.job_archive_p' || to_char(day, 'YYYYMMDD')) is null) as missing,
                 bool_or(day = d.today and to_regclass('pgfirst_private.job_archive_p' || to_char(day, 'YYYYMMDD')) is null) as missing_today
            from (select (coalesce((select pgfirst_private.arg_time(health.now, 'now')), pg_catalog.now()) at time zone 'UTC')::date as today,
                         pgfirst_private.setting_int('archive.days_ahead')::integer as ahead from (select 1) one) d,
                 generate_series(d.today, d.today + d.ahead, interval '1 day') day
           group by d.today, d.ahead) x
  union all
  select 'long_transaction',
         case when age is null or age <= pgfirst_private.setting_interval('health.long_transaction_warn') then 'ok'
              when age <= pgfirst_private.setting_interval('health.long_transaction_crit') then 'warn'
              else 'crit' end,
         round(coalesce(extract(epoch from age), 0)::numeric, 3),
         coalesce('pid ' || pid || ' (' || coalesce(nullif(application_name, ''), usename::text, '?') || ') open for '
                  || justify_interval(date_trunc('second', age))::text || ', pins vacuum', 'no long transaction')
    from (select a.pid, a.application_name, a.usename, pgfirst_private.age_clamped(pg_catalog.now(), a.xact_start) as age
            from pg_stat_activity a
           where a.datname = current_database() and a.pid <> pg_backend_pid() and a.xact_start is not null
             -- an autovacuum worker is not a transaction an operator can end: client backends only
             and a.backend_type = 'client backend'
           order by a.xact_start limit 1) l
    right join (select 1) one on true
  union all
  -- dropdowns whose oldest unapplied change is older than their max_staleness (warn), or
  -- older than ten times it (crit: refreshes are not running, e.g. no worker serves their queue)
  select 'dropdown_staleness',
         -- st.age / 10 rather than max_staleness * 10, which can overflow for a huge max_staleness
         case when count(*) filter (where st.age / 10 > d.max_staleness) > 0 then 'crit'
              when count(*) filter (where st.age > d.max_staleness) > 0 then 'warn'
              else 'ok' end,
         count(*) filter (where st.age > d.max_staleness),
         coalesce('max_staleness breached: '
                  || string_agg(d.name || ' (' || justify_interval(date_trunc('second', st.age))::text || ')', ', ' order by d.name)
                       filter (where st.age > d.max_staleness),
                  count(*) || ' dropdown(s) within max_staleness')
    from pgfirst_private.dropdown d
    left join lateral (
      select pgfirst_private.age_clamped(coalesce((select pgfirst_private.arg_time(health.now, 'now')), pg_catalog.now()), pg_catalog.min(x.changed_at)) as age
        from pgfirst_private.dropdown_change x
       where x.dropdown_id = d.id
    ) st on true
$$;

--
-- Name: FUNCTION health(now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.health(now timestamp with time zone) IS 'Health checks as rows ("check", status ok|warn|crit, value, detail): schema, roles, settings, oldest ready job, dead jobs and reaped leases in the last hour, maintenance freshness, overdue schedules, table bloat, archive partitions ahead, long transactions (client backends), dropdown staleness (warn past max_staleness, crit past ten times it). Thresholds in pgfirst.settings (health.*). Read-only, one round trip.';

--
-- Name: job_cancel(bigint); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_cancel(id bigint) RETURNS boolean
    LANGUAGE plpgsql STRICT SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_gone pgfirst_private.job[];
begin
  -- A running job is only flagged: its worker sees the flag on the next heartbeat, aborts,
  -- and its job_fail turns the job into cancelled (a job_complete still marks it done).
  update pgfirst_private.job j
     set cancel_requested = true, updated_at = pg_catalog.now()
   where j.id = job_cancel.id and j.state = 'running';
  if found then
    perform pgfirst_private.job_cancel_audit(job_cancel.id, 'running');
    return true;
  end if;
  with d as (
    delete from pgfirst_private.job j
     where j.id = job_cancel.id and j.state in ('waiting', 'pending', 'failed')
    returning j
  )
  select pg_catalog.array_agg(d.j) into v_gone from d;
  if v_gone is null then
    return false;
  end if;
  perform pgfirst_private.job_finished(v_gone, 'cancelled', pg_catalog.now());
  perform pgfirst_private.job_cancel_audit(job_cancel.id, (v_gone[1]).state);
  return true;
end;
$$;

--
-- Name: FUNCTION job_cancel(id bigint); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_cancel(id bigint) IS 'Cancels a job: a job not running (waiting for dependencies, pending, failed) becomes cancelled at once, and so do (per their on_dependency_failure) the jobs depending on it (kept as a dead letter for job_retry); a running one is flagged for its worker (job_heartbeat reports it). False when the job is not live.';

--
-- Name: job_cancel_many(text, text, text, text, timestamp with time zone, timestamp with time zone, integer); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_cancel_many(state text DEFAULT 'pending'::text, queue text DEFAULT NULL::text, task text DEFAULT NULL::text, tenant text DEFAULT NULL::text, since timestamp with time zone DEFAULT NULL::timestamp with time zone, until timestamp with time zone DEFAULT NULL::timestamp with time zone, max_jobs integer DEFAULT 1000) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_gone pgfirst_private.job[];
  v_n integer;
begin
  perform pgfirst_private.job_filter_check(job_cancel_many.state, array['waiting', 'pending', 'scheduled', 'failed', 'running'],
    job_cancel_many.queue, job_cancel_many.task, job_cancel_many.tenant, job_cancel_many.since,
    job_cancel_many.until, job_cancel_many.max_jobs, 'max_jobs', (pgfirst_private.arg_limits()).batch_max);
  if job_cancel_many.state is null then
    raise exception 'state must be one of waiting, pending, scheduled, failed, running' using errcode = 'PF417',
      detail = 'state was null.';
  end if;
  if job_cancel_many.state = 'running' then
    with c as (
      select j.id
        from pgfirst_private.job j
       where j.state = 'running' and not j.cancel_requested
         and (job_cancel_many.queue is null or j.queue = job_cancel_many.queue)
         and (job_cancel_many.task is null or j.task = job_cancel_many.task)
         and (job_cancel_many.tenant is null or j.tenant = job_cancel_many.tenant)
         and (job_cancel_many.since is null or j.created_at >= job_cancel_many.since)
         and (job_cancel_many.until is null or j.created_at < job_cancel_many.until)
       order by j.id
       limit job_cancel_many.max_jobs
         for update skip locked
    )
    update pgfirst_private.job j
       set cancel_requested = true, updated_at = v_now
      from c
     where j.id = c.id;
    get diagnostics v_n = row_count;
  else
    with c as (
      select j.id
        from pgfirst_private.job j
       where j.state = case when job_cancel_many.state = 'scheduled' then 'pending' else job_cancel_many.state end
         and (job_cancel_many.state <> 'pending' or j.run_at <= v_now)
         and (job_cancel_many.state <> 'scheduled' or j.run_at > v_now)
         and (job_cancel_many.queue is null or j.queue = job_cancel_many.queue)
         and (job_cancel_many.task is null or j.task = job_cancel_many.task)
         and (job_cancel_many.tenant is null or j.tenant = job_cancel_many.tenant)
         and (job_cancel_many.since is null or j.created_at >= job_cancel_many.since)
         and (job_cancel_many.until is null or j.created_at < job_cancel_many.until)
       order by j.id
       limit job_cancel_many.max_jobs
         for update skip locked
    ), d as (
      delete from pgfirst_private.job j using c where j.id = c.id
      returning j
    )
    select pg_catalog.array_agg(d.j) into v_gone from d;
    v_n := coalesce(pg_catalog.cardinality(v_gone), 0);
    if v_n > 0 then
      perform pgfirst_private.job_finished(v_gone, 'cancelled', v_now);
    end if;
  end if;
  perform pgfirst_private.audit_write('job_cancel_many', job_cancel_many.queue,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
      'state', job_cancel_many.state, 'queue', job_cancel_many.queue, 'task', job_cancel_many.task,
      'tenant', job_cancel_many.tenant, 'since', job_cancel_many.since, 'until', job_cancel_many.until,
      'max_jobs', job_cancel_many.max_jobs, 'cancelled', v_n)));
  return v_n;
end;
$$;

--
-- Name: FUNCTION job_cancel_many(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, max_jobs integer); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_cancel_many(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, max_jobs integer) IS 'Cancels up to max_jobs (1-10000) live jobs in state pending (ready, default), scheduled, failed (awaiting retry), waiting (on dependencies: their dependents follow their on_dependency_failure policy) or running matching the filters, oldest first, skipping locked rows: waiting jobs become cancelled dead letters at once, running ones are flagged for their worker. Returns how many; audited.';

--
-- Name: job_claim(text, text[], integer, interval, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_claim(worker_id text, queues text[] DEFAULT NULL::text[], max_jobs integer DEFAULT 1, lease interval DEFAULT '00:00:30'::interval, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(id bigint, task text, payload jsonb, queue text, tenant text, attempt integer, max_attempts integer, lease_expires_at timestamp with time zone, deadline timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(job_claim.now) then coalesce(job_claim.now, pg_catalog.now())
                          else pgfirst_private.arg_time(job_claim.now, 'now') end;
  v_skip text[] := '{}';
  v_limited record;
  v_running bigint;
  v_slots integer;
  v_remaining integer := job_claim.max_jobs;
  v_got integer;
  v_tat timestamptz;
  v_cursor text;
  v_ids bigint[];
  v_last_key text;
begin
  if job_claim.worker_id is null or job_claim.worker_id = ''
     or octet_length(job_claim.worker_id) > (pgfirst_private.arg_limits()).name_max_bytes then -- it is indexed (job_running_idx)
    raise exception 'worker_id must be a non-empty text of at most % bytes', (pgfirst_private.arg_limits()).name_max_bytes using errcode = 'PF408',
      hint = 'Use a value unique per worker process, e.g. host:pid:random.';
  end if;
  if job_claim.max_jobs is null or job_claim.max_jobs < 1 or job_claim.max_jobs > (pgfirst_private.arg_limits()).claim_max then
    raise exception 'max_jobs must be between 1 and %', (pgfirst_private.arg_limits()).claim_max using errcode = 'PF404',
      detail = pg_catalog.format('max_jobs was %s.', coalesce(job_claim.max_jobs::text, 'null'));
  end if;
  if job_claim.lease is null or job_claim.lease <= interval '0' or job_claim.lease > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'lease must be a positive interval of at most %', (pgfirst_private.arg_limits()).interval_max using errcode = 'PF407';
  end if;

  -- Queues with a configuration that matters (paused, limited, fair, rate-limited) are few;
  -- unconfigured queues pay only this lookup of a tiny table.
  select coalesce(pg_catalog.array_agg(q.queue), '{}') into v_skip
    from pgfirst_private.job_queue q
   where q.paused or q.concurrency is not null or q.key_concurrency is not null or q.fair
      or q.rate_limit is not null;

  -- Configured queues: one claimer at a time per queue (the queue's job_queue row, locked
  -- FOR NO KEY UPDATE until commit: a role without pgfirst grants cannot take it, as it
  -- could an advisory lock; enqueue's key-share checks do not conflict with it).
  -- Under the lock, a fresh snapshot counts running jobs (per queue and per key) and reads
  -- the rate limiter's state, so the limits hold across all workers. A queue that looks
  -- full (or rate-limited) without the lock is skipped (no convoy on full queues); one with
  -- a free slot waits for the lock instead of skipping it: a claimer that skipped could miss
  -- the slot a completion freed while another claimer held the lock with an older count,
  -- and both would then sleep until their next poll.
  -- Locks are taken in queue-name order, so claimers never deadlock on them.
  if v_skip <> '{}' then
    for v_limited in
      select q.queue, q.concurrency, q.key_concurrency, q.fair, q.rate_limit, q.rate_period, q.rate_tat
        from pgfirst_private.job_queue q
       where not q.paused
         and (q.concurrency is not null or q.key_concurrency is not null or q.fair or q.rate_limit is not null)
         and (job_claim.queues is null or q.queue = any (job_claim.queues))
       order by q.queue
    loop
      exit when v_remaining <= 0;
      if v_limited.concurrency is not null then
        select count(*) into v_running
          from pgfirst_private.job j
         where j.state = 'running' and j.queue = v_limited.queue;
        continue when v_running >= v_limited.concurrency;
      end if;
      -- the rate limiter's next start lies ahead: skip without waiting (tat only grows)
      continue when v_limited.rate_tat > v_now;
      -- nothing ready: no lock (a row lock makes the transaction write: an idle poll would
      -- pay a WAL flush). A job that becomes ready after this check sends a notification.
      continue when not exists (
        select from pgfirst_private.job j
         where j.state in ('pending', 'failed') and j.run_at <= v_now and j.queue = v_limited.queue);
      select q.rate_tat, q.fair_cursor into v_tat, v_cursor
        from pgfirst_private.job_queue q where q.queue = v_limited.queue for no key update;
      v_slots := v_remaining;
      if v_limited.concurrency is not null then
        select count(*) into v_running
          from pgfirst_private.job j
         where j.state = 'running' and j.queue = v_limited.queue;
        v_slots := least(v_limited.concurrency - v_running, v_slots);
      end if;
      if v_limited.rate_limit is not null then
        -- GCRA without burst (the rate_limit_hit arithmetic with a burst of one): a start is
        -- allowed when the theoretical arrival time has come, and moves it one emission
        -- interval (rate_period / rate_limit) on; so starts are at least that far apart and
        -- no window of rate_period holds more than rate_limit of them. One start per claim.
        continue when v_tat > v_now;
        v_slots := least(v_slots, 1);
      end if;
      continue when v_slots <= 0;

      if v_limited.fair or v_limited.key_concurrency is not null then
        -- Keyed queue (fair_key = concurrency_key, else tenant): round-robin over the keys
        -- with claimable jobs and room, starting after the last key served (fair_cursor);
        -- see pgfirst_private.job_claim_pick.
        select p.ids, p.last_key into v_ids, v_last_key
          from pgfirst_private.job_claim_pick(v_limited.queue, v_cursor, v_limited.key_concurrency, v_slots, v_now) p;
        continue when v_ids is null;
        -- The picks were read without row locks: lock them now, skipping rows another
        -- transaction (cancel, reap) holds, and re-check that they are still ready.
        return query
          with c as (
            select j.id
              from pgfirst_private.job j
             where j.id = any (v_ids) and j.state in ('pending', 'failed') and j.run_at <= v_now
               for update skip locked
          )
          update pgfirst_private.job j
             set state = 'running', worker_id = job_claim.worker_id, attempt = j.attempt + 1,
                 lease_expires_at = v_now + job_claim.lease, lease_duration = job_claim.lease,
                 claimed_at = v_now, cancel_requested = false, updated_at = v_now
            from c
           where j.id = c.id
          returning j.id, j.task, j.payload, j.queue, j.tenant, j.attempt, j.max_attempts, j.lease_expires_at,
                    v_now + j.max_run_time;
      else
        return query
          with c as (
            select j.id
              from pgfirst_private.job j
             where j.state in ('pending', 'failed')
               and j.run_at <= v_now
               and j.queue = v_limited.queue
               and (j.sequence_key is null or not exists (
                     select from pgfirst_private.job p
                      where p.tenant = j.tenant and p.sequence_key = j.sequence_key and p.id < j.id))
             order by j.priority desc, j.run_at, j.id
             limit v_slots
               for update skip locked
          )
          update pgfirst_private.job j
             set state = 'running', worker_id = job_claim.worker_id, attempt = j.attempt + 1,
                 lease_expires_at = v_now + job_claim.lease, lease_duration = job_claim.lease,
                 claimed_at = v_now, cancel_requested = false, updated_at = v_now
            from c
           where j.id = c.id
          returning j.id, j.task, j.payload, j.queue, j.tenant, j.attempt, j.max_attempts, j.lease_expires_at,
                    v_now + j.max_run_time;
      end if;
      get diagnostics v_got = row_count;
      v_remaining := v_remaining - v_got;
      if v_got > 0 and (v_limited.rate_limit is not null or v_last_key is not null) then
        update pgfirst_private.job_queue q
           set rate_tat = case when q.rate_limit is null then q.rate_tat
                               else greatest(coalesce(v_tat, v_now), v_now) + v_got * (q.rate_period / q.rate_limit) end,
               fair_cursor = coalesce(v_last_key, q.fair_cursor)
         where q.queue = v_limited.queue;
      end if;
      v_ids := null;
      v_last_key := null;
    end loop;
    if v_remaining <= 0 then
      return;
    end if;
  end if;

  -- Every other queue: the one claim shape, on the partial index job_available_idx.
  return query
    with c as (
      select j.id
        from pgfirst_private.job j
       where j.state in ('pending', 'failed')
         and j.run_at <= v_now
         and (job_claim.queues is null or j.queue = any (job_claim.queues))
         and j.queue <> all (v_skip)
         and (j.sequence_key is null or not exists (
               select from pgfirst_private.job p
                where p.tenant = j.tenant and p.sequence_key = j.sequence_key and p.id < j.id))
       order by j.priority desc, j.run_at, j.id
       limit v_remaining
         for update skip locked
    )
    update pgfirst_private.job j
       set state = 'running', worker_id = job_claim.worker_id, attempt = j.attempt + 1,
           lease_expires_at = v_now + job_claim.lease, lease_duration = job_claim.lease,
           claimed_at = v_now, cancel_requested = false, updated_at = v_now
      from c
     where j.id = c.id
    returning j.id, j.task, j.payload, j.queue, j.tenant, j.attempt, j.max_attempts, j.lease_expires_at,
                  v_now + j.max_run_time;
end;
$$;

--
-- Name: FUNCTION job_claim(worker_id text, queues text[], max_jobs integer, lease interval, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_claim(worker_id text, queues text[], max_jobs integer, lease interval, now timestamp with time zone) IS 'Claims up to max_jobs ready jobs (highest priority, then earliest run_at, then id) for worker_id with FOR UPDATE SKIP LOCKED and a lease; skips paused queues and honours queue concurrency limits, per-key limits, fairness (round-robin over keys) and rate limits across all workers, and sequences (a job waits for the earlier jobs of its sequence_key). deadline: claimed_at + max_run_time (null without one). Call in its own transaction (READ COMMITTED).';

--
-- Name: job_complete(bigint[], text, timestamp with time zone, integer[], jsonb[]); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_complete(ids bigint[], worker_id text, now timestamp with time zone DEFAULT NULL::timestamp with time zone, attempts integer[] DEFAULT NULL::integer[], results jsonb[] DEFAULT NULL::jsonb[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(job_complete.now) then coalesce(job_complete.now, pg_catalog.now())
                          else pgfirst_private.arg_time(job_complete.now, 'now') end;
  v_done pgfirst_private.job[];
begin
  if job_complete.worker_id is null or job_complete.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  if pg_catalog.cardinality(job_complete.ids) > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'job_complete takes at most % ids per call', (pgfirst_private.arg_limits()).batch_max using errcode = 'PF415',
      detail = pg_catalog.format('%s ids.', pg_catalog.cardinality(job_complete.ids));
  end if;
  if job_complete.results is not null then
    if pg_catalog.cardinality(job_complete.results) <> pg_catalog.cardinality(job_complete.ids) then
      raise exception 'results must have one entry per id' using errcode = 'PF433',
        detail = pg_catalog.format('%s ids, %s results.', pg_catalog.cardinality(job_complete.ids),
                                   pg_catalog.cardinality(job_complete.results));
    end if;
    if exists (select 1 from pg_catalog.unnest(job_complete.results) r
                where pg_catalog.pg_column_size(r) > (pgfirst_private.arg_limits()).payload_max_bytes) then
      raise exception 'a job result is at most % bytes', (pgfirst_private.arg_limits()).payload_max_bytes
        using errcode = 'PF432',
              hint = 'Store large results elsewhere (a table, object storage) and return their key.';
    end if;
  end if;
  if job_complete.attempts is not null
     and pg_catalog.cardinality(job_complete.attempts) <> pg_catalog.cardinality(job_complete.ids) then
    raise exception 'attempts must have one entry per id' using errcode = 'PF413',
      detail = pg_catalog.format('%s ids, %s attempts.', pg_catalog.cardinality(job_complete.ids),
                                 pg_catalog.cardinality(job_complete.attempts));
  end if;

  -- Fenced: only rows still leased to this worker (and, with attempts, to this very
  -- attempt: a lease that was reaped and claimed again is never completed by the old run).
  if job_complete.attempts is null then
    with d as (
      delete from pgfirst_private.job j
       where j.id = any (job_complete.ids)
         and j.state = 'running'
         and j.worker_id = job_complete.worker_id
      returning j
    )
    select pg_catalog.array_agg(d.j) into v_done from d;
  else
    with d as (
      delete from pgfirst_private.job j
       using unnest(job_complete.ids, job_complete.attempts) as t(id, attempt) -- ROWS FROM form
       where j.id = t.id
         and j.state = 'running'
         and j.worker_id = job_complete.worker_id
         and j.attempt = t.attempt
      returning j
    )
    select pg_catalog.array_agg(d.j) into v_done from d;
  end if;

  if v_done is null then
    return 0;
  end if;
  -- Results (a null entry stores nothing): before job_finished, which archives them and
  -- hands them to dependents. A notification on the result channel wakes waiters.
  if job_complete.results is not null
     and exists (select 1 from pg_catalog.unnest(job_complete.results) r where r is not null) then
    insert into pgfirst_private.job_result as r (id, state, result, workflow_id, finished_at)
    select d.id, 'done', t.result, d.workflow_id, v_now
      from pg_catalog.unnest(v_done) d
      join rows from (pg_catalog.unnest(job_complete.ids), pg_catalog.unnest(job_complete.results)) as t(id, result) on t.id = d.id
     where t.result is not null
    on conflict on constraint job_result_pkey do update
       set state = excluded.state, result = excluded.result, finished_at = excluded.finished_at;
    perform pg_catalog.pg_notify('pgfirst_results_' || pg_catalog.md5(c.name || ':results'), '')
       from pgfirst_private.job_channel c;
  end if;
  perform pgfirst_private.job_finished(v_done, 'done', v_now);
  return pg_catalog.cardinality(v_done);
end;
$$;

--
-- Name: FUNCTION job_complete(ids bigint[], worker_id text, now timestamp with time zone, attempts integer[], results jsonb[]); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_complete(ids bigint[], worker_id text, now timestamp with time zone, attempts integer[], results jsonb[]) IS 'Marks jobs done and removes them from the hot table, in one statement. Fenced: only jobs still leased to worker_id (and to the given attempts, when passed) count; others are left alone. Returns how many were completed. results (one jsonb per id, null = none, at most 8 MiB each) are kept for job_result, dependents and the archive.';

--
-- Name: job_detail(bigint); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_detail(id bigint) RETURNS TABLE(id bigint, state text, queue text, task text, tenant text, priority integer, attempt integer, max_attempts integer, run_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, finished_at timestamp with time zone, last_error text, job_key text, payload jsonb, errors jsonb, worker_id text, lease_expires_at timestamp with time zone, claimed_at timestamp with time zone, cancel_requested boolean, progress jsonb, result jsonb, workflow_id bigint)
    LANGUAGE sql STABLE STRICT SECURITY DEFINER PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- live first, then dead letters, then the newest archive row (as job_get)
  select x.id, x.state, x.queue, x.task, x.tenant, x.priority, x.attempt, x.max_attempts, x.run_at,
         x.created_at, x.updated_at, x.finished_at, x.last_error, x.job_key, x.payload, x.errors,
         x.worker_id, x.lease_expires_at, x.claimed_at, x.cancel_requested, x.progress,
         coalesce(x.result, r.result), coalesce(x.workflow_id, r.workflow_id)
    from (
      select 1 as rank, j.id,
             case when j.state = 'pending' and j.run_at > pg_catalog.now() then 'scheduled' else j.state end as state,
             j.queue, j.task, j.tenant, j.priority, j.attempt, j.max_attempts, j.run_at, j.created_at,
             j.updated_at, null::timestamptz as finished_at, j.last_error, j.job_key, j.payload, j.errors,
             j.worker_id, j.lease_expires_at, j.claimed_at, j.cancel_requested, j.progress,
             null::jsonb as result, j.workflow_id
        from pgfirst_private.job j
       where j.id = job_detail.id
      union all
      select 2, d.id, d.state, d.queue, d.task, d.tenant, d.priority, d.attempt, d.max_attempts, d.run_at,
             d.created_at, d.updated_at, d.finished_at, d.last_error, d.job_key, d.payload, d.errors,
             null, null, null, false, null, null, null
        from pgfirst_private.job_dead d
       where d.id = job_detail.id
      union all
      select 3, a.id, a.state, a.queue, a.task, a.tenant, a.priority, a.attempt, a.max_attempts, a.run_at,
             a.created_at, a.updated_at, a.finished_at, a.last_error, a.job_key, a.payload, a.errors,
             null, null, a.claimed_at, false, null, a.result, null
        from pgfirst_private.job_archive a
       where a.id = job_detail.id
    ) x
    -- a finished job's result and workflow live in its finish record (job_result) while kept
    left join pgfirst_private.job_result r on r.id = x.id and x.rank > 1
   order by x.rank, x.finished_at desc
   limit 1
$$;

--
-- Name: FUNCTION job_detail(id bigint); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_detail(id bigint) IS 'One job by id with payload and attempt history (errors: array of {attempt, at, error, worker_id}, the newest job.error_history entries), from the live table, the dead letters or the archive (newest copy); zero rows when unknown. progress: the last job_progress of a live job; result: the stored JSON result of a finished job (job_result, or the archive); workflow_id: the workflow it belongs to. Primary-key lookups.';

--
-- Name: job_enqueue(text, jsonb, text, timestamp with time zone, integer, integer, text, text, text, timestamp with time zone, bigint[], text, text, text, interval, interval); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_enqueue(task text, payload jsonb DEFAULT '{}'::jsonb, queue text DEFAULT 'default'::text, run_at timestamp with time zone DEFAULT NULL::timestamp with time zone, priority integer DEFAULT 0, max_attempts integer DEFAULT 25, job_key text DEFAULT NULL::text, job_key_mode text DEFAULT 'replace'::text, tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone, depends_on bigint[] DEFAULT NULL::bigint[], on_dependency_failure text DEFAULT 'fail'::text, concurrency_key text DEFAULT NULL::text, sequence_key text DEFAULT NULL::text, max_run_time interval DEFAULT NULL::interval, unique_for interval DEFAULT NULL::interval) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_run_at timestamptz := coalesce(run_at, v_now);
  v_id bigint;
  v_waits boolean := coalesce(pg_catalog.cardinality(depends_on), 0) > 0;
  v_existing bigint;
begin
  if task is null or task = '' then
    raise exception 'a job needs a non-empty task name' using errcode = 'PF401',
      hint = 'Pass task => ''send_email'' (the name your worker registered).';
  end if;
  if queue is null or queue = '' then
    raise exception 'a job queue name must be non-empty' using errcode = 'PF406',
      hint = 'Omit queue to use ''default''.';
  end if;
  if max_attempts is null or max_attempts < 1 then
    raise exception 'max_attempts must be at least 1' using errcode = 'PF403',
      detail = pg_catalog.format('max_attempts was %s.', coalesce(max_attempts::text, 'null'));
  end if;
  if job_key_mode is null or job_key_mode not in ('replace', 'preserve_run_at', 'keep') then
    raise exception 'job_key_mode must be replace, preserve_run_at or keep' using errcode = 'PF402',
      detail = pg_catalog.format('job_key_mode was %L.', job_key_mode);
  end if;
  if job_key = '' then
    raise exception 'job_key must be null or non-empty' using errcode = 'PF411';
  end if;
  -- Bounds (pgfirst_private.arg_limits, folded to constants): names and keys stay far below
  -- the btree tuple limit, and a job at run_at +-infinity would never run or poison health.
  if octet_length(task) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(queue) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(job_key) > (pgfirst_private.arg_limits()).job_key_max_bytes
     or octet_length(tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes then
    raise exception 'job task and queue names are at most % bytes, job_key % bytes, tenant % bytes',
      (pgfirst_private.arg_limits()).name_max_bytes, (pgfirst_private.arg_limits()).job_key_max_bytes,
      (pgfirst_private.arg_limits()).tenant_max_bytes
      using errcode = 'PF416',
            detail = pg_catalog.format('task %s, queue %s, job_key %s, tenant %s bytes.', octet_length(task),
                                       octet_length(queue), octet_length(job_key), octet_length(tenant));
  end if;
  if pg_catalog.pg_column_size(payload) > (pgfirst_private.arg_limits()).payload_max_bytes then
    raise exception 'a job payload is at most % bytes', (pgfirst_private.arg_limits()).payload_max_bytes
      using errcode = 'PF414',
            detail = pg_catalog.format('payload: %s bytes (jsonb datum).', pg_catalog.pg_column_size(payload)),
            hint = 'Store large data elsewhere (a table, object storage) and pass its key.';
  end if;
  if on_dependency_failure is null or on_dependency_failure not in ('fail', 'cancel', 'run') then
    raise exception 'on_dependency_failure must be fail, cancel or run' using errcode = 'PF430',
      detail = pg_catalog.format('on_dependency_failure was %L.', on_dependency_failure);
  end if;
  if v_waits and job_key is not null then
    raise exception 'a job with depends_on cannot have a job_key' using errcode = 'PF430',
      hint = 'Deduplicate the first job of the chain instead.';
  end if;
  if concurrency_key = '' or sequence_key = ''
     or octet_length(concurrency_key) > (pgfirst_private.arg_limits()).job_key_max_bytes
     or octet_length(sequence_key) > (pgfirst_private.arg_limits()).job_key_max_bytes then
    raise exception 'concurrency_key and sequence_key must be null or non-empty texts of at most % bytes',
      (pgfirst_private.arg_limits()).job_key_max_bytes using errcode = 'PF444';
  end if;
  if max_run_time <= interval '0' or max_run_time > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'max_run_time must be a positive interval of at most %', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF442', detail = pg_catalog.format('max_run_time was %s.', max_run_time);
  end if;
  if unique_for <= interval '0' or unique_for > (pgfirst_private.arg_limits()).interval_max
     or (unique_for is not null and job_key is null) then
    raise exception 'unique_for must be a positive interval of at most % and needs a job_key', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF443', detail = pg_catalog.format('unique_for was %s, job_key %L.', unique_for, job_key);
  end if;
  if not pgfirst_private.arg_time_ok(run_at) then
    v_run_at := pgfirst_private.arg_time(run_at, 'run_at');
  end if;

  if v_waits then
    -- waiting (never claimed) until job_depend or the last dependency's finish promotes it
    insert into pgfirst_private.job
      (tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at,
       state, on_dependency_failure, concurrency_key, sequence_key, max_run_time, fair_key)
    values (coalesce(tenant, ''), queue, task, coalesce(payload, '{}'), coalesce(priority, 0),
            v_run_at, max_attempts, v_now, v_now, 'waiting', on_dependency_failure,
            concurrency_key, sequence_key, max_run_time,
            (select coalesce(job_enqueue.concurrency_key, job_enqueue.tenant, '')
               from pgfirst_private.job_queue q
              where q.queue = job_enqueue.queue and (q.fair or q.key_concurrency is not null)))
    returning id into v_id;
    perform pgfirst_private.job_depend(v_id, depends_on, v_now);
    return v_id;
  elsif job_key is null then
    -- fair_key: only while the queue is fair or limited per key (one primary-key probe of
    -- the tiny job_queue table; null keeps the row out of job_available_fair_idx).
    insert into pgfirst_private.job
      (tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at,
       concurrency_key, sequence_key, max_run_time, fair_key)
    values (coalesce(tenant, ''), queue, task, coalesce(payload, '{}'), coalesce(priority, 0),
            v_run_at, max_attempts, v_now, v_now, concurrency_key, sequence_key, max_run_time,
            (select coalesce(job_enqueue.concurrency_key, job_enqueue.tenant, '')
               from pgfirst_private.job_queue q
              where q.queue = job_enqueue.queue and (q.fair or q.key_concurrency is not null)))
    returning id into v_id;
  else
    if job_key_mode = 'keep' then
      select j.id into v_existing
        from pgfirst_private.job j
       where j.tenant = coalesce(job_enqueue.tenant, '') and j.job_key = job_enqueue.job_key;
    end if;
    v_id := pgfirst_private.job_enqueue_keyed(task, coalesce(payload, '{}'), queue, v_run_at,
              coalesce(priority, 0), max_attempts, job_key, job_key_mode, coalesce(tenant, ''), v_now);
    v_id := pgfirst_private.job_enqueue_flow(v_id, concurrency_key, sequence_key, max_run_time,
              unique_for, v_now, v_existing);
  end if;

  -- Wake idle workers (one notifying transaction per queue at a time: see job_notify).
  if v_run_at <= v_now then
    perform pgfirst_private.job_notify(queue);
  end if;
  return v_id;
end;
$$;

--
-- Name: FUNCTION job_enqueue(task text, payload jsonb, queue text, run_at timestamp with time zone, priority integer, max_attempts integer, job_key text, job_key_mode text, tenant text, now timestamp with time zone, depends_on bigint[], on_dependency_failure text, concurrency_key text, sequence_key text, max_run_time interval, unique_for interval); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_enqueue(task text, payload jsonb, queue text, run_at timestamp with time zone, priority integer, max_attempts integer, job_key text, job_key_mode text, tenant text, now timestamp with time zone, depends_on bigint[], on_dependency_failure text, concurrency_key text, sequence_key text, max_run_time interval, unique_for interval) IS 'Enqueues one job and returns its id (with job_key: the id of the deduplicated job, per job_key_mode replace | preserve_run_at | keep). One statement, callable from triggers; wakes listening workers (NOTIFY on pgfirst.job_listen_channel(), empty payload) when ready now. With depends_on (ids of existing jobs) it waits until they all succeed; a dead or cancelled dependency makes it dead (on_dependency_failure fail), cancelled (cancel) or run anyway (run); the dependencies'' results arrive in payload.parent_results. Flow control (docs/jobs.md): concurrency_key (per-key limits and fairness; default the tenant), sequence_key (strict FIFO: runs after every earlier job of the sequence finished), max_run_time (reaped as timed out), unique_for (with job_key: the key stays taken that long after the job succeeded; enqueues then return the finished job''s id).';

--
-- Name: job_enqueue_many(jsonb); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_enqueue_many(jobs jsonb) RETURNS SETOF bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_bad record;
  v_ids bigint[];
  v_keyed record;
  v_n integer;
  v_queues text[];
  v_keyed_count bigint;
begin
  if jobs is null or pg_catalog.jsonb_typeof(jobs) <> 'array' then
    raise exception 'jobs must be a JSON array of job objects' using errcode = 'PF405',
      detail = pg_catalog.format('jobs was of type %s.', coalesce(pg_catalog.jsonb_typeof(jobs), 'null'));
  end if;
  v_n := pg_catalog.jsonb_array_length(jobs);
  if v_n = 0 then
    return;
  end if;
  if v_n > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'job_enqueue_many takes at most % jobs per call', (pgfirst_private.arg_limits()).batch_max
      using errcode = 'PF415',
            detail = pg_catalog.format('jobs has %s elements.', v_n),
            hint = 'Split the batch.';
  end if;

  -- Shape check, set-based: report the first offending element (1-based) by its rule.
  select x.ord, x.problem into v_bad
    from (select e.ordinality as ord,
                 case
                   when pg_catalog.jsonb_typeof(e.value) <> 'object' then 'PF405:element is not an object'
                   when (e.value - array['task', 'payload', 'queue', 'run_at', 'priority', 'max_attempts',
                                         'job_key', 'job_key_mode', 'tenant', 'now',
                                         'depends_on', 'on_dependency_failure', 'concurrency_key',
                                         'sequence_key', 'max_run_time', 'unique_for']) <> '{}'::jsonb
                     then 'PF405:unknown field'
                   when pg_catalog.jsonb_typeof(e.value -> 'task') is distinct from 'string' or e.value ->> 'task' = ''
                     then 'PF401:task missing or empty'
                   when pg_catalog.jsonb_typeof(e.value -> 'queue') not in ('string', 'null') then 'PF405:queue is not a string'
                   when e.value ->> 'queue' = '' then 'PF406:queue is empty'
                   when pg_catalog.jsonb_typeof(e.value -> 'run_at') not in ('string', 'null') then 'PF405:run_at is not a string'
                   when pg_catalog.jsonb_typeof(e.value -> 'now') not in ('string', 'null') then 'PF405:now is not a string'
                   when pg_catalog.jsonb_typeof(e.value -> 'priority') not in ('number', 'null')
                     or (e.value ->> 'priority') !~ '^-?[0-9]{1,9}$' then 'PF405:priority is not an integer'
                   when pg_catalog.jsonb_typeof(e.value -> 'max_attempts') not in ('number', 'null')
                     or (e.value ->> 'max_attempts') !~ '^-?[0-9]{1,9}$' then 'PF405:max_attempts is not an integer'
                   when (e.value ->> 'max_attempts')::integer < 1 then 'PF403:max_attempts below 1'
                   when pg_catalog.jsonb_typeof(e.value -> 'job_key') not in ('string', 'null') then 'PF405:job_key is not a string'
                   when e.value ->> 'job_key' = '' then 'PF411:job_key is empty'
                   when pg_catalog.jsonb_typeof(e.value -> 'job_key_mode') not in ('string', 'null') then 'PF405:job_key_mode is not a string'
                   when (e.value ->> 'job_key_mode') not in ('replace', 'preserve_run_at', 'keep') then 'PF402:unknown job_key_mode'
                   when pg_catalog.jsonb_typeof(e.value -> 'tenant') not in ('string', 'null') then 'PF405:tenant is not a string'
                   when pg_catalog.jsonb_typeof(e.value -> 'depends_on') not in ('array', 'null')
                     or pg_catalog.jsonb_path_exists(e.value, '$.depends_on[*] ? (@.type() != "number" && @.type() != "string")')
                     then 'PF405:depends_on is not an array of job ids'
                   when pg_catalog.jsonb_typeof(e.value -> 'on_dependency_failure') not in ('string', 'null') then 'PF405:on_dependency_failure is not a string'
                   when pg_catalog.jsonb_typeof(e.value -> 'concurrency_key') not in ('string', 'null')
                     or pg_catalog.jsonb_typeof(e.value -> 'sequence_key') not in ('string', 'null')
                     or pg_catalog.jsonb_typeof(e.value -> 'max_run_time') not in ('string', 'null')
                     or pg_catalog.jsonb_typeof(e.value -> 'unique_for') not in ('string', 'null')
                     then 'PF405:concurrency_key, sequence_key, max_run_time or unique_for is not a string'
                   when e.value ->> 'concurrency_key' = '' or e.value ->> 'sequence_key' = ''
                     or octet_length(e.value ->> 'concurrency_key') > (pgfirst_private.arg_limits()).job_key_max_bytes
                     or octet_length(e.value ->> 'sequence_key') > (pgfirst_private.arg_limits()).job_key_max_bytes
                     then 'PF444:concurrency_key or sequence_key empty or too long'
                   when e.value ->> 'unique_for' is not null and e.value ->> 'job_key' is null
                     then 'PF443:unique_for needs a job_key'
                   when octet_length(e.value ->> 'task') > (pgfirst_private.arg_limits()).name_max_bytes
                     or octet_length(e.value ->> 'queue') > (pgfirst_private.arg_limits()).name_max_bytes
                     or octet_length(e.value ->> 'job_key') > (pgfirst_private.arg_limits()).job_key_max_bytes
                     or octet_length(e.value ->> 'tenant') > (pgfirst_private.arg_limits()).tenant_max_bytes
                     then 'PF416:task, queue, job_key or tenant too long'
                   when pg_catalog.pg_column_size(e.value -> 'payload') > (pgfirst_private.arg_limits()).payload_max_bytes
                     then 'PF414:payload too large'
                 end as problem
            from pg_catalog.jsonb_array_elements(jobs) with ordinality e) x
   where x.problem is not null
   order by x.ord
   limit 1;
  if found then
    raise exception 'jobs element % is invalid: %', v_bad.ord, pg_catalog.split_part(v_bad.problem, ':', 2)
      using errcode = pg_catalog.split_part(v_bad.problem, ':', 1),
            detail = pg_catalog.format('Element %s of the jobs array.', v_bad.ord),
            hint = 'Each element is an object with task (required) and optionally payload, queue, run_at, priority, max_attempts, job_key, job_key_mode, tenant, now, depends_on, on_dependency_failure, concurrency_key, sequence_key, max_run_time, unique_for.';
  end if;

  -- Timestamps: finite, years 1..9999 (PF006), as for job_enqueue. A separate pass because
  -- the cast itself may fail (PF405), which the shape check above must not raise.
  if pg_catalog.jsonb_path_exists(jobs, '$[*] ? (exists (@.run_at) || exists (@.now))') then
    begin
      select x.ord, x.arg, x.ts into v_bad
        from (select e.ordinality as ord, a.arg, (e.value ->> a.arg)::timestamptz as ts
                from pg_catalog.jsonb_array_elements(jobs) with ordinality e,
                     (values ('run_at'), ('now')) a(arg)) x
       where not pgfirst_private.arg_time_ok(x.ts)
       order by x.ord
       limit 1;
    exception
      when invalid_datetime_format or datetime_field_overflow then
        raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405',
          hint = 'run_at and now must be ISO 8601 timestamps; priority and max_attempts integers.';
    end;
    if found then
      perform pgfirst_private.arg_time(v_bad.ts, pg_catalog.format('jobs element %s: %s', v_bad.ord, v_bad.arg));
    end if;
  end if;

  -- Intervals (max_run_time, unique_for): positive, at most 100 years; a separate pass, as
  -- the cast may fail (PF405).
  if pg_catalog.jsonb_path_exists(jobs, '$[*] ? (exists (@.max_run_time) || exists (@.unique_for))') then
    begin
      select x.ord, x.arg, x.iv into v_bad
        from (select e.ordinality as ord, a.arg, (e.value ->> a.arg)::interval as iv
                from pg_catalog.jsonb_array_elements(jobs) with ordinality e,
                     (values ('max_run_time'), ('unique_for')) a(arg)) x
       where x.iv <= interval '0' or x.iv > (pgfirst_private.arg_limits()).interval_max
       order by x.ord
       limit 1;
    exception
      when invalid_datetime_format or datetime_field_overflow or interval_field_overflow then
        raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405',
          hint = 'max_run_time and unique_for must be intervals such as ''5 minutes''.';
    end;
    if found then
      raise exception 'jobs element %: % must be a positive interval of at most %', v_bad.ord, v_bad.arg,
        (pgfirst_private.arg_limits()).interval_max
        using errcode = case v_bad.arg when 'max_run_time' then 'PF442' else 'PF443' end;
    end if;
  end if;

  -- Jobs with dependencies (rare in batches; workflow_enqueue builds whole DAGs): one
  -- job_enqueue per element, in input order, so the rules are exactly job_enqueue's.
  if pg_catalog.jsonb_path_exists(jobs, '$[*].depends_on ? (@ != null)') then
    begin
      return query
        select pgfirst.job_enqueue(
                 task => e.value ->> 'task', payload => coalesce(e.value -> 'payload', '{}'),
                 queue => coalesce(e.value ->> 'queue', 'default'),
                 run_at => (e.value ->> 'run_at')::timestamptz,
                 priority => coalesce((e.value ->> 'priority')::integer, 0),
                 max_attempts => coalesce((e.value ->> 'max_attempts')::integer, 25),
                 job_key => e.value ->> 'job_key', job_key_mode => coalesce(e.value ->> 'job_key_mode', 'replace'),
                 tenant => coalesce(e.value ->> 'tenant', ''), now => coalesce((e.value ->> 'now')::timestamptz, v_now),
                 depends_on => (select pg_catalog.array_agg(d.value::bigint order by d.ordinality)
                                  from pg_catalog.jsonb_array_elements_text(e.value -> 'depends_on') with ordinality d),
                 on_dependency_failure => coalesce(e.value ->> 'on_dependency_failure', 'fail'),
                 concurrency_key => e.value ->> 'concurrency_key', sequence_key => e.value ->> 'sequence_key',
                 max_run_time => (e.value ->> 'max_run_time')::interval, unique_for => (e.value ->> 'unique_for')::interval)
          from pg_catalog.jsonb_array_elements(jobs) with ordinality e
         order by e.ordinality;
    exception
      when invalid_datetime_format or datetime_field_overflow or invalid_text_representation
        or numeric_value_out_of_range then
        raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405',
          hint = 'run_at and now must be ISO 8601 timestamps; priority, max_attempts and depends_on ids integers.';
    end;
    return;
  end if;

  if not pg_catalog.jsonb_path_exists(jobs, '$[*].job_key ? (@ != null)') then
    -- The common case, no job_key anywhere: one INSERT in input order (ids ascend with it).
    begin
      with ins as (
        insert into pgfirst_private.job
          (tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at,
           concurrency_key, sequence_key, max_run_time, fair_key)
        select coalesce(e.value ->> 'tenant', ''),
               coalesce(e.value ->> 'queue', 'default'),
               e.value ->> 'task',
               coalesce(e.value -> 'payload', '{}'),
               coalesce((e.value ->> 'priority')::integer, 0),
               coalesce((e.value ->> 'run_at')::timestamptz, (e.value ->> 'now')::timestamptz, v_now),
               coalesce((e.value ->> 'max_attempts')::integer, 25),
               coalesce((e.value ->> 'now')::timestamptz, v_now),
               coalesce((e.value ->> 'now')::timestamptz, v_now),
               e.value ->> 'concurrency_key',
               e.value ->> 'sequence_key',
               (e.value ->> 'max_run_time')::interval,
               case when q.queue is not null then coalesce(e.value ->> 'concurrency_key', e.value ->> 'tenant', '') end
          from pg_catalog.jsonb_array_elements(jobs) with ordinality e
          left join pgfirst_private.job_queue q
            on q.queue = coalesce(e.value ->> 'queue', 'default') and (q.fair or q.key_concurrency is not null)
         order by e.ordinality
        returning pgfirst_private.job.id, pgfirst_private.job.queue, pgfirst_private.job.run_at,
                  pgfirst_private.job.created_at
      )
      select pg_catalog.array_agg(ins.id order by ins.id),
             pg_catalog.array_agg(distinct ins.queue) filter (where ins.run_at <= ins.created_at)
        into v_ids, v_queues
        from ins;
    exception
      when invalid_datetime_format or datetime_field_overflow or invalid_text_representation
        or numeric_value_out_of_range then
        raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405',
          hint = 'run_at and now must be ISO 8601 timestamps; priority and max_attempts integers.';
    end;
    perform pgfirst_private.job_notify(q) from pg_catalog.unnest(v_queues) q;
    return query select i from pg_catalog.unnest(v_ids) i;
    return;
  end if;

  begin
    -- Mixed batch. Unkeyed jobs: one INSERT; ids drawn in input order (FIFO among equal run_at).
    with parsed as (
      select e.ordinality as ord, e.value as v
        from pg_catalog.jsonb_array_elements(jobs) with ordinality e
    ), numbered as (
      select p.ord, p.v, pg_catalog.nextval('pgfirst_private.job_id_seq') as id
        from (select * from parsed where parsed.v ->> 'job_key' is null order by parsed.ord) p
    ), ins as (
      insert into pgfirst_private.job
        (id, tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at,
         concurrency_key, sequence_key, max_run_time, fair_key)
      select n.id,
             coalesce(n.v ->> 'tenant', ''),
             coalesce(n.v ->> 'queue', 'default'),
             n.v ->> 'task',
             coalesce(n.v -> 'payload', '{}'),
             coalesce((n.v ->> 'priority')::integer, 0),
             coalesce((n.v ->> 'run_at')::timestamptz, (n.v ->> 'now')::timestamptz, v_now),
             coalesce((n.v ->> 'max_attempts')::integer, 25),
             coalesce((n.v ->> 'now')::timestamptz, v_now),
             coalesce((n.v ->> 'now')::timestamptz, v_now),
             n.v ->> 'concurrency_key',
             n.v ->> 'sequence_key',
             (n.v ->> 'max_run_time')::interval,
             case when q.queue is not null then coalesce(n.v ->> 'concurrency_key', n.v ->> 'tenant', '') end
        from numbered n
        left join pgfirst_private.job_queue q
          on q.queue = coalesce(n.v ->> 'queue', 'default') and (q.fair or q.key_concurrency is not null)
      returning pgfirst_private.job.queue, pgfirst_private.job.run_at, pgfirst_private.job.created_at
    )
    select (select pg_catalog.array_agg(n.id order by n.ord) from numbered n),
           (select pg_catalog.array_agg(distinct ins.queue) from ins where ins.run_at <= ins.created_at),
           (select count(*) from parsed where parsed.v ->> 'job_key' is not null)
      into v_ids, v_queues, v_keyed_count;
    -- Wake idle workers: one notification per ready queue.
    perform pgfirst_private.job_notify(q) from pg_catalog.unnest(v_queues) q;
  exception
    when invalid_datetime_format or datetime_field_overflow or invalid_text_representation
      or numeric_value_out_of_range then
      raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405',
        hint = 'run_at and now must be ISO 8601 timestamps; priority and max_attempts integers.';
  end;

  -- Output in input order: unkeyed ids, and keyed jobs (dedup needs the upsert per key).
  declare
    v_pos integer := 0;
    v_kid bigint;
    v_existing bigint;
  begin
    for v_keyed in
      select e.ordinality as ord, e.value as v
        from pg_catalog.jsonb_array_elements(jobs) with ordinality e
       order by e.ordinality
    loop
      if v_keyed.v ->> 'job_key' is null then
        v_pos := v_pos + 1;
        return next v_ids[v_pos];
      else
        begin
          v_existing := null;
          if v_keyed.v ->> 'job_key_mode' = 'keep' then
            select j.id into v_existing
              from pgfirst_private.job j
             where j.tenant = coalesce(v_keyed.v ->> 'tenant', '') and j.job_key = v_keyed.v ->> 'job_key';
          end if;
          v_kid := pgfirst_private.job_enqueue_keyed(
            v_keyed.v ->> 'task', coalesce(v_keyed.v -> 'payload', '{}'),
            coalesce(v_keyed.v ->> 'queue', 'default'),
            coalesce((v_keyed.v ->> 'run_at')::timestamptz, (v_keyed.v ->> 'now')::timestamptz, v_now),
            coalesce((v_keyed.v ->> 'priority')::integer, 0),
            coalesce((v_keyed.v ->> 'max_attempts')::integer, 25),
            v_keyed.v ->> 'job_key', coalesce(v_keyed.v ->> 'job_key_mode', 'replace'),
            coalesce(v_keyed.v ->> 'tenant', ''), coalesce((v_keyed.v ->> 'now')::timestamptz, v_now));
          v_kid := pgfirst_private.job_enqueue_flow(v_kid, v_keyed.v ->> 'concurrency_key', v_keyed.v ->> 'sequence_key',
            (v_keyed.v ->> 'max_run_time')::interval, (v_keyed.v ->> 'unique_for')::interval,
            coalesce((v_keyed.v ->> 'now')::timestamptz, v_now), v_existing);
        exception
          when invalid_datetime_format or datetime_field_overflow or invalid_text_representation
            or numeric_value_out_of_range then
            raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405';
        end;
        if coalesce((v_keyed.v ->> 'run_at')::timestamptz, v_now) <= coalesce((v_keyed.v ->> 'now')::timestamptz, v_now) then
          perform pgfirst_private.job_notify(coalesce(v_keyed.v ->> 'queue', 'default'));
        end if;
        return next v_kid;
      end if;
    end loop;
  end;
  return;
end;
$_$;

--
-- Name: FUNCTION job_enqueue_many(jobs jsonb); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_enqueue_many(jobs jsonb) IS 'Enqueues a JSON array of jobs (fields as job_enqueue, including depends_on and on_dependency_failure, plus optional now) and returns their ids in input order. Unkeyed jobs go in one INSERT; keyed jobs are deduplicated as in job_enqueue. All or nothing; one NOTIFY per ready queue.';

--
-- Name: job_fail(bigint, text, text, interval, timestamp with time zone, integer); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_fail(id bigint, worker_id text, error text, retry_delay interval DEFAULT NULL::interval, now timestamp with time zone DEFAULT NULL::timestamp with time zone, attempt integer DEFAULT NULL::integer) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(job_fail.now) then coalesce(job_fail.now, pg_catalog.now())
                          else pgfirst_private.arg_time(job_fail.now, 'now') end;
  v_job pgfirst_private.job;
  v_state text;
  v_entry jsonb;
  v_error text;
begin
  if job_fail.worker_id is null or job_fail.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  if job_fail.retry_delay < interval '0' or job_fail.retry_delay > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'retry_delay must be between 0 and %', (pgfirst_private.arg_limits()).interval_max using errcode = 'PF410',
      detail = pg_catalog.format('retry_delay was %s.', job_fail.retry_delay);
  end if;
  -- The error text is kept in last_error and the errors history: bounded, so one huge
  -- stack trace cannot bloat the row (the rest is cut, not refused: the failure must land).
  v_error := pg_catalog.left(job_fail.error, (pgfirst_private.arg_limits()).error_max_chars);

  select j.* into v_job
    from pgfirst_private.job j
   where j.id = job_fail.id
     and j.state = 'running'
     and j.worker_id = job_fail.worker_id
     and (job_fail.attempt is null or j.attempt = job_fail.attempt)
     for update;
  if not found then
    return null; -- fenced: not (or no longer) leased to this worker
  end if;

  v_entry := pg_catalog.jsonb_build_object('at', v_now, 'attempt', v_job.attempt,
               'worker_id', job_fail.worker_id, 'error', coalesce(v_error, ''));
  v_state := case when v_job.cancel_requested then 'cancelled'
                  when v_job.attempt >= v_job.max_attempts then 'dead'
                  else 'failed' end;

  if v_state = 'failed' then
    update pgfirst_private.job j
       set state = 'failed',
           run_at = v_now + coalesce(job_fail.retry_delay, pgfirst_private.job_backoff(j.id, j.attempt)),
           worker_id = null, lease_expires_at = null, lease_duration = null,
           last_error = v_error,
           errors = pgfirst_private.job_error_push(j.errors, v_entry),
           updated_at = v_now
     where j.id = job_fail.id;
  else
    delete from pgfirst_private.job j where j.id = job_fail.id;
    v_job.last_error := v_error;
    v_job.errors := pgfirst_private.job_error_push(v_job.errors, v_entry);
    v_job.updated_at := v_now;
    perform pgfirst_private.job_finished(array[v_job], v_state, v_now);
  end if;
  return v_state;
end;
$$;

--
-- Name: FUNCTION job_fail(id bigint, worker_id text, error text, retry_delay interval, now timestamp with time zone, attempt integer); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_fail(id bigint, worker_id text, error text, retry_delay interval, now timestamp with time zone, attempt integer) IS 'Records a failed attempt of a job leased to worker_id. Returns the new state: failed (retried at now + retry_delay, or the exponential backoff with jitter), dead (max_attempts spent), cancelled (cancellation was requested), or null when the job is not leased to this worker (fenced, nothing changed).';

--
-- Name: job_get(bigint); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_get(id bigint) RETURNS TABLE(id bigint, task text, queue text, tenant text, state text, attempt integer, max_attempts integer, run_at timestamp with time zone, last_error text, created_at timestamp with time zone, updated_at timestamp with time zone, progress jsonb)
    LANGUAGE sql STABLE STRICT SECURITY DEFINER PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- live first, then dead letters, then the archive (a retried job may have an archived copy)
  select x.id, x.task, x.queue, x.tenant, x.state, x.attempt, x.max_attempts, x.run_at,
         x.last_error, x.created_at, x.updated_at, x.progress
    from (
      select 1 as rank, j.id, j.task, j.queue, j.tenant, j.state, j.attempt, j.max_attempts, j.run_at,
             j.last_error, j.created_at, j.updated_at, j.progress
        from pgfirst_private.job j
       where j.id = job_get.id
      union all
      select 2, d.id, d.task, d.queue, d.tenant, d.state, d.attempt, d.max_attempts, d.run_at,
             d.last_error, d.created_at, d.updated_at, null::jsonb
        from pgfirst_private.job_dead d
       where d.id = job_get.id
      union all
      select 3, a.id, a.task, a.queue, a.tenant, a.state, a.attempt, a.max_attempts, a.run_at,
             a.last_error, a.created_at, a.updated_at, null::jsonb
        from pgfirst_private.job_archive a
       where a.id = job_get.id
    ) x
   order by x.rank
   limit 1
$$;

--
-- Name: FUNCTION job_get(id bigint); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_get(id bigint) IS 'One job by id: live (waiting, pending, failed, running), dead letter (dead, cancelled) or archived (done, dead, cancelled, for queues with keep_finished); zero rows for an unknown job or a completed job that was not archived. progress: the last job_progress of a live job (null once it finished). Primary-key lookups (one per archive partition).';

--
-- Name: job_heartbeat(text, interval, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_heartbeat(worker_id text, lease interval DEFAULT NULL::interval, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(id bigint, cancel_requested boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(job_heartbeat.now) then coalesce(job_heartbeat.now, pg_catalog.now())
                          else pgfirst_private.arg_time(job_heartbeat.now, 'now') end;
begin
  if job_heartbeat.worker_id is null or job_heartbeat.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  if job_heartbeat.lease <= interval '0' or job_heartbeat.lease > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'lease must be a positive interval of at most %', (pgfirst_private.arg_limits()).interval_max using errcode = 'PF407';
  end if;
  -- Only lease_expires_at changes: no indexed column, so this is a HOT update.
  return query
    update pgfirst_private.job j
       set lease_expires_at = v_now + coalesce(job_heartbeat.lease, j.lease_duration)
     where j.state = 'running'
       and j.worker_id = job_heartbeat.worker_id
    returning j.id, j.cancel_requested;
end;
$$;

--
-- Name: FUNCTION job_heartbeat(worker_id text, lease interval, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_heartbeat(worker_id text, lease interval, now timestamp with time zone) IS 'Extends every lease worker_id holds to now + lease (default: each job''s claim lease) in one statement; returns the jobs still held and whether cancellation was requested. A job missing from the result was reaped: stop working on it.';

--
-- Name: job_list(text, text, text, text, timestamp with time zone, timestamp with time zone, bigint, integer); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_list(state text DEFAULT NULL::text, queue text DEFAULT NULL::text, task text DEFAULT NULL::text, tenant text DEFAULT NULL::text, since timestamp with time zone DEFAULT NULL::timestamp with time zone, until timestamp with time zone DEFAULT NULL::timestamp with time zone, before_id bigint DEFAULT NULL::bigint, page_size integer DEFAULT 50) RETURNS TABLE(id bigint, state text, queue text, task text, tenant text, priority integer, attempt integer, max_attempts integer, run_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, finished_at timestamp with time zone, last_error text, job_key text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from pgfirst_private.job_list_page(job_list.state, job_list.queue, job_list.task, job_list.tenant, job_list.since, job_list.until, job_list.before_id, job_list.page_size)
$$;

--
-- Name: FUNCTION job_list(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, before_id bigint, page_size integer); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_list(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, before_id bigint, page_size integer) IS 'Jobs in every state (pending, scheduled, running, failed = awaiting retry, dead, cancelled, done = archived), newest id first, at most page_size (1-1000) rows; next page: before_id => the last id. Filters: state, queue, task, tenant (equality), since/until on created_at. No payload. Each branch walks an index; no COUNT.';

--
-- Name: job_listen_channel(); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_listen_channel() RETURNS text
    LANGUAGE sql STABLE STRICT SECURITY DEFINER PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select c.name from pgfirst_private.job_channel c
$$;

--
-- Name: FUNCTION job_listen_channel(); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_listen_channel() IS 'The NOTIFY channel on which pgfirst wakes idle workers (pgfirst_jobs_ + 32 hex digits, random per database, stable across migrations): LISTEN on it. Payloads are empty; a notification means "claim again". Workers and admins only: a role that cannot learn the name hears nothing.';

--
-- Name: job_progress(bigint, text, jsonb); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_progress(id bigint, worker_id text, progress jsonb) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_found boolean;
begin
  if job_progress.worker_id is null or job_progress.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  if pg_catalog.pg_column_size(job_progress.progress) > (pgfirst_private.arg_limits()).payload_max_bytes then
    raise exception 'job progress is at most % bytes', (pgfirst_private.arg_limits()).payload_max_bytes using errcode = 'PF445',
      detail = pg_catalog.format('progress: %s bytes (jsonb datum).', pg_catalog.pg_column_size(job_progress.progress));
  end if;
  -- Fenced like job_complete; progress is not indexed, so this is a HOT update.
  update pgfirst_private.job j
     set progress = job_progress.progress
   where j.id = job_progress.id and j.state = 'running' and j.worker_id = job_progress.worker_id
  returning true into v_found;
  return coalesce(v_found, false);
end;
$$;

--
-- Name: FUNCTION job_progress(id bigint, worker_id text, progress jsonb); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_progress(id bigint, worker_id text, progress jsonb) IS 'Records the progress (any JSON, replaced on each call; null clears it) of a running job leased to worker_id; shown by job_get while the job is live. Returns false (nothing changed) when the job is not leased to this worker.';

--
-- Name: job_reap(timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_reap(now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(job_reap.now) then coalesce(job_reap.now, pg_catalog.now())
                          else pgfirst_private.arg_time(job_reap.now, 'now') end;
  v_back integer;
  v_dead pgfirst_private.job[];
  v_spent pgfirst_private.job[];
  v_cancelled pgfirst_private.job[];
begin
  -- Expired leases with attempts left: back to the queue at once (the attempt counts).
  -- Jobs running longer than their max_run_time ('timed out'): back to the queue after the
  -- retry backoff, as a failed attempt (the worker aborts its handler at the deadline).
  with x as (
    select j.id, (j.claimed_at + j.max_run_time < v_now) as timed_out
      from pgfirst_private.job j
     where j.state = 'running'
       and (j.lease_expires_at < v_now or j.claimed_at + j.max_run_time < v_now)
       and j.attempt < j.max_attempts
       and not j.cancel_requested
       for update skip locked
  )
  update pgfirst_private.job j
     set state = 'failed',
         run_at = case when x.timed_out then v_now + pgfirst_private.job_backoff(j.id, j.attempt) else v_now end,
         worker_id = null,
         lease_expires_at = null, lease_duration = null,
         last_error = case when x.timed_out then 'timed out' else 'lease expired' end,
         errors = pgfirst_private.job_error_push(j.errors, pg_catalog.jsonb_build_object(
                    'at', v_now, 'attempt', j.attempt, 'worker_id', j.worker_id,
                    'error', case when x.timed_out then 'timed out' else 'lease expired' end)),
         updated_at = v_now
    from x
   where j.id = x.id;
  get diagnostics v_back = row_count;

  -- Expired leases on the last attempt (dead) or of a job whose cancellation was requested
  -- (cancelled: its worker is gone, and running it again would undo the cancel).
  with x as (
    select j.id
      from pgfirst_private.job j
     where j.state = 'running'
       and (j.lease_expires_at < v_now or j.claimed_at + j.max_run_time < v_now)
       and (j.attempt >= j.max_attempts or j.cancel_requested)
       for update skip locked
  ), d as (
    delete from pgfirst_private.job j using x where j.id = x.id returning j
  )
  select pg_catalog.array_agg(d.j) into v_dead from d;
  if v_dead is not null then
    select pg_catalog.array_agg(g.r) filter (where not (g.r).cancel_requested),
           pg_catalog.array_agg(g.r) filter (where (g.r).cancel_requested)
      into v_spent, v_cancelled
      from (select pg_catalog.jsonb_populate_record(r, pg_catalog.jsonb_build_object(
                     'last_error', e.error, 'updated_at', v_now,
                     'errors', pgfirst_private.job_error_push(r.errors, pg_catalog.jsonb_build_object(
                       'at', v_now, 'attempt', r.attempt, 'worker_id', r.worker_id, 'error', e.error)))) as r
              from pg_catalog.unnest(v_dead) r
             cross join lateral (select case when r.claimed_at + r.max_run_time < v_now then 'timed out'
                                             else 'lease expired' end as error) e) g;
    if v_spent is not null then
      perform pgfirst_private.job_finished(v_spent, 'dead', v_now);
    end if;
    if v_cancelled is not null then
      perform pgfirst_private.job_finished(v_cancelled, 'cancelled', v_now);
    end if;
  end if;
  return v_back + coalesce(pg_catalog.cardinality(v_dead), 0);
end;
$$;

--
-- Name: FUNCTION job_reap(now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_reap(now timestamp with time zone) IS 'Returns jobs whose lease expired before now to the queue (ready at once, the attempt counted) and jobs running longer than their max_run_time (last_error ''timed out'', retried after the backoff), to dead when it was the last attempt, or to cancelled when job_cancel had flagged it; returns how many. Safe to call from many processes (SKIP LOCKED); reads only the small running index.';

--
-- Name: job_release(bigint[], text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_release(ids bigint[], worker_id text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(job_release.now) then coalesce(job_release.now, pg_catalog.now())
                          else pgfirst_private.arg_time(job_release.now, 'now') end;
  v_n integer;
  v_cancelled pgfirst_private.job[];
begin
  if job_release.worker_id is null or job_release.worker_id = '' then
    raise exception 'worker_id must be a non-empty text' using errcode = 'PF408';
  end if;
  if pg_catalog.cardinality(job_release.ids) > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'job_release takes at most % ids per call', (pgfirst_private.arg_limits()).batch_max using errcode = 'PF415',
      detail = pg_catalog.format('%s ids.', pg_catalog.cardinality(job_release.ids));
  end if;
  -- A job whose cancellation was requested is not handed back: it becomes cancelled.
  with d as (
    delete from pgfirst_private.job j
     where j.id = any (job_release.ids)
       and j.state = 'running'
       and j.worker_id = job_release.worker_id
       and j.cancel_requested
    returning j
  )
  select pg_catalog.array_agg(d.j) into v_cancelled from d;
  if v_cancelled is not null then
    perform pgfirst_private.job_finished(v_cancelled, 'cancelled', v_now);
  end if;
  -- The attempt did not happen (graceful shutdown): give it back, uncounted, ready now.
  update pgfirst_private.job j
     set state = case when j.attempt > 1 then 'failed' else 'pending' end,
         attempt = j.attempt - 1, run_at = v_now, worker_id = null,
         lease_expires_at = null, lease_duration = null, updated_at = v_now
   where j.id = any (job_release.ids)
     and j.state = 'running'
     and j.worker_id = job_release.worker_id;
  get diagnostics v_n = row_count;
  if v_n > 0 then
    perform pgfirst_private.job_notify(q.queue)
       from (select distinct j.queue from pgfirst_private.job j where j.id = any (job_release.ids)) q;
  end if;
  return v_n + coalesce(pg_catalog.cardinality(v_cancelled), 0);
end;
$$;

--
-- Name: FUNCTION job_release(ids bigint[], worker_id text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_release(ids bigint[], worker_id text, now timestamp with time zone) IS 'Hands jobs leased to worker_id back to the queue without counting the attempt (graceful shutdown); a job flagged by job_cancel becomes cancelled instead. Fenced like job_complete. Returns how many jobs left this worker.';

--
-- Name: job_result(bigint); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_result(id bigint) RETURNS TABLE(state text, result jsonb, finished_at timestamp with time zone)
    LANGUAGE sql STABLE STRICT SECURITY DEFINER PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- live first (no result yet), then finish records, dead letters, the archive; an id that
  -- was issued but is found nowhere was completed without a stored result (or its record
  -- was purged after job.result_retention / job.dead_retention): done, result null.
  select x.state, x.result, x.finished_at
    from (
      select 1 as rank, j.state, null::jsonb as result, null::timestamptz as finished_at
        from pgfirst_private.job j
       where j.id = job_result.id
      union all
      select 2, r.state, r.result, r.finished_at
        from pgfirst_private.job_result r
       where r.id = job_result.id
      union all
      select 3, d.state, null, d.finished_at
        from pgfirst_private.job_dead d
       where d.id = job_result.id
      union all
      (select 4, a.state, a.result, a.finished_at
         from pgfirst_private.job_archive a
        where a.id = job_result.id
        order by a.finished_at desc
        limit 1)
      union all
      select 5, 'done', null, null
        from pgfirst_private.job_id_seq s
       where job_result.id between 1 and s.last_value
    ) x
   order by x.rank
   limit 1
$$;

--
-- Name: FUNCTION job_result(id bigint); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_result(id bigint) IS 'The state of a job and, once done, the JSON result its worker returned (job_complete results) and when it finished: waiting | pending | failed | running (result null) or done | dead | cancelled. An issued id found nowhere counts as done without a result (completed without a result, or its record purged); zero rows for an id never issued. Primary-key lookups.';

--
-- Name: job_result_channel(); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_result_channel() RETURNS text
    LANGUAGE sql STABLE STRICT SECURITY DEFINER PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- derived one-way from the worker channel, which must stay unknown to pgfirst_app
  select 'pgfirst_results_' || pg_catalog.md5(c.name || ':results') from pgfirst_private.job_channel c
$$;

--
-- Name: FUNCTION job_result_channel(); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_result_channel() IS 'The NOTIFY channel on which job_complete signals that results were stored (empty payload: "look again" with job_result). LISTEN on it to wait for a result without busy polling; behind a transaction-mode pooler, poll job_result instead.';

--
-- Name: job_retry(bigint, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_retry(id bigint, run_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_moved bigint[];
begin
  if not pgfirst_private.arg_time_ok(job_retry.run_at) then
    perform pgfirst_private.arg_time(job_retry.run_at, 'run_at');
  end if;
  -- Same id, fresh attempts. If a live job already holds the job_key, the dead one is left
  -- where it is (the live job covers the work) and false is returned.
  perform from pgfirst_private.job_dead x where x.id = job_retry.id for update;
  if not found then
    return false;
  end if;
  v_moved := pgfirst_private.job_dead_revive(array[job_retry.id], job_retry.run_at, v_now);
  if pg_catalog.cardinality(v_moved) = 0 then
    return false;
  end if;
  -- job_retry is an admin action: audited like the dashboard's bulk retry
  perform pgfirst_private.audit_write('job_retry', job_retry.id::text,
    pg_catalog.jsonb_build_object('run_at', coalesce(job_retry.run_at, v_now)));
  return true;
end;
$$;

--
-- Name: FUNCTION job_retry(id bigint, run_at timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_retry(id bigint, run_at timestamp with time zone) IS 'Moves a dead or cancelled job back to pending (same id, attempts reset) to run at run_at (default now); recorded in the admin audit. False when there is no such dead letter or a live job holds its job_key.';

--
-- Name: job_retry_many(text, text, text, text, timestamp with time zone, timestamp with time zone, integer); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.job_retry_many(state text DEFAULT 'dead'::text, queue text DEFAULT NULL::text, task text DEFAULT NULL::text, tenant text DEFAULT NULL::text, since timestamp with time zone DEFAULT NULL::timestamp with time zone, until timestamp with time zone DEFAULT NULL::timestamp with time zone, max_jobs integer DEFAULT 1000) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_ids bigint[];
  v_moved bigint[];
begin
  perform pgfirst_private.job_filter_check(job_retry_many.state, array['dead', 'cancelled'],
    job_retry_many.queue, job_retry_many.task, job_retry_many.tenant, job_retry_many.since,
    job_retry_many.until, job_retry_many.max_jobs, 'max_jobs', (pgfirst_private.arg_limits()).batch_max);
  if job_retry_many.state is null then
    raise exception 'state must be one of dead, cancelled' using errcode = 'PF417',
      detail = 'state was null.';
  end if;
  select pg_catalog.array_agg(c.id) into v_ids
    from (
      select d.id
        from pgfirst_private.job_dead d
       where d.state = job_retry_many.state
         and (job_retry_many.queue is null or d.queue = job_retry_many.queue)
         and (job_retry_many.task is null or d.task = job_retry_many.task)
         and (job_retry_many.tenant is null or d.tenant = job_retry_many.tenant)
         and (job_retry_many.since is null or d.created_at >= job_retry_many.since)
         and (job_retry_many.until is null or d.created_at < job_retry_many.until)
       order by d.id
       limit job_retry_many.max_jobs
         for update skip locked
    ) c;
  if v_ids is null then
    v_moved := '{}';
  else
    v_moved := pgfirst_private.job_dead_revive(v_ids, null, v_now);
  end if;
  perform pgfirst_private.audit_write('job_retry_many', job_retry_many.queue,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
      'state', job_retry_many.state, 'queue', job_retry_many.queue, 'task', job_retry_many.task,
      'tenant', job_retry_many.tenant, 'since', job_retry_many.since, 'until', job_retry_many.until,
      'max_jobs', job_retry_many.max_jobs, 'retried', pg_catalog.cardinality(v_moved),
      'first_id', v_moved[1], 'last_id', v_moved[pg_catalog.cardinality(v_moved)])));
  return pg_catalog.cardinality(v_moved);
end;
$$;

--
-- Name: FUNCTION job_retry_many(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, max_jobs integer); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.job_retry_many(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, max_jobs integer) IS 'Retries up to max_jobs (1-10000) dead letters in state dead (default) or cancelled matching the filters (queue, task, tenant, created_at in [since, until)), oldest first, skipping locked rows: back to pending now, same ids, attempts reset. Returns how many moved; audited. Call again while it returns max_jobs.';

--
-- Name: login_attempt(text, inet, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.login_attempt(username text, ip inet DEFAULT NULL::inet, tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(allowed boolean, failures integer, locked_until timestamp with time zone, retry_after interval)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_window interval := pgfirst_private.setting_interval('login.window');
  v_lockout_s numeric := extract(epoch from pgfirst_private.setting_interval('login.lockout'));
  v_lockout_max_s numeric := extract(epoch from pgfirst_private.setting_interval('login.lockout_max'));
  v_escalation numeric := (pgfirst_private.setting_value('login.lockout_escalation') #>> '{}')::numeric;
  v_reset interval := pgfirst_private.setting_interval('login.escalation_reset');
  v_max_user bigint := pgfirst_private.setting_int('login.max_failures');
  v_max_user_ip bigint := pgfirst_private.setting_int('login.user_ip_max_failures');
  v_max_ip bigint := pgfirst_private.setting_int('login.ip_max_failures');
  v_scopes text[];
  v_subjects bytea[];
  v_user_subjects bytea[];
  r record;
  v_limit bigint;
  v_fresh boolean;
  v_failures integer;
  v_level integer;
  v_lock timestamptz;
  v_allowed boolean := true;
  v_free_at timestamptz;
  v_user_failures integer;
  v_locked_until timestamptz;
begin
  if tenant is null or octet_length(tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes then
    raise exception 'tenant must be a text of at most % bytes', (pgfirst_private.arg_limits()).tenant_max_bytes
      using errcode = 'PF301', hint = 'Use '''' when tenants are not used.';
  end if;
  select pg_catalog.array_agg(s.scope order by s.scope, s.subject),
         pg_catalog.array_agg(s.subject order by s.scope, s.subject),
         pg_catalog.array_agg(s.user_subject order by s.scope, s.subject)
    into v_scopes, v_subjects, v_user_subjects
    from pgfirst_private.login_subjects(username, ip) s
   where case s.scope when 'user' then v_max_user when 'ip' then v_max_ip else v_max_user_ip end > 0;
  if v_scopes is null then
    -- every limit is switched off
    return query select true, null::integer, null::timestamptz, null::interval;
    return;
  end if;

  -- create-or-lock, in (scope, subject) order
  insert into pgfirst_private.login_throttle as t (tenant, scope, subject, user_subject)
  select login_attempt.tenant, x.scope, x.subject, x.user_subject
    from rows from (pg_catalog.unnest(v_scopes), pg_catalog.unnest(v_subjects), pg_catalog.unnest(v_user_subjects))
         with ordinality as x(scope, subject, user_subject, n)
   order by x.n
  on conflict on constraint login_throttle_pkey do update set failures = t.failures;

  -- decide: every counter must have room
  for r in
    select t.* from pgfirst_private.login_throttle t
      join rows from (pg_catalog.unnest(v_scopes), pg_catalog.unnest(v_subjects)) as x(scope, subject)
        on t.scope = x.scope and t.subject = x.subject
     where t.tenant = login_attempt.tenant
  loop
    v_limit := case r.scope when 'user' then v_max_user when 'ip' then v_max_ip else v_max_user_ip end;
    v_fresh := r.window_start is null or r.window_start + v_window <= v_now;
    if r.locked_until > v_now then
      v_allowed := false;
      v_free_at := greatest(v_free_at, r.locked_until);
    elsif not v_fresh and r.failures >= v_limit then
      -- limit lowered since the reservations were made: wait for the window to end
      v_allowed := false;
      v_free_at := greatest(v_free_at, r.window_start + v_window);
    end if;
    if r.scope = 'user' then
      v_user_failures := case when v_fresh then 0 else r.failures end;
    end if;
    if r.locked_until > v_now then
      v_locked_until := greatest(v_locked_until, r.locked_until);
    end if;
  end loop;

  if not v_allowed then
    return query select false, v_user_failures, v_locked_until, v_free_at - v_now;
    return;
  end if;

  -- reserve: count this attempt on every counter; lock those that reach their limit
  for r in
    select t.* from pgfirst_private.login_throttle t
      join rows from (pg_catalog.unnest(v_scopes), pg_catalog.unnest(v_subjects)) as x(scope, subject)
        on t.scope = x.scope and t.subject = x.subject
     where t.tenant = login_attempt.tenant
  loop
    v_limit := case r.scope when 'user' then v_max_user when 'ip' then v_max_ip else v_max_user_ip end;
    v_fresh := r.window_start is null or r.window_start + v_window <= v_now;
    v_failures := case when v_fresh then 1 else r.failures + 1 end;
    v_level := case when r.last_failure_at is null or r.last_failure_at + v_reset <= v_now then 0 else r.lockouts end;
    v_lock := null;
    if v_failures >= v_limit then
      v_lock := greatest(
        case when v_fresh then v_now else r.window_start end + v_window,
        v_now + least(v_lockout_s * pg_catalog.power(v_escalation, least(v_level, 64)), v_lockout_max_s)
                * interval '1 second');
      v_level := v_level + 1;
      v_locked_until := greatest(v_locked_until, v_lock);
    end if;
    update pgfirst_private.login_throttle t
       set failures = v_failures,
           window_start = case when v_fresh then v_now else t.window_start end,
           last_failure_at = v_now,
           lockouts = v_level,
           locked_until = v_lock
     where t.tenant = r.tenant and t.scope = r.scope and t.subject = r.subject;
    if r.scope = 'user' then
      v_user_failures := v_failures;
    end if;
  end loop;
  return query select true, v_user_failures, v_locked_until, null::interval;
end;
$$;

--
-- Name: FUNCTION login_attempt(username text, ip inet, tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.login_attempt(username text, ip inet, tenant text, now timestamp with time zone) IS 'Call before checking a password: reserves the attempt on the username, IP and username+IP counters atomically (row locks), so at most login.max_failures checks per window get through whatever the parallelism. Returns allowed, the username''s failures counting this attempt, locked_until (set as soon as this attempt reaches a limit: it applies if the attempt fails) and retry_after when denied. PF306 empty username.';

--
-- Name: login_lockouts(text, integer); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.login_lockouts(tenant text DEFAULT NULL::text, page_size integer DEFAULT 100) RETURNS TABLE(tenant text, scope text, subject_hex text, subject_short text, user_subject_hex text, failures integer, lockouts integer, locked_until timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from pgfirst_private.login_lockout_rows(login_lockouts.tenant, login_lockouts.page_size)
$$;

--
-- Name: FUNCTION login_lockouts(tenant text, page_size integer); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.login_lockouts(tenant text, page_size integer) IS 'Login counters locked right now (of one tenant or all), latest lock end first, at most page_size (1-1000, PF309): scope (user, ip, user_ip), the keyed hash of the subject in hex (full, for login_unlock_subject, and a 12-character prefix for display), failures, lockouts so far, locked_until, last failure. Usernames and addresses are not stored in clear.';

--
-- Name: login_succeeded(text, inet, text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.login_succeeded(username text, ip inet DEFAULT NULL::inet, tenant text DEFAULT ''::text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if tenant is null then
    raise exception 'tenant must not be null'
      using errcode = 'PF301', hint = 'Use '''' when tenants are not used.';
  end if;
  -- lock in login_attempt's order (scope, subject) first, so the two cannot deadlock
  perform 1
     from pgfirst_private.login_throttle t
     join pgfirst_private.login_subjects(username, ip) s on t.scope = s.scope and t.subject = s.subject
    where t.tenant = login_succeeded.tenant
      and s.scope in ('user', 'user_ip')
    order by t.scope, t.subject
      for update of t;
  delete from pgfirst_private.login_throttle t
   using pgfirst_private.login_subjects(username, ip) s
   where t.tenant = login_succeeded.tenant
     and s.scope in ('user', 'user_ip')
     and t.scope = s.scope
     and t.subject = s.subject;
end;
$$;

--
-- Name: FUNCTION login_succeeded(username text, ip inet, tenant text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.login_succeeded(username text, ip inet, tenant text) IS 'Call after a correct password: clears the username''s failures, lock and escalation and its username+IP counter for this address (the per-IP counter stays). PF306 empty username.';

--
-- Name: login_unlock(text, text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.login_unlock(username text, tenant text DEFAULT ''::text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_user bytea;
begin
  if tenant is null then
    raise exception 'tenant must not be null'
      using errcode = 'PF301', hint = 'Use '''' when tenants are not used.';
  end if;
  select s.subject into v_user
    from pgfirst_private.login_subjects(username, null) s
   where s.scope = 'user';
  -- lock in login_attempt's order (scope, subject) first, so the two cannot deadlock
  perform 1
     from pgfirst_private.login_throttle t
    where t.tenant = login_unlock.tenant
      and ((t.scope = 'user' and t.subject = v_user)
           or (t.scope = 'user_ip' and t.user_subject = v_user))
    order by t.scope, t.subject
      for update;
  delete from pgfirst_private.login_throttle t
   where t.tenant = login_unlock.tenant
     and ((t.scope = 'user' and t.subject = v_user)
          or (t.scope = 'user_ip' and t.user_subject = v_user));
  return found;
end;
$$;

--
-- Name: FUNCTION login_unlock(username text, tenant text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.login_unlock(username text, tenant text) IS 'Admin: lifts every lock and forgets every failure of a username (its username and username+IP counters, escalation included); true when there was any. Per-IP counters are left alone.';

--
-- Name: login_unlock_subject(text, text, text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.login_unlock_subject(tenant text, scope text, subject_hex text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
#variable_conflict use_column
declare
  v_subject bytea;
begin
  if login_unlock_subject.tenant is null then
    raise exception 'tenant must not be null'
      using errcode = 'PF301', hint = 'Use '''' when tenants are not used.';
  end if;
  -- the full hash only (64 hex digits): a prefix could match several subjects
  if login_unlock_subject.scope is null or login_unlock_subject.scope not in ('user', 'ip', 'user_ip')
     or login_unlock_subject.subject_hex is null or login_unlock_subject.subject_hex !~ '^[0-9a-fA-F]{64}$' then
    raise exception 'scope must be user, ip or user_ip and subject_hex the 64 hex digits login_lockouts returns'
      using errcode = 'PF308',
            detail = pg_catalog.format('scope %L, subject_hex of %s characters.', login_unlock_subject.scope,
                                       coalesce(pg_catalog.length(login_unlock_subject.subject_hex)::text, 'null'));
  end if;
  v_subject := pg_catalog.decode(login_unlock_subject.subject_hex, 'hex');
  -- as login_unlock: a username's lock goes with its username+IP counters; rows locked in
  -- login_attempt's order (scope, subject) so the two cannot deadlock
  perform 1
     from pgfirst_private.login_throttle t
    where t.tenant = login_unlock_subject.tenant
      and ((t.scope = login_unlock_subject.scope and t.subject = v_subject)
           or (login_unlock_subject.scope = 'user' and t.scope = 'user_ip' and t.user_subject = v_subject))
    order by t.scope, t.subject
      for update;
  delete from pgfirst_private.login_throttle t
   where t.tenant = login_unlock_subject.tenant
     and ((t.scope = login_unlock_subject.scope and t.subject = v_subject)
          or (login_unlock_subject.scope = 'user' and t.scope = 'user_ip' and t.user_subject = v_subject));
  if not found then
    return false;
  end if;
  perform pgfirst_private.audit_write('login_unlock_subject',
    login_unlock_subject.scope || ':' || pg_catalog.lower(login_unlock_subject.subject_hex),
    pg_catalog.jsonb_build_object('tenant', login_unlock_subject.tenant));
  return true;
end;
$_$;

--
-- Name: FUNCTION login_unlock_subject(tenant text, scope text, subject_hex text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.login_unlock_subject(tenant text, scope text, subject_hex text) IS 'Admin: lifts the lock and forgets the failures of one login counter listed by login_lockouts (tenant, scope, full subject_hex); a user counter takes its user+IP counters with it, as login_unlock. True when there was any; PF308 for a bad scope or hex; audited.';

--
-- Name: maintenance(timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.maintenance(now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_batch integer := pgfirst_private.setting_int('maintenance.batch');
  v_result jsonb;
  v_cleanup jsonb := '{}';
  v_missing text[] := '{}';
  v_fn text;
  v_n bigint;
  v_reaped integer;
  v_dead bigint;
  v_results bigint;
  v_archive jsonb;
  v_log bigint;
  v_audit bigint;
begin
  v_reaped := pgfirst.job_reap(now => v_now);

  v_dead := pgfirst_private.job_dead_purge(now => v_now, max_rows => v_batch);

  v_results := pgfirst_private.job_result_purge(now => v_now, max_rows => v_batch);

  v_archive := pgfirst_private.archive_maintain(v_now, v_batch);

  foreach v_fn in array array['cache_cleanup', 'session_cleanup', 'rate_limit_cleanup'] loop
    if pg_catalog.to_regprocedure('pgfirst.' || v_fn || '(integer, timestamp with time zone)') is null then
      v_missing := v_missing || v_fn;
      continue;
    end if;
    execute pg_catalog.format('select %I.%I(max_rows => $1, now => $2)', 'pgfirst', v_fn)
       into v_n using v_batch, v_now;
    v_cleanup := v_cleanup || pg_catalog.jsonb_build_object(v_fn, v_n);
  end loop;

  with x as (
    select m.ctid from pgfirst_private.maintenance_run m
     where m.at < v_now - interval '1 day' limit v_batch
  )
  delete from pgfirst_private.maintenance_run m using x where m.ctid = x.ctid;
  get diagnostics v_log = row_count;

  -- admin audit retention (audit.keep), bounded like every cleanup
  with x as (
    select a.id from pgfirst_private.admin_audit a
     where a.at < v_now - pgfirst_private.setting_interval('audit.keep')
     order by a.at limit v_batch
  )
  delete from pgfirst_private.admin_audit a using x where a.id = x.id;
  get diagnostics v_audit = row_count;

  v_result := pg_catalog.jsonb_build_object(
    'at', v_now,
    'jobs_reaped', v_reaped,
    'dead_purged', v_dead,
    'results_purged', v_results,
    'archive', v_archive,
    'cleanup', v_cleanup,
    'not_installed', pg_catalog.to_jsonb(v_missing),
    'log_pruned', v_log,
    'audit_purged', v_audit);
  insert into pgfirst_private.maintenance_run (at, result) values (v_now, v_result);
  return v_result;
end;
$_$;

--
-- Name: FUNCTION maintenance(now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.maintenance(now timestamp with time zone) IS 'Runs every installed module''s bounded cleanup (job reaping, dead-letter and job-result retention, archive partitions ahead and retention, cache/session/rate-limit cleanups when installed) and returns what it did as jsonb. Safe from several processes at once; installed as the schedule pgfirst.maintenance (every minute).';

--
-- Name: queue_configure(text, integer, boolean, interval, integer, boolean, integer, interval); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.queue_configure(queue text, concurrency integer DEFAULT NULL::integer, paused boolean DEFAULT false, keep_finished interval DEFAULT NULL::interval, key_concurrency integer DEFAULT NULL::integer, fair boolean DEFAULT false, rate_limit integer DEFAULT NULL::integer, rate_period interval DEFAULT NULL::interval) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if queue_configure.queue is null or queue_configure.queue = '' then
    raise exception 'a job queue name must be non-empty' using errcode = 'PF406';
  end if;
  if octet_length(queue_configure.queue) > (pgfirst_private.arg_limits()).name_max_bytes then
    raise exception 'a job queue name is at most % bytes', (pgfirst_private.arg_limits()).name_max_bytes using errcode = 'PF416',
      detail = pg_catalog.format('queue: %s bytes.', octet_length(queue_configure.queue));
  end if;
  if queue_configure.concurrency < 1 then
    raise exception 'queue concurrency must be at least 1 (null = unlimited)' using errcode = 'PF409',
      detail = pg_catalog.format('concurrency was %s.', queue_configure.concurrency);
  end if;
  if queue_configure.keep_finished <= interval '0' or queue_configure.keep_finished > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'keep_finished must be a positive interval of at most 100 years (null = do not archive)' using errcode = 'PF512',
      detail = pg_catalog.format('keep_finished was %s.', queue_configure.keep_finished);
  end if;
  if queue_configure.key_concurrency < 1 then
    raise exception 'key_concurrency must be at least 1 (null = no per-key limit)' using errcode = 'PF440',
      detail = pg_catalog.format('key_concurrency was %s.', queue_configure.key_concurrency);
  end if;
  if (queue_configure.rate_limit is null) <> (queue_configure.rate_period is null)
     or queue_configure.rate_limit < 1 or queue_configure.rate_limit > 1000000
     or queue_configure.rate_period <= interval '0'
     or queue_configure.rate_period > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'rate_limit (1 to 1000000 starts) and rate_period (a positive interval of at most %) go together (both null = no rate limit)',
      (pgfirst_private.arg_limits()).interval_max using errcode = 'PF441',
      detail = pg_catalog.format('rate_limit was %s, rate_period %s.', queue_configure.rate_limit, queue_configure.rate_period);
  end if;
  insert into pgfirst_private.job_queue as q
    (queue, concurrency, paused, keep_finished, key_concurrency, fair, rate_limit, rate_period, updated_at)
  values (queue_configure.queue, queue_configure.concurrency, coalesce(queue_configure.paused, false),
          queue_configure.keep_finished, queue_configure.key_concurrency, coalesce(queue_configure.fair, false),
          queue_configure.rate_limit, queue_configure.rate_period, pg_catalog.now())
  on conflict on constraint job_queue_pkey do update
     set concurrency = excluded.concurrency, paused = excluded.paused,
         keep_finished = excluded.keep_finished, key_concurrency = excluded.key_concurrency,
         fair = excluded.fair, rate_limit = excluded.rate_limit, rate_period = excluded.rate_period,
         rate_tat = case when excluded.rate_limit is null then null else q.rate_tat end,
         updated_at = excluded.updated_at;
  -- Keyed claiming (fair or per-key limit) reads fair_key: set it on the queue's live jobs
  -- when turned on, clear it when turned off (index job_available_fair_idx stays small).
  if coalesce(queue_configure.fair, false) or queue_configure.key_concurrency is not null then
    update pgfirst_private.job j
       set fair_key = coalesce(j.concurrency_key, j.tenant)
     where j.queue = queue_configure.queue and j.fair_key is distinct from coalesce(j.concurrency_key, j.tenant);
  else
    update pgfirst_private.job j
       set fair_key = null
     where j.queue = queue_configure.queue and j.fair_key is not null;
  end if;
  if not coalesce(queue_configure.paused, false) then
    perform pgfirst_private.job_notify(queue_configure.queue);
  end if;
end;
$$;

--
-- Name: FUNCTION queue_configure(queue text, concurrency integer, paused boolean, keep_finished interval, key_concurrency integer, fair boolean, rate_limit integer, rate_period interval); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.queue_configure(queue text, concurrency integer, paused boolean, keep_finished interval, key_concurrency integer, fair boolean, rate_limit integer, rate_period interval) IS 'Sets a queue''s whole configuration: concurrency (max running jobs across all workers; 1 = serial; null = unlimited) and paused (claims skip the queue). Takes effect on the next claim. keep_finished (null = off) copies the queue''s finished jobs into the partitioned job archive, kept at least that long (PF512 if not positive). key_concurrency: at most that many running jobs per key (the job''s concurrency_key, else its tenant) across all workers. fair: claims go round-robin over keys. rate_limit starts per rate_period across all workers, spaced evenly (GCRA without burst). See docs/jobs.md.';

--
-- Name: queue_pause(text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.queue_pause(queue text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_changed boolean;
begin
  if queue_pause.queue is null or queue_pause.queue = '' then
    raise exception 'a job queue name must be non-empty' using errcode = 'PF406';
  end if;
  if octet_length(queue_pause.queue) > (pgfirst_private.arg_limits()).name_max_bytes then
    raise exception 'a job queue name is at most % bytes', (pgfirst_private.arg_limits()).name_max_bytes using errcode = 'PF416',
      detail = pg_catalog.format('queue: %s bytes.', octet_length(queue_pause.queue));
  end if;
  -- only the paused flag changes: concurrency and keep_finished are kept (a queue without a
  -- configuration row gets one with the defaults: unlimited, no archive)
  insert into pgfirst_private.job_queue as q (queue, paused, updated_at)
  values (queue_pause.queue, true, pg_catalog.now())
  on conflict on constraint job_queue_pkey do update
     set paused = true, updated_at = excluded.updated_at
   where not q.paused
  returning true into v_changed;
  if coalesce(v_changed, false) then
    perform pgfirst_private.audit_write('queue_pause', queue_pause.queue);
  end if;
  return coalesce(v_changed, false);
end;
$$;

--
-- Name: FUNCTION queue_pause(queue text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.queue_pause(queue text) IS 'Pauses a queue: claims that start after this commits take no job from it (jobs already running finish). Keeps concurrency and keep_finished; audited. True when it changed (false: already paused).';

--
-- Name: queue_resume(text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.queue_resume(queue text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if queue_resume.queue is null or queue_resume.queue = '' then
    raise exception 'a job queue name must be non-empty' using errcode = 'PF406';
  end if;
  if octet_length(queue_resume.queue) > (pgfirst_private.arg_limits()).name_max_bytes then
    raise exception 'a job queue name is at most % bytes', (pgfirst_private.arg_limits()).name_max_bytes using errcode = 'PF416',
      detail = pg_catalog.format('queue: %s bytes.', octet_length(queue_resume.queue));
  end if;
  update pgfirst_private.job_queue q
     set paused = false, updated_at = pg_catalog.now()
   where q.queue = queue_resume.queue and q.paused;
  if not found then
    return false;
  end if;
  perform pgfirst_private.audit_write('queue_resume', queue_resume.queue);
  perform pgfirst_private.job_notify(queue_resume.queue); -- wake listening workers
  return true;
end;
$$;

--
-- Name: FUNCTION queue_resume(queue text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.queue_resume(queue text) IS 'Resumes a paused queue (claims take its jobs again; listening workers are notified). Keeps concurrency and keep_finished; audited. True when it changed (false: not paused or unknown).';

--
-- Name: queue_stats(); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.queue_stats() RETURNS TABLE(queue text, pending bigint, scheduled bigint, running bigint, dead bigint, oldest_pending_age interval)
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with live as (
    select j.queue,
           count(*) filter (where j.state in ('pending', 'failed') and j.run_at <= pg_catalog.now()) as pending,
           count(*) filter (where j.state in ('pending', 'failed') and j.run_at > pg_catalog.now()) as scheduled,
           count(*) filter (where j.state = 'running') as running,
           pg_catalog.min(j.run_at) filter (where j.state in ('pending', 'failed') and j.run_at <= pg_catalog.now()) as oldest
      from pgfirst_private.job j
     group by j.queue
  ), dead as (
    select d.queue, count(*) as dead
      from pgfirst_private.job_dead d
     where d.state = 'dead'
     group by d.queue
  ), names as (
    select live.queue from live
    union select dead.queue from dead
    union select q.queue from pgfirst_private.job_queue q
  )
  select n.queue,
         coalesce(l.pending, 0), coalesce(l.scheduled, 0), coalesce(l.running, 0), coalesce(d.dead, 0),
         pgfirst_private.age_clamped(pg_catalog.now(), l.oldest)
    from names n
    left join live l on l.queue = n.queue
    left join dead d on d.queue = n.queue
   order by n.queue
$$;

--
-- Name: FUNCTION queue_stats(); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.queue_stats() IS 'Per queue: ready (pending), future (scheduled), running and dead job counts (jobs waiting for dependencies are in none of them) and the age of the oldest ready job. One scan of the live-jobs table (small by design) plus the dead letters.';

--
-- Name: queue_throughput(interval, interval, text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.queue_throughput(since interval DEFAULT '01:00:00'::interval, bucket interval DEFAULT '00:01:00'::interval, queue text DEFAULT NULL::text) RETURNS TABLE(queue text, bucket_start timestamp with time zone, done bigint, failed bigint, dead bigint, p50_wait_ms double precision, p95_wait_ms double precision, p50_run_ms double precision, p95_run_ms double precision)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from pgfirst_private.queue_throughput_rows(queue_throughput.since, queue_throughput.bucket, queue_throughput.queue)
$$;

--
-- Name: FUNCTION queue_throughput(since interval, bucket interval, queue text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.queue_throughput(since interval, bucket interval, queue text) IS 'Per queue with activity and per bucket (aligned to bucket, every bucket of the window present): done jobs, failed attempts, dead jobs, p50/p95 wait (claim - run_at) and run (finish - claim) in ms of done jobs. since at most 7 days, bucket at least 10 seconds, at most 1000 buckets (PF419). Done counts and times need the queue''s keep_finished (archive).';

--
-- Name: rate_limit_cleanup(integer, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.rate_limit_cleanup(max_rows integer DEFAULT 10000, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_window interval;
  v_reset interval;
  v_limits bigint;
  v_logins bigint;
begin
  if max_rows is null or max_rows < 1 or max_rows > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'max_rows must be between 1 and %', (pgfirst_private.arg_limits()).batch_max
      using errcode = 'PF307', detail = pg_catalog.format('Got %s.', max_rows);
  end if;
  with doomed as (
    select r.tenant, r.key from pgfirst_private.rate_limit r
     where r.tat <= v_now
     limit max_rows
       for update skip locked
  )
  delete from pgfirst_private.rate_limit r using doomed
   where r.tenant = doomed.tenant and r.key = doomed.key;
  get diagnostics v_limits = row_count;
  if v_limits >= max_rows then
    return v_limits;
  end if;

  v_window := pgfirst_private.setting_interval('login.window');
  v_reset := pgfirst_private.setting_interval('login.escalation_reset');
  with doomed as (
    select t.tenant, t.scope, t.subject from pgfirst_private.login_throttle t
     where (t.window_start is null or t.window_start + v_window <= v_now)
       and (t.locked_until is null or t.locked_until <= v_now)
       and (t.lockouts = 0 or t.last_failure_at is null or t.last_failure_at + v_reset <= v_now)
     limit max_rows - v_limits
       for update skip locked
  )
  delete from pgfirst_private.login_throttle t using doomed
   where t.tenant = doomed.tenant and t.scope = doomed.scope and t.subject = doomed.subject;
  get diagnostics v_logins = row_count;
  return v_limits + v_logins;
end;
$$;

--
-- Name: FUNCTION rate_limit_cleanup(max_rows integer, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.rate_limit_cleanup(max_rows integer, now timestamp with time zone) IS 'Deletes up to max_rows dead rate-limit and login-throttle rows (fully replenished keys; expired windows and locks with forgotten escalation); returns how many. SKIP LOCKED: concurrent runs share the work.';

--
-- Name: rate_limit_hit(text, integer, interval, integer, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.rate_limit_hit(key text, max_hits integer, per interval, cost integer DEFAULT 1, tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(allowed boolean, remaining integer, retry_after interval, reset_after interval)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_per_us numeric := extract(epoch from per) * 1000000;
  v_unit_us bigint;
  v_burst_us bigint;
  v_burst interval;
  v_inc interval;
  v_tat timestamptz;
begin
  -- Hot path: the arguments are checked inline, and rate_limit_check_args (which raises the
  -- precise PF30x) is called only when one is bad. Calling it every time cost 5-12 % of
  -- rate_limit_hit's throughput (a nested plpgsql call with its own search_path
  -- switch; measured interleaved with npm run bench). The test rejects_bad_input proves
  -- every bad argument takes the slow path.
  if key is null or key = '' or pg_catalog.octet_length(key) > 1024 or tenant is null
     or pg_catalog.octet_length(tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes
     or max_hits is null or max_hits < 1 or per is null or v_per_us < max_hits
     or per > (pgfirst_private.arg_limits()).interval_max
     or cost is null or cost < 1 or cost > max_hits then
    perform pgfirst_private.rate_limit_check_args(key, max_hits, per, cost, tenant);
  end if;
  v_unit_us := pg_catalog.floor(v_per_us / max_hits)::bigint;  -- = rate_limit_check_args' result
  v_burst_us := v_unit_us * max_hits;
  v_burst := v_burst_us * interval '1 microsecond';
  v_inc := (v_unit_us * cost) * interval '1 microsecond';
  insert into pgfirst_private.rate_limit as r (tenant, key, tat)
  values (rate_limit_hit.tenant, rate_limit_hit.key, v_now + v_inc)
  on conflict on constraint rate_limit_pkey do update
     set tat = greatest(r.tat, v_now) + v_inc
   where greatest(r.tat, v_now) + v_inc <= v_now + v_burst
  returning r.tat into v_tat;

  if v_tat is not null then
    return query select true,
      pg_catalog.floor((v_burst_us - extract(epoch from v_tat - v_now) * 1000000) / v_unit_us)::integer,
      null::interval,
      v_tat - v_now;
    return;
  end if;

  select greatest(r.tat, v_now) into v_tat
    from pgfirst_private.rate_limit r
   where r.tenant = rate_limit_hit.tenant and r.key = rate_limit_hit.key;
  return query select false,
    greatest(pg_catalog.floor((v_burst_us - extract(epoch from v_tat - v_now) * 1000000) / v_unit_us), 0)::integer,
    v_tat + v_inc - v_burst - v_now,
    v_tat - v_now;
end;
$$;

--
-- Name: FUNCTION rate_limit_hit(key text, max_hits integer, per interval, cost integer, tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.rate_limit_hit(key text, max_hits integer, per interval, cost integer, tenant text, now timestamp with time zone) IS 'GCRA rate limit on the database clock: a burst of max_hits (weighted by cost) refilled at max_hits per `per`, exact even under concurrency (row lock). Returns allowed, hits remaining, retry_after (null when allowed) and reset_after (until fully replenished). A denied hit consumes nothing. One upsert. PF303 also for a rate above one hit per microsecond.';

--
-- Name: rate_limit_peek(text, integer, interval, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.rate_limit_peek(key text, max_hits integer, per interval, tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(allowed boolean, remaining integer, retry_after interval, reset_after interval)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  -- the same emission interval and burst as rate_limit_hit
  v_unit_us bigint := pgfirst_private.rate_limit_check_args(key, max_hits, per, 1, tenant);
  v_burst_us bigint := v_unit_us * max_hits;
  v_burst interval := v_burst_us * interval '1 microsecond';
  v_inc interval := v_unit_us * interval '1 microsecond';
  v_tat timestamptz;
begin
  select greatest(r.tat, v_now) into v_tat
    from pgfirst_private.rate_limit r
   where r.tenant = rate_limit_peek.tenant and r.key = rate_limit_peek.key;
  v_tat := coalesce(v_tat, v_now);
  return query select v_tat + v_inc <= v_now + v_burst,
    greatest(pg_catalog.floor((v_burst_us - extract(epoch from v_tat - v_now) * 1000000) / v_unit_us), 0)::integer,
    case when v_tat + v_inc > v_now + v_burst then v_tat + v_inc - v_burst - v_now end,
    v_tat - v_now;
end;
$$;

--
-- Name: FUNCTION rate_limit_peek(key text, max_hits integer, per interval, tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.rate_limit_peek(key text, max_hits integer, per interval, tenant text, now timestamp with time zone) IS 'What rate_limit_hit with cost 1 would answer, without consuming anything or writing. Read-only.';

--
-- Name: rate_limit_reset(text, text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.rate_limit_reset(key text, tenant text DEFAULT ''::text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if key is null or key = '' or tenant is null then
    raise exception 'a rate-limit key must be a non-empty string and tenant non-null'
      using errcode = 'PF301';
  end if;
  delete from pgfirst_private.rate_limit r
   where r.tenant = rate_limit_reset.tenant and r.key = rate_limit_reset.key;
  return found;
end;
$$;

--
-- Name: FUNCTION rate_limit_reset(key text, tenant text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.rate_limit_reset(key text, tenant text) IS 'Forgets a key''s rate-limit state (its next hit starts with a full burst); true when there was state. E.g. after a solved CAPTCHA.';

--
-- Name: refresh_all_dropdown_mvs(); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.refresh_all_dropdown_mvs() RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select pgfirst.refresh_materialized_views()
$$;

--
-- Name: FUNCTION refresh_all_dropdown_mvs(); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.refresh_all_dropdown_mvs() IS 'Compatible entry point: refreshes every defined dropdown (concurrently where populated) in dependency order, in one transaction; returns how many.';

--
-- Name: refresh_materialized_views(); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.refresh_materialized_views() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_name text;
  v_count integer := 0;
begin
  -- A registered view may read another (through views in between): refresh the ones a view
  -- depends on first. depth = longest chain of registered views below it.
  for v_name in
    with recursive
    registered as (
      select d.name, pg_catalog.format('%I.%I', d.view_schema, d.view_name)::regclass::oid as relid
        from pgfirst_private.dropdown d
    ),
    edge as ( -- relation r reads relation ref (views and materialized views, through pg_rewrite)
      select distinct rw.ev_class as r, dep.refobjid as ref
        from pg_catalog.pg_rewrite rw
        join pg_catalog.pg_depend dep on dep.classid = 'pg_catalog.pg_rewrite'::regclass and dep.objid = rw.oid
       where dep.refclassid = 'pg_catalog.pg_class'::regclass and dep.refobjid <> rw.ev_class
    ),
    reach (root, relid, depth) as ( -- everything a registered view reads, at any distance
      select g.relid, e.ref, 1 from registered g join edge e on e.r = g.relid
      union
      select r.root, e.ref, r.depth + 1 from reach r join edge e on e.r = r.relid where r.depth < 32
    )
    select g.name
      from registered g
      left join lateral (
        select pg_catalog.max(r.depth) as depth
          from reach r join registered below on below.relid = r.relid
         where r.root = g.relid
      ) x on true
     order by coalesce(x.depth, 0), g.name
  loop
    perform pgfirst.dropdown_refresh(v_name);
    v_count := v_count + 1;
  end loop;
  return v_count;
end;
$$;

--
-- Name: FUNCTION refresh_materialized_views(); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.refresh_materialized_views() IS 'Compatible entry point: refreshes every registered (dropdown) materialized view, views that others read first (dependency order), in one transaction; returns how many.';

--
-- Name: schedule_delete(text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.schedule_delete(name text) RETURNS boolean
    LANGUAGE sql STRICT SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with d as (delete from pgfirst_private.schedule s where s.name = schedule_delete.name returning 1)
  select exists (select 1 from d)
$$;

--
-- Name: FUNCTION schedule_delete(name text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.schedule_delete(name text) IS 'Deletes a schedule; true if it existed. Jobs it already enqueued are left alone.';

--
-- Name: schedule_disable(text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.schedule_disable(name text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_enabled boolean;
begin
  -- waits for a schedule_tick holding the row: a tick in progress finishes first
  select s.enabled into v_enabled from pgfirst_private.schedule s where s.name = schedule_disable.name for update;
  if not found then
    raise exception 'schedule "%" does not exist', schedule_disable.name using errcode = 'PF514',
      hint = 'The schedules are listed in pgfirst.schedules.';
  end if;
  if not v_enabled then
    return false;
  end if;
  update pgfirst_private.schedule s
     set enabled = false, updated_at = pg_catalog.now()
   where s.name = schedule_disable.name;
  perform pgfirst_private.audit_write('schedule_disable', schedule_disable.name);
  return true;
end;
$$;

--
-- Name: FUNCTION schedule_disable(name text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.schedule_disable(name text) IS 'Disables a schedule (schedule_tick skips it until schedule_enable). True when it changed; PF514 for an unknown name; audited.';

--
-- Name: schedule_enable(text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.schedule_enable(name text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_s pgfirst_private.schedule;
  v_now timestamptz := pg_catalog.now();
begin
  select * into v_s from pgfirst_private.schedule s where s.name = schedule_enable.name for update;
  if not found then
    raise exception 'schedule "%" does not exist', schedule_enable.name using errcode = 'PF514',
      hint = 'The schedules are listed in pgfirst.schedules.';
  end if;
  if v_s.enabled then
    return false;
  end if;
  -- the next tick after now on the schedule's own grid: ticks missed while disabled are
  -- not back-filled
  update pgfirst_private.schedule s
     set enabled = true,
         next_run = pgfirst_private.schedule_next_tick(v_s.spec, v_s.every, v_s.timezone, v_s.anchor, v_now),
         updated_at = v_now
   where s.name = schedule_enable.name;
  perform pgfirst_private.audit_write('schedule_enable', schedule_enable.name);
  return true;
end;
$$;

--
-- Name: FUNCTION schedule_enable(name text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.schedule_enable(name text) IS 'Enables a disabled schedule; its next tick is the first one after now (nothing missed while disabled is back-filled). True when it changed; PF514 for an unknown name; audited.';

--
-- Name: schedule_next(text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.schedule_next(name text, after timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS timestamp with time zone
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- first statement: refuse an infinite or out-of-range after (PF006) even when no row is read
  select pgfirst_private.arg_time(schedule_next.after, 'after');
  -- after = null: the stored next run (may be in the past when a tick is due but not yet run)
  select case when schedule_next.after is null then s.next_run
              else pgfirst_private.schedule_next_tick(s.spec, s.every, s.timezone, s.anchor, schedule_next.after) end
    from pgfirst_private.schedule s
   where s.name = schedule_next.name and s.enabled
$$;

--
-- Name: FUNCTION schedule_next(name text, after timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.schedule_next(name text, after timestamp with time zone) IS 'The next run of an enabled schedule: the stored next_run, or the first tick strictly after "after". Null for an unknown or disabled schedule.';

--
-- Name: schedule_run_now(text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.schedule_run_now(name text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_s pgfirst_private.schedule;
  v_now timestamptz := pg_catalog.now();
  v_id bigint;
begin
  -- key share: a concurrent schedule_set/delete waits for this, a tick does not
  select * into v_s from pgfirst_private.schedule s where s.name = schedule_run_now.name for key share;
  if not found then
    raise exception 'schedule "%" does not exist', schedule_run_now.name using errcode = 'PF514',
      hint = 'The schedules are listed in pgfirst.schedules.';
  end if;
  -- the job a tick would enqueue, marked manual; next_run, last_run and the counters of the
  -- schedule are left alone. Built-in schedules keep their one-outstanding-job key.
  v_id := pgfirst.job_enqueue(
    task => v_s.task,
    payload => v_s.payload || pg_catalog.jsonb_build_object('_schedule', pg_catalog.jsonb_build_object(
                 'name', v_s.name, 'tick', v_now, 'catch_up', false, 'manual', true)),
    queue => v_s.queue,
    job_key => case when v_s.name like 'pgfirst.%' then 'pgfirst.schedule:' || v_s.name end,
    job_key_mode => case when v_s.name like 'pgfirst.%' then 'keep' else 'replace' end,
    tenant => v_s.tenant);
  perform pgfirst_private.audit_write('schedule_run_now', schedule_run_now.name,
    pg_catalog.jsonb_build_object('job_id', v_id));
  return v_id;
end;
$$;

--
-- Name: FUNCTION schedule_run_now(name text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.schedule_run_now(name text) IS 'Enqueues the schedule''s job now (task, payload with _schedule {name, tick, manual: true}, queue, tenant) and returns its id; the schedule''s next tick is unchanged. Works on disabled schedules too. PF514 for an unknown name; audited.';

--
-- Name: schedule_set(text, text, text, interval, jsonb, text, text, text, boolean, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.schedule_set(name text, task text, cron text DEFAULT NULL::text, every interval DEFAULT NULL::interval, payload jsonb DEFAULT '{}'::jsonb, queue text DEFAULT 'default'::text, timezone text DEFAULT 'UTC'::text, missed text DEFAULT 'once'::text, enabled boolean DEFAULT true, tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_spec pgfirst_private.cron_spec;
  v_next timestamptz;
  v_old pgfirst_private.schedule;
begin
  if name is null or pg_catalog.btrim(name) = '' then
    raise exception 'a schedule needs a non-empty name' using errcode = 'PF508';
  end if;
  if task is null or task = '' then
    raise exception 'a schedule needs a non-empty task name' using errcode = 'PF509',
      detail = pg_catalog.format('schedule %L', name);
  end if;
  if (cron is null) = (every is null) then
    raise exception 'a schedule takes exactly one of cron and every' using errcode = 'PF504',
      detail = pg_catalog.format('schedule %L: cron %s, every %s', name,
        coalesce(pg_catalog.quote_literal(cron), 'null'), coalesce(every::text, 'null')),
      hint = 'Pass cron => ''*/5 * * * *'' or every => ''5 minutes''.';
  end if;
  if every is not null and (every <= interval '0' or pg_catalog.date_part('month', every) <> 0
                            or pg_catalog.date_part('year', every) <> 0
                            or pg_catalog.date_part('epoch', every) < 1
                            or every > (pgfirst_private.arg_limits()).interval_max) then
    raise exception 'every must be a positive duration of at least one second and at most 100 years, without months or years'
      using errcode = 'PF505',
            detail = pg_catalog.format('schedule %L: every %s', name, every),
            hint = 'For calendar rules such as "the 1st of each month" use cron => ''0 0 1 * *''.';
  end if;
  if missed is null or missed not in ('skip', 'once', 'all') then
    raise exception 'missed must be skip, once or all' using errcode = 'PF506',
      detail = pg_catalog.format('schedule %L: missed %L', name, missed);
  end if;
  if payload is null or pg_catalog.jsonb_typeof(payload) <> 'object' then
    raise exception 'a schedule payload must be a JSON object' using errcode = 'PF510',
      detail = pg_catalog.format('schedule %L: payload is %s', name, coalesce(pg_catalog.jsonb_typeof(payload), 'null')),
      hint = 'Wrap values in an object; the job payload gains a "_schedule" key.';
  end if;
  if queue is null or queue = '' then
    raise exception 'a schedule queue name must be non-empty' using errcode = 'PF511',
      detail = pg_catalog.format('schedule %L', name);
  end if;
  -- The jobs this schedule enqueues must pass job_enqueue's bounds, or every tick of it
  -- would fail later inside schedule_tick: refuse here, where the caller can fix it.
  if octet_length(name) > (pgfirst_private.arg_limits()).name_max_bytes or octet_length(task) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(queue) > (pgfirst_private.arg_limits()).name_max_bytes or octet_length(tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes
     or pg_catalog.pg_column_size(payload) > (pgfirst_private.arg_limits()).payload_max_bytes then
    raise exception 'schedule name, task and queue are at most % bytes, tenant % bytes, payload % bytes',
      (pgfirst_private.arg_limits()).name_max_bytes, (pgfirst_private.arg_limits()).tenant_max_bytes, (pgfirst_private.arg_limits()).payload_max_bytes
      using errcode = 'PF513',
            detail = pg_catalog.format('name %s, task %s, queue %s, tenant %s, payload %s bytes.', octet_length(name),
                                       octet_length(task), octet_length(queue), octet_length(tenant),
                                       pg_catalog.pg_column_size(payload));
  end if;
  perform pgfirst_private.timezone_check(timezone);

  if cron is not null then
    v_spec := pgfirst_private.cron_parse(cron);
    v_next := pgfirst_private.cron_next_spec(v_spec, v_now, timezone);
    if v_next is null then
      raise exception 'a cron schedule must fire at least once in the next 30 years' using errcode = 'PF507',
        detail = pg_catalog.format('schedule %L: cron %L never matches a calendar date', name, cron),
        hint = 'Check the day-of-month against the months (there is no 30 February).';
    end if;
  else
    v_next := v_now + every;
  end if;

  select * into v_old from pgfirst_private.schedule s where s.name = schedule_set.name for update;
  if found and v_old.cron is not distinct from cron and v_old.every is not distinct from every
     and v_old.timezone = timezone and v_old.enabled = coalesce(enabled, true) then
    -- same timing: keep next_run (re-running deploy scripts must not shift or re-fire ticks)
    update pgfirst_private.schedule s
       set task = schedule_set.task, payload = schedule_set.payload, queue = schedule_set.queue,
           missed = schedule_set.missed, tenant = coalesce(schedule_set.tenant, ''), updated_at = v_now
     where s.name = schedule_set.name;
  else
    -- new schedule, new timing or (re-)enabled: ticks start after now, nothing is back-filled
    insert into pgfirst_private.schedule as s
      (name, task, cron, every, spec, anchor, payload, queue, timezone, missed, enabled, tenant,
       next_run, created_at, updated_at)
    values (name, task, cron, every, v_spec, v_now, payload, queue, timezone, missed,
            coalesce(enabled, true), coalesce(tenant, ''), v_next, v_now, v_now)
    on conflict on constraint schedule_pkey do update
       set task = excluded.task, cron = excluded.cron, every = excluded.every, spec = excluded.spec,
           anchor = excluded.anchor, payload = excluded.payload, queue = excluded.queue,
           timezone = excluded.timezone, missed = excluded.missed, enabled = excluded.enabled,
           tenant = excluded.tenant, next_run = excluded.next_run, updated_at = excluded.updated_at;
  end if;
end;
$$;

--
-- Name: FUNCTION schedule_set(name text, task text, cron text, every interval, payload jsonb, queue text, timezone text, missed text, enabled boolean, tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.schedule_set(name text, task text, cron text, every interval, payload jsonb, queue text, timezone text, missed text, enabled boolean, tenant text, now timestamp with time zone) IS 'Creates or replaces a schedule (exactly one of cron or every). Idempotent: calling it again with the same timing keeps next_run; a new timing or re-enabling starts from now without back-fill. PF501-PF511 on bad input.';

--
-- Name: schedule_tick(timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.schedule_tick(now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_grace interval := pgfirst_private.setting_interval('schedule.missed_grace');
  v_window interval := pgfirst_private.setting_interval('schedule.catchup_window');
  v_limit integer := pgfirst_private.setting_int('schedule.catchup_limit');
  v_batch integer := pgfirst_private.setting_int('schedule.tick_batch');
  v_s pgfirst_private.schedule;
  v_t timestamptz;
  v_from timestamptz;
  v_n integer;
  v_skipped integer;
  v_last_tick timestamptz;
  v_names text[] := '{}';
  v_ticks timestamptz[] := '{}';
  v_catch_up boolean[] := '{}';
  v_ids bigint[];
  -- per locked schedule: its new state, written back in one set-based UPDATE at the end
  v_done text[] := '{}';
  v_next timestamptz[] := '{}';
  v_last timestamptz[] := '{}';
  v_count integer[] := '{}';
  v_skips integer[] := '{}';
begin
  for v_s in
    select * from pgfirst_private.schedule s
     where s.enabled and s.next_run <= v_now
     order by s.next_run
     limit v_batch
       for update skip locked
  loop
    v_t := v_s.next_run;
    v_n := 0;
    v_skipped := 0;
    v_last_tick := null;
    -- Missed ticks (older than the grace period): the policy decides where to resume.
    v_from := case v_s.missed when 'all' then v_now - v_window else v_now - v_grace end;
    if v_t < v_from then
      if v_s.missed = 'once' then
        -- one catch-up run standing for every missed tick, stamped with the first of them
        v_names := v_names || v_s.name;
        v_ticks := v_ticks || v_t;
        v_catch_up := v_catch_up || true;
        v_last_tick := v_t;
        v_n := 1;
      else
        v_skipped := 1;  -- at least one; the exact count is not enumerated (bounded work)
      end if;
      v_t := pgfirst_private.schedule_next_tick(v_s.spec, v_s.every, v_s.timezone, v_s.anchor,
                                                v_from - interval '1 microsecond');
    end if;
    -- On-time ticks (and, for missed = all, the ticks inside the catch-up window).
    while v_t is not null and v_t <= v_now and v_n < v_limit loop
      v_names := v_names || v_s.name;
      v_ticks := v_ticks || v_t;
      v_catch_up := v_catch_up || false;
      v_last_tick := v_t;
      v_n := v_n + 1;
      v_t := pgfirst_private.schedule_next_tick(v_s.spec, v_s.every, v_s.timezone, v_s.anchor, v_t);
    end loop;
    v_done := v_done || v_s.name;
    v_next := v_next || v_t;
    v_last := v_last || v_last_tick;
    v_count := v_count || v_n;
    v_skips := v_skips || v_skipped;
  end loop;
  if pg_catalog.cardinality(v_done) = 0 then
    return 0;
  end if;
  -- One set-based enqueue; the payload gains _schedule {name, tick, catch_up}.
  if pg_catalog.cardinality(v_names) > 0 then
    select pg_catalog.array_agg(i) into v_ids
    from pgfirst.job_enqueue_many(jobs => (
      select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'task', s.task,
               'payload', s.payload || pg_catalog.jsonb_build_object('_schedule', pg_catalog.jsonb_build_object(
                            'name', s.name, 'tick', t.tick, 'catch_up', t.catch_up)),
               'queue', s.queue,
               'tenant', s.tenant,
               'now', v_now)
             -- built-in schedules (reserved name prefix "pgfirst."): at most one outstanding
             -- job per schedule, so ticks never pile up while no worker runs them
             || case when s.name like 'pgfirst.%'
                     then pg_catalog.jsonb_build_object('job_key', 'pgfirst.schedule:' || s.name, 'job_key_mode', 'keep')
                     else '{}'::jsonb end
             order by t.ord)
        from rows from (pg_catalog.unnest(v_names), pg_catalog.unnest(v_ticks), pg_catalog.unnest(v_catch_up))
               with ordinality as t(name, tick, catch_up, ord)
        join pgfirst_private.schedule s on s.name = t.name)) as i;
  end if;
  -- Advance every locked schedule in one statement; last_job_id is each schedule's newest
  -- job from this call, found by id (not by position in the returned set).
  update pgfirst_private.schedule s
     set next_run = u.next_run,
         last_run = coalesce(u.last_run, s.last_run),
         last_job_id = coalesce(j.id, s.last_job_id),
         last_tick_at = v_now,
         ticks_enqueued = s.ticks_enqueued + u.n,
         ticks_skipped = s.ticks_skipped + u.skipped
    from rows from (pg_catalog.unnest(v_done), pg_catalog.unnest(v_next), pg_catalog.unnest(v_last),
                   pg_catalog.unnest(v_count), pg_catalog.unnest(v_skips)) as u(name, next_run, last_run, n, skipped)
    left join (select jj.payload -> '_schedule' ->> 'name' as name, pg_catalog.max(jj.id) as id
                 from pgfirst_private.job jj
                where jj.id = any (v_ids)
                group by 1) j on j.name = u.name
   where s.name = u.name;
  return coalesce(pg_catalog.cardinality(v_ids), 0);
end;
$$;

--
-- Name: FUNCTION schedule_tick(now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.schedule_tick(now timestamp with time zone) IS 'Enqueues every due schedule tick as a job, exactly once even when many processes call it at once (row lock + SKIP LOCKED + atomic next_run advance). Bounded: schedule.tick_batch schedules and schedule.catchup_limit ticks per schedule per call. Built-in schedules (name prefix pgfirst.) keep at most one outstanding job (job_key pgfirst.schedule:<name>, mode keep). Returns the number of jobs enqueued.';

--
-- Name: session_all(text, integer, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_all(tenant text DEFAULT ''::text, max_rows integer DEFAULT 1000, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(session_id text, user_id text, data jsonb, created_at timestamp with time zone, last_seen_at timestamp with time zone, expires_at timestamp with time zone)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(pgfirst_private.arg_time(session_all.now, 'now'), pg_catalog.now());
begin
  if session_all.max_rows is null or session_all.max_rows < 1 or session_all.max_rows > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'max_rows must be between 1 and %', (pgfirst_private.arg_limits()).batch_max
      using errcode = 'PF208', detail = pg_catalog.format('Got %s.', session_all.max_rows);
  end if;
  return query
    select s.session_id::text, s.user_id, s.data, s.created_at, s.last_seen_at,
           least(s.last_seen_at + s.idle_timeout, s.absolute_expires_at)
      from pgfirst_private.session s
     where s.tenant = session_all.tenant
       and s.revoked_at is null
       and s.absolute_expires_at > v_now
       and s.last_seen_at + s.idle_timeout > v_now
     order by s.created_at, s.session_id
     limit session_all.max_rows;
end;
$$;

--
-- Name: FUNCTION session_all(tenant text, max_rows integer, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.session_all(tenant text, max_rows integer, now timestamp with time zone) IS 'Up to max_rows (1..10000, PF208) live sessions of a tenant with their data, keyed by public session_id (tokens are not stored, so they cannot be listed). Admin only: it reads every user''s session data.';

--
-- Name: session_cleanup(integer, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_cleanup(max_rows integer DEFAULT 10000, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_count bigint;
begin
  if max_rows is null or max_rows < 1 or max_rows > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'max_rows must be between 1 and %', (pgfirst_private.arg_limits()).batch_max
      using errcode = 'PF208', detail = pg_catalog.format('Got %s.', max_rows);
  end if;
  with doomed as (
    select s.token_hash
      from pgfirst_private.session s
     where s.absolute_expires_at <= v_now
        or (s.revoked_at is null and s.last_seen_at + s.idle_timeout <= v_now)
     limit max_rows
       for update skip locked
  )
  delete from pgfirst_private.session s
   using doomed
   where s.token_hash = doomed.token_hash;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

--
-- Name: FUNCTION session_cleanup(max_rows integer, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.session_cleanup(max_rows integer, now timestamp with time zone) IS 'Deletes up to max_rows expired sessions (and tombstones past their absolute expiry); returns how many. SKIP LOCKED: concurrent runs share the work.';

--
-- Name: session_clear(text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_clear(tenant text DEFAULT ''::text) RETURNS bigint
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with d as (
    update pgfirst_private.session s
       set revoked_at = pg_catalog.now(), data = '{}'::jsonb
     where s.tenant = session_clear.tenant
       and s.revoked_at is null
    returning 1
  )
  select count(*) from d
$$;

--
-- Name: FUNCTION session_clear(tenant text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.session_clear(tenant text) IS 'Destroys every session of a tenant (tombstones, so none can be revived by a late write); returns how many. Admin only.';

--
-- Name: session_count(text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_count(tenant text DEFAULT NULL::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(tenant text, live bigint, expired bigint, destroyed bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- first statement: refuse an infinite or out-of-range now (PF006) even when no row is read
  select pgfirst_private.arg_time(session_count.now, 'now');
  select s.tenant,
         count(*) filter (where s.revoked_at is null and s.absolute_expires_at > v.now and s.last_seen_at + s.idle_timeout > v.now),
         count(*) filter (where s.revoked_at is null and not (s.absolute_expires_at > v.now and s.last_seen_at + s.idle_timeout > v.now)),
         count(*) filter (where s.revoked_at is not null)
    from pgfirst_private.session s,
         (select coalesce(session_count.now, pg_catalog.now()) as now) v
   where session_count.tenant is null or s.tenant = session_count.tenant
   group by s.tenant
   order by s.tenant
$$;

--
-- Name: FUNCTION session_count(tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.session_count(tenant text, now timestamp with time zone) IS 'Sessions per tenant: live, expired (awaiting session_cleanup) and destroyed (tombstones of destroyed sessions and rotated-away tokens). Counts only, no data; a full scan of the tenant''s rows.';

--
-- Name: session_create(text, jsonb, text, interval, interval, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_create(user_id text, data jsonb DEFAULT '{}'::jsonb, tenant text DEFAULT ''::text, idle_timeout interval DEFAULT NULL::interval, absolute_timeout interval DEFAULT NULL::interval, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_idle interval := coalesce(idle_timeout, pgfirst_private.setting_interval('session.idle_timeout'));
  v_absolute interval := coalesce(absolute_timeout, pgfirst_private.setting_interval('session.absolute_timeout'));
  v_token text;
begin
  perform pgfirst_private.session_check_new(user_id, tenant, v_idle, v_absolute);
  perform pgfirst_private.session_check_data(data);

  v_token := pgfirst_private.session_token_new();
  insert into pgfirst_private.session
         (token_hash, tenant, user_id, data, created_at, last_seen_at, idle_timeout, absolute_expires_at)
  values (pgfirst_private.session_token_hash(v_token), session_create.tenant, session_create.user_id,
          session_create.data, v_now, v_now, v_idle, v_now + v_absolute);
  return v_token;
end;
$$;

--
-- Name: FUNCTION session_create(user_id text, data jsonb, tenant text, idle_timeout interval, absolute_timeout interval, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.session_create(user_id text, data jsonb, tenant text, idle_timeout interval, absolute_timeout interval, now timestamp with time zone) IS 'Creates a session and returns its opaque token (256 bits from two gen_random_uuid(), 244 of them random, base64url); only sha256(token) is stored. Null timeouts take session.idle_timeout / session.absolute_timeout. One insert.';

--
-- Name: session_destroy(text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_destroy(token text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_hash bytea := pgfirst_private.session_token_hash(token);
begin
  update pgfirst_private.session s
     set revoked_at = pg_catalog.now(),
         data = '{}'::jsonb
   where s.token_hash = v_hash
     and s.revoked_at is null;
  return found;
end;
$$;

--
-- Name: FUNCTION session_destroy(token text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.session_destroy(token text) IS 'Ends a session for good (true when it had not been destroyed yet). Final: session_set/patch/rotate/put never revive it. Idempotent, one UPDATE.';

--
-- Name: session_destroy_user(text, text, text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_destroy_user(user_id text, tenant text DEFAULT NULL::text, except_token text DEFAULT NULL::text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_keep bytea := case when except_token is not null then pgfirst_private.session_token_hash(except_token) end;
  v_count integer;
begin
  if user_id is null then
    raise exception 'session_destroy_user needs a non-null user_id'
      using errcode = 'PF206';
  end if;
  update pgfirst_private.session s
     set revoked_at = pg_catalog.now(),
         data = '{}'::jsonb
   where s.user_id = session_destroy_user.user_id
     and (session_destroy_user.tenant is null or s.tenant = session_destroy_user.tenant)
     and s.revoked_at is null
     and s.absolute_expires_at > pg_catalog.now()
     and s.last_seen_at + s.idle_timeout > pg_catalog.now()
     and s.token_hash is distinct from v_keep;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

--
-- Name: FUNCTION session_destroy_user(user_id text, tenant text, except_token text); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.session_destroy_user(user_id text, tenant text, except_token text) IS '"Log out everywhere": destroys every live session of the user (in one tenant, or all tenants when tenant is null) except the one for except_token; returns how many. Uses the per-user index.';

--
-- Name: session_get(text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_get(token text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(user_id text, tenant text, data jsonb, created_at timestamp with time zone, last_seen_at timestamp with time zone, expires_at timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_hash bytea;
  v_row record;
  v_seen timestamptz;
begin
  if token is null or token = '' then
    raise exception 'a session token must be a non-empty string'
      using errcode = 'PF201',
            hint = 'Pass the token returned by session_create or session_rotate.';
  end if;
  v_hash := pg_catalog.sha256(pg_catalog.convert_to(token, 'UTF8'));

  select x.user_id, x.tenant, x.data, x.created_at, x.last_seen_at, x.idle_timeout, x.absolute_expires_at,
         -- session.touch_interval as a constant folded into this cached plan
         -- (hot_session_touch_interval, regenerated when the setting changes)
         v_now - pgfirst_private.hot_session_touch_interval() as touch_before
    into v_row
    from pgfirst_private.session x
   where x.token_hash = v_hash
     and x.revoked_at is null
     and x.absolute_expires_at > v_now
     and x.last_seen_at + x.idle_timeout > v_now;
  if not found then
    return;
  end if;

  v_seen := v_row.last_seen_at;
  if v_row.last_seen_at <= v_row.touch_before then
    update pgfirst_private.session u
       set last_seen_at = v_now
     where u.token_hash = v_hash
       and u.last_seen_at <= v_row.touch_before
       and u.revoked_at is null
    returning u.last_seen_at into v_seen;
    v_seen := coalesce(v_seen, v_row.last_seen_at);
  end if;

  return query select v_row.user_id, v_row.tenant, v_row.data, v_row.created_at, v_seen,
                      least(v_seen + v_row.idle_timeout, v_row.absolute_expires_at);
end;
$$;

--
-- Name: FUNCTION session_get(token text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.session_get(token text, now timestamp with time zone) IS 'The live session for a token (zero rows when unknown, expired or destroyed). Slides the idle expiry but writes at most once per session.touch_interval, so most reads are one index probe and write nothing. One round trip.';

--
-- Name: session_list(text, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_list(user_id text, tenant text DEFAULT NULL::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(session_id text, created_at timestamp with time zone, last_seen_at timestamp with time zone, expires_at timestamp with time zone, data jsonb)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- first statement: refuse an infinite or out-of-range now (PF006) even when no row is read
  select pgfirst_private.arg_time(session_list.now, 'now');
  select s.session_id::text, s.created_at, s.last_seen_at,
         least(s.last_seen_at + s.idle_timeout, s.absolute_expires_at), s.data
    from pgfirst_private.session s
   where s.user_id = session_list.user_id
     and (session_list.tenant is null or s.tenant = session_list.tenant)
     and s.revoked_at is null
     and s.absolute_expires_at > coalesce(session_list.now, pg_catalog.now())
     and s.last_seen_at + s.idle_timeout > coalesce(session_list.now, pg_catalog.now())
   order by s.last_seen_at desc, s.session_id
$$;

--
-- Name: FUNCTION session_list(user_id text, tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.session_list(user_id text, tenant text, now timestamp with time zone) IS 'The user''s live sessions, most recently used first ("your devices"). session_id is a public id that never reveals or derives the token. Read-only.';

--
-- Name: session_patch(text, jsonb, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_patch(token text, patch jsonb, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_hash bytea := pgfirst_private.session_token_hash(token);
  v_set jsonb;
  v_remove text[];
  v_size integer;
  v_max bigint := pgfirst_private.setting_int('session.max_data_bytes');
begin
  if patch is null or pg_catalog.jsonb_typeof(patch) <> 'object' then
    raise exception 'a session patch must be a JSON object of top-level keys'
      using errcode = 'PF204',
            detail = pg_catalog.format('Got %s.', coalesce(pg_catalog.jsonb_typeof(patch), 'SQL null')),
            hint = 'Pass e.g. ''{"cart": [1, 2], "flash": null}'': a JSON null removes the key.';
  end if;
  select coalesce(pg_catalog.jsonb_object_agg(e.key, e.value) filter (where e.value <> 'null'::jsonb), '{}'::jsonb),
         coalesce(pg_catalog.array_agg(e.key) filter (where e.value = 'null'::jsonb), '{}'::text[])
    into v_set, v_remove
    from pg_catalog.jsonb_each(patch) e;

  update pgfirst_private.session s
     set data = (s.data || v_set) - v_remove,
         last_seen_at = greatest(s.last_seen_at, v_now)
   where s.token_hash = v_hash
     and s.revoked_at is null
     and s.absolute_expires_at > v_now
     and s.last_seen_at + s.idle_timeout > v_now
  returning pg_catalog.octet_length(s.data::text) into v_size;
  if v_size > v_max then
    -- raising undoes the update above
    raise exception 'session data must not exceed session.max_data_bytes'
      using errcode = 'PF203',
            detail = pg_catalog.format('The patched data would be %s bytes, the limit is %s.', v_size, v_max);
  end if;
  return v_size is not null;
end;
$$;

--
-- Name: FUNCTION session_patch(token text, patch jsonb, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.session_patch(token text, patch jsonb, now timestamp with time zone) IS 'Merges top-level keys into a live session''s data atomically (a JSON null removes the key); concurrent patches of different keys all survive. False when the session is unknown, expired or destroyed (never creates). PF204 malformed patch, PF203 too large.';

--
-- Name: session_put(text, text, jsonb, text, interval, interval, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_put(token text, user_id text, data jsonb, tenant text DEFAULT ''::text, idle_timeout interval DEFAULT NULL::interval, absolute_timeout interval DEFAULT NULL::interval, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_idle interval := coalesce(idle_timeout, pgfirst_private.setting_interval('session.idle_timeout'));
  v_absolute interval := coalesce(absolute_timeout, pgfirst_private.setting_interval('session.absolute_timeout'));
  v_hash bytea := pgfirst_private.session_token_hash(token);
begin
  if pg_catalog.length(token) < 32 then
    raise exception 'a caller-supplied session token must be at least 32 characters long'
      using errcode = 'PF207',
            detail = pg_catalog.format('Got %s characters.', pg_catalog.length(token)),
            hint = 'Generate at least 128 random bits with a CSPRNG (express-session''s default sid is 32 characters), or let session_create mint the token.';
  end if;
  perform pgfirst_private.session_check_new(user_id, tenant, v_idle, v_absolute);
  perform pgfirst_private.session_check_data(data);

  insert into pgfirst_private.session as s
         (token_hash, tenant, user_id, data, created_at, last_seen_at, idle_timeout, absolute_expires_at)
  values (v_hash, session_put.tenant, session_put.user_id, session_put.data, v_now, v_now, v_idle, v_now + v_absolute)
  on conflict on constraint session_pkey do update
     set data = excluded.data,
         user_id = excluded.user_id,
         -- an explicit idle timeout follows the caller (express-session's cookie maxAge may
         -- change, e.g. "remember me"); the absolute expiry is never pushed back by a write
         idle_timeout = coalesce(session_put.idle_timeout, s.idle_timeout),
         last_seen_at = greatest(s.last_seen_at, v_now)
   where s.revoked_at is null
     and s.tenant = excluded.tenant
     and s.absolute_expires_at > v_now
     and s.last_seen_at + s.idle_timeout > v_now;
  return found;
end;
$$;

--
-- Name: FUNCTION session_put(token text, user_id text, data jsonb, tenant text, idle_timeout interval, absolute_timeout interval, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.session_put(token text, user_id text, data jsonb, tenant text, idle_timeout interval, absolute_timeout interval, now timestamp with time zone) IS 'Upsert for stores that mint their own tokens (>= 32 chars, PF207): creates the session if the token is new, else replaces the data (and, when given, the idle timeout; never the absolute expiry) of the live session; false (no change) for a destroyed or expired one, which therefore never comes back. One statement.';

--
-- Name: session_rotate(text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_rotate(token text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_hash bytea := pgfirst_private.session_token_hash(token);
  v_new text := pgfirst_private.session_token_new();
  v_old record;
begin
  update pgfirst_private.session s
     set token_hash = pgfirst_private.session_token_hash(v_new),
         last_seen_at = greatest(s.last_seen_at, v_now)
   where s.token_hash = v_hash
     and s.revoked_at is null
     and s.absolute_expires_at > v_now
     and s.last_seen_at + s.idle_timeout > v_now
  returning s.tenant, s.user_id, s.created_at, s.idle_timeout, s.absolute_expires_at into v_old;
  if not found then
    return null;
  end if;
  -- the old key's index entry belongs to the row version this transaction just replaced,
  -- so the tombstone can take the key at once
  insert into pgfirst_private.session
         (token_hash, tenant, user_id, data, created_at, last_seen_at, idle_timeout, absolute_expires_at, revoked_at)
  values (v_hash, v_old.tenant, v_old.user_id, '{}'::jsonb, v_old.created_at, v_now, v_old.idle_timeout,
          v_old.absolute_expires_at, v_now);
  return v_new;
end;
$$;

--
-- Name: FUNCTION session_rotate(token text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.session_rotate(token text, now timestamp with time zone) IS 'Gives a live session a new token (returned) and invalidates the old one in the same transaction, leaving a tombstone so no late write can revive the old token; null when the session is unknown, expired or destroyed. Call it on login and on privilege change (defeats session fixation). Two statements, one round trip.';

--
-- Name: session_set(text, jsonb, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_set(token text, data jsonb, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_hash bytea := pgfirst_private.session_token_hash(token);
begin
  perform pgfirst_private.session_check_data(data);
  update pgfirst_private.session s
     set data = session_set.data,
         last_seen_at = greatest(s.last_seen_at, v_now)
   where s.token_hash = v_hash
     and s.revoked_at is null
     and s.absolute_expires_at > v_now
     and s.last_seen_at + s.idle_timeout > v_now;
  return found;
end;
$$;

--
-- Name: FUNCTION session_set(token text, data jsonb, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.session_set(token text, data jsonb, now timestamp with time zone) IS 'Replaces the data of a live session (true) and counts as activity; false when the token is unknown, expired or destroyed: never creates a row. PF202/PF203 for bad data.';

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
#variable_conflict use_column
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

  -- the declared range / pattern (PF005): a value of the right type can still break a module
  perform pgfirst_private.setting_check(name, value);
  update pgfirst_private.setting s set value = setting_set.value, updated_at = pg_catalog.now()
   where s.name = setting_set.name;
  return value;
end;
$$;

--
-- Name: FUNCTION setting_set(name text, value jsonb); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.setting_set(name text, value jsonb) IS 'Overrides a setting after checking the value against its registered type (PF002 unknown name, PF003 wrong type) and its declared range or pattern (PF005); null resets to the default. Returns the effective value.';

--
-- Name: stats(); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.stats() RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select jsonb_build_object(
    'at', now(),
    'version', pgfirst.version(),
    'queues', coalesce((select jsonb_agg(jsonb_build_object(
                 'queue', q.queue, 'pending', q.pending, 'scheduled', q.scheduled, 'running', q.running,
                 'dead', q.dead, 'oldest_pending_seconds', round(coalesce(extract(epoch from q.oldest_pending_age), 0)::numeric, 3))
                 order by q.queue) from pgfirst.queue_stats() q), '[]'),
    'archive', (select jsonb_build_object(
                 'partitions', count(*) filter (where c.relname ~ '^job_archive_p'),
                 'rows_estimate', coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint,
                 'bytes', coalesce(sum(pg_total_relation_size(c.oid)), 0))
                  from pg_inherits i join pg_class c on c.oid = i.inhrelid
                 where i.inhparent = 'pgfirst_private.job_archive'::regclass),
    'schedules', (select jsonb_build_object(
                 'total', count(*),
                 'enabled', count(*) filter (where s.enabled),
                 'overdue', count(*) filter (where s.enabled and s.next_run < now() - pgfirst_private.setting_interval('schedule.missed_grace')),
                 'ticks_enqueued', coalesce(sum(s.ticks_enqueued), 0),
                 'ticks_skipped', coalesce(sum(s.ticks_skipped), 0),
                 'next_run', min(s.next_run) filter (where s.enabled))
                  from pgfirst_private.schedule s),
    'maintenance', (select jsonb_build_object('last_run', max(m.at), 'runs_last_hour', count(*) filter (where m.at > now() - interval '1 hour'))
                      from pgfirst_private.maintenance_run m),
    -- every pgfirst table (cache, sessions, rate limits, jobs, ...): whatever modules are installed
    'tables', coalesce((select jsonb_object_agg(s.relname, jsonb_build_object(
                 'rows', s.n_live_tup, 'dead_rows', s.n_dead_tup,
                 'bytes', pg_total_relation_size(s.relid),
                 'last_autovacuum', s.last_autovacuum))
                  from pg_stat_user_tables s
                 where s.schemaname = 'pgfirst_private' and s.relname !~ '^job_archive_p'), '{}')
  )
$$;

--
-- Name: FUNCTION stats(); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.stats() IS 'One jsonb snapshot for dashboards: per-queue job counts, archive size, schedule counters, maintenance freshness and per-table rows/dead rows/bytes of every installed pgfirst table (statistics estimates, no big scans).';

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
-- Name: workflow_enqueue(jsonb, text, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.workflow_enqueue(spec jsonb, name text DEFAULT NULL::text, tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(workflow_id bigint, step integer, step_name text, task text, job_id bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(workflow_enqueue.now) then coalesce(workflow_enqueue.now, pg_catalog.now())
                          else pgfirst_private.arg_time(workflow_enqueue.now, 'now') end;
  v_wf bigint;
  v_steps integer;
begin
  if spec is null then
    raise exception 'a workflow spec is required' using errcode = 'PF434';
  end if;
  -- bound the work before doing it: at most batch_max task nodes
  v_steps := (select count(*) from pg_catalog.jsonb_path_query(spec, 'strict $.**.task'));
  if v_steps > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'a workflow has at most % steps', (pgfirst_private.arg_limits()).batch_max using errcode = 'PF415',
      detail = pg_catalog.format('%s steps.', v_steps);
  end if;
  if octet_length(workflow_enqueue.name) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(workflow_enqueue.tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes then
    raise exception 'a workflow name is at most % bytes, a tenant % bytes', (pgfirst_private.arg_limits()).name_max_bytes,
      (pgfirst_private.arg_limits()).tenant_max_bytes using errcode = 'PF416';
  end if;
  insert into pgfirst_private.workflow (name, tenant, created_at)
  values (workflow_enqueue.name, coalesce(workflow_enqueue.tenant, ''), v_now)
  returning pgfirst_private.workflow.id into v_wf;
  perform pgfirst_private.workflow_build(spec, '{}', v_wf, coalesce(workflow_enqueue.tenant, ''), '$', null, 1, v_now);
  return query
    select s.workflow_id, s.position, s.name, j.task, s.job_id
      from pgfirst_private.workflow_step s
      left join pgfirst_private.job j on j.id = s.job_id
     where s.workflow_id = v_wf
     order by s.position;
end;
$_$;

--
-- Name: FUNCTION workflow_enqueue(spec jsonb, name text, tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.workflow_enqueue(spec jsonb, name text, tenant text, now timestamp with time zone) IS 'Enqueues a workflow in one call, all or nothing: spec is a node {"task": ...} | {"chain": [nodes]} | {"group": [nodes]} | {"chord": [nodes], "callback": node}; each step depends on the tail of what precedes it and receives its results in payload.parent_results. Returns one row per step (document order) with its job id.';

--
-- Name: workflow_status(bigint); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.workflow_status(workflow_id bigint) RETURNS TABLE(step integer, step_name text, job_id bigint, group_id text, state text, result jsonb, finished_at timestamp with time zone, group_done integer, group_total integer, workflow_state text)
    LANGUAGE sql STABLE STRICT SECURITY DEFINER PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with s as (
    select st.position, st.name, st.job_id, st.group_id,
           coalesce(j.state, r.state, d.state, 'done') as state,
           r.result,
           coalesce(r.finished_at, d.finished_at) as finished_at
      from pgfirst_private.workflow_step st
      left join pgfirst_private.job j on j.id = st.job_id
      left join pgfirst_private.job_result r on r.id = st.job_id and j.id is null
      left join pgfirst_private.job_dead d on d.id = st.job_id and j.id is null and r.id is null
     where st.workflow_id = workflow_status.workflow_id
  )
  select s.position, s.name, s.job_id, s.group_id, s.state, s.result, s.finished_at,
         (count(*) filter (where s.state = 'done') over g)::integer,
         (count(*) over g)::integer,
         case when bool_or(s.state in ('waiting', 'pending', 'failed', 'running')) over () then 'running'
              when bool_or(s.state = 'dead') over () then 'dead'
              when bool_or(s.state = 'cancelled') over () then 'cancelled'
              else 'done' end
    from s
  window g as (partition by s.group_id)
   order by s.position
$$;

--
-- Name: FUNCTION workflow_status(workflow_id bigint); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.workflow_status(workflow_id bigint) IS 'Every step of a workflow in document order with its state (waiting | pending | failed | running | done | dead | cancelled), result and finish time, its group''s progress (group_done of group_total; whole-workflow counts for steps outside groups), and the workflow''s state: running while any step is live, else dead, cancelled or done. One query; zero rows for an unknown or purged workflow.';

--
-- Name: age_clamped(timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.age_clamped(later timestamp with time zone, earlier timestamp with time zone) RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- least/greatest skip nulls: test for them first, or a null would become a clamp bound
  select case when later is not null and earlier is not null then
           least(greatest(later, (pgfirst_private.arg_limits()).time_min), (pgfirst_private.arg_limits()).time_max)
         - least(greatest(earlier, (pgfirst_private.arg_limits()).time_min), (pgfirst_private.arg_limits()).time_max)
         end
$$;

--
-- Name: FUNCTION age_clamped(later timestamp with time zone, earlier timestamp with time zone); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.age_clamped(later timestamp with time zone, earlier timestamp with time zone) IS 'Internal: later - earlier with both clamped into years 1..9999, so reports survive infinite or extreme stored timestamps; null when either is null.';

--
-- Name: archive_maintain(timestamp with time zone, integer); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.archive_maintain(now timestamp with time zone, batch integer) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '2s'
    AS $_$
#variable_conflict use_column
declare
  v_today date := (archive_maintain.now at time zone 'UTC')::date;
  v_ahead integer := pgfirst_private.setting_int('archive.days_ahead');
  v_keep interval;
  v_day date;
  v_name text;
  v_created text[] := '{}';
  v_dropped text[] := '{}';
  v_blocked text[] := '{}';
  v_default bigint := 0;
  v_deferred text[] := '{}';
  v_part record;
begin
  perform from pgfirst_private.lock_slot s where s.kind = 'archive_maintain' and s.slot = 0
     for no key update skip locked;
  if not found then
    return pg_catalog.jsonb_build_object('skipped', true);
  end if;
  perform pg_catalog.set_config('lock_timeout',
    pg_catalog.ceil(pg_catalog.date_part('epoch', pgfirst_private.setting_interval('archive.lock_timeout')) * 1000)::bigint || 'ms', true);
  for v_day in select d::date from pg_catalog.generate_series(v_today, v_today + v_ahead, interval '1 day') d loop
    v_name := 'job_archive_p' || pg_catalog.to_char(v_day, 'YYYYMMDD');
    continue when pg_catalog.to_regclass('pgfirst_private.' || v_name) is not null;
    if exists (select 1 from pgfirst_private.job_archive_default a
                where a.finished_at >= (v_day::timestamp at time zone 'UTC')
                  and a.finished_at < ((v_day + 1)::timestamp at time zone 'UTC')) then
      v_blocked := v_blocked || v_name;
      continue;
    end if;
    begin
      execute pg_catalog.format(
        'create table pgfirst_private.%I partition of pgfirst_private.job_archive for values from (%L) to (%L)',
        v_name, (v_day::timestamp at time zone 'UTC'), ((v_day + 1)::timestamp at time zone 'UTC'));
      v_created := v_created || v_name;
    exception when lock_not_available then
      v_deferred := v_deferred || v_name;
    end;
  end loop;

  select coalesce(pg_catalog.max(q.keep_finished), interval '0') into v_keep
    from pgfirst_private.job_queue q;
  for v_part in
    select c.relname,
           (pg_catalog.to_date(pg_catalog.substr(c.relname, 14), 'YYYYMMDD') + 1)::timestamp at time zone 'UTC' as upper_bound
      from pg_catalog.pg_inherits i
      join pg_catalog.pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'pgfirst_private.job_archive'::regclass
       and c.relname ~ '^job_archive_p[0-9]{8}$'
     order by c.relname
  loop
    continue when v_part.upper_bound > archive_maintain.now - v_keep;
    begin
      execute pg_catalog.format('alter table pgfirst_private.job_archive detach partition pgfirst_private.%I', v_part.relname);
      execute pg_catalog.format('drop table pgfirst_private.%I', v_part.relname);
      v_dropped := v_dropped || v_part.relname::text;
    exception when lock_not_available then
      v_deferred := v_deferred || v_part.relname::text;
    end;
  end loop;

  begin
    with x as (
      select a.ctid from pgfirst_private.job_archive_default a
       where a.finished_at < archive_maintain.now - v_keep
       limit batch
    )
    delete from pgfirst_private.job_archive_default a using x where a.ctid = x.ctid;
    get diagnostics v_default = row_count;
  exception when lock_not_available then
    v_deferred := v_deferred || 'job_archive_default'::text;
  end;

  return pg_catalog.jsonb_build_object('created', pg_catalog.to_jsonb(v_created),
    'dropped', pg_catalog.to_jsonb(v_dropped), 'blocked_by_default', pg_catalog.to_jsonb(v_blocked),
    'default_purged', v_default, 'deferred', pg_catalog.to_jsonb(v_deferred));
end;
$_$;

--
-- Name: FUNCTION archive_maintain(now timestamp with time zone, batch integer); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.archive_maintain(now timestamp with time zone, batch integer) IS 'Internal: creates job archive partitions ahead and drops partitions past retention (detach + drop); one caller at a time (row lock, others skip); DDL that cannot get its lock within archive.lock_timeout is deferred to the next run.';

--
-- Name: arg_limits(); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.arg_limits() RETURNS pgfirst_private.arg_limits
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select row(
    interval '100 years',                     -- interval_max: timeouts, TTLs, leases, periods, delays
    timestamptz '0001-01-01 00:00:00+00',     -- time_min: earliest accepted timestamp argument
    timestamptz '10000-01-01 00:00:00+00',    -- time_max: timestamps must be before this
    10000,                                    -- batch_max: rows/keys/ids/entries per call
    1000,                                     -- claim_max: job_claim max_jobs
    200,                                      -- name_max_bytes: job task and queue names
    512,                                      -- job_key_max_bytes
    256,                                      -- tenant_max_bytes
    512,                                      -- user_id_max_bytes (sessions)
    512,                                      -- username_max_bytes (login throttling)
    8388608,                                  -- payload_max_bytes: job payload, jsonb datum (8 MiB)
    16384,                                    -- error_max_chars: job_fail error text kept
    10000,                                    -- page_max: dropdown_search page
    1000                                      -- term_max_bytes: dropdown_search term
  )::pgfirst_private.arg_limits
$$;

--
-- Name: FUNCTION arg_limits(); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.arg_limits() IS 'Internal, inlined: the fixed upper bounds on arguments (intervals, timestamps, batch sizes, name/key/tenant/payload sizes) as one row of constants.';

--
-- Name: arg_time(timestamp with time zone, text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.arg_time(ts timestamp with time zone, name text) RETURNS timestamp with time zone
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if not pgfirst_private.arg_time_ok(ts) then
    raise exception '% must be a finite timestamp in years 1 to 9999', name
      using errcode = 'PF006',
            detail = pg_catalog.format('%s: %s', name, ts),
            hint = 'Pass null for the current time; use a far but finite date instead of infinity.';
  end if;
  return ts;
end;
$$;

--
-- Name: FUNCTION arg_time(ts timestamp with time zone, name text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.arg_time(ts timestamp with time zone, name text) IS 'Internal: returns ts unchanged when it is null or finite in years 1..9999; raises PF006 naming the argument otherwise.';

--
-- Name: arg_time_ok(timestamp with time zone); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.arg_time_ok(ts timestamp with time zone) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select ts is null
      or (ts >= (pgfirst_private.arg_limits()).time_min and ts < (pgfirst_private.arg_limits()).time_max)
$$;

--
-- Name: FUNCTION arg_time_ok(ts timestamp with time zone); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.arg_time_ok(ts timestamp with time zone) IS 'Internal, inlined: true when ts is null or a finite timestamp in years 1..9999 (arg_time raises PF006 otherwise).';

--
-- Name: audit_write(text, text, jsonb); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.audit_write(action text, target text, detail jsonb DEFAULT '{}'::jsonb) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  insert into pgfirst_private.admin_audit (at, session_role, role, action, target, detail)
  values (pg_catalog.now(), session_user,
          coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)::name,
          audit_write.action, audit_write.target, coalesce(audit_write.detail, '{}'::jsonb))
$$;

--
-- Name: FUNCTION audit_write(action text, target text, detail jsonb); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.audit_write(action text, target text, detail jsonb) IS 'Internal: records one admin action (login role, effective role, action, target, detail) in pgfirst_private.admin_audit, in the current transaction.';

--
-- Name: cache_address_ok(text, text, text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.cache_address_ok(namespace text, tenant text, key text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select coalesce(namespace <> '' and octet_length(namespace) <= 128
                  and octet_length(tenant) <= 256
                  and key <> '' and octet_length(key) <= 1024, false)
$$;

--
-- Name: FUNCTION cache_address_ok(namespace text, tenant text, key text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.cache_address_ok(namespace text, tenant text, key text) IS 'Internal, inlined: true when namespace, tenant and key satisfy the cache limits (cache_check raises the matching PF error otherwise).';

--
-- Name: cache_check(text, text, text[]); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.cache_check(namespace text, tenant text, keys text[]) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_key text;
begin
  if namespace is null or namespace = '' or octet_length(namespace) > 128 then
    raise exception 'a cache namespace must be a non-empty text of at most 128 bytes'
      using errcode = 'PF101',
            detail = format('namespace: %s', coalesce(quote_literal(left(namespace, 40)), 'null')),
            hint = 'Use a short constant per use, e.g. ''select2'' or ''user_profile''.';
  end if;
  if tenant is null or octet_length(tenant) > 256 then
    raise exception 'a cache tenant must be a text of at most 256 bytes (''%'' when unused)', ''
      using errcode = 'PF110',
            detail = format('tenant: %s', coalesce(quote_literal(left(tenant, 40)), 'null')),
            hint = 'Pass tenant => '''' when the application has no tenants.';
  end if;
  if pg_catalog.cardinality(keys) > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'a cache call takes at most % keys', (pgfirst_private.arg_limits()).batch_max
      using errcode = 'PF113',
            detail = format('%s keys', pg_catalog.cardinality(keys)),
            hint = 'Split the batch.';
  end if;
  if keys is not null then
    foreach v_key in array keys loop
      if v_key is null or v_key = '' or octet_length(v_key) > 1024 then
        raise exception 'a cache key must be a non-empty text of at most 1024 bytes'
          using errcode = 'PF102',
                detail = format('key: %s (%s bytes)', coalesce(quote_literal(left(v_key, 40)), 'null'), coalesce(octet_length(v_key), 0)),
                hint = 'Hash long keys (e.g. md5 or sha256 of the natural key) before caching.';
      end if;
    end loop;
  end if;
  return true;
end;
$$;

--
-- Name: FUNCTION cache_check(namespace text, tenant text, keys text[]); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.cache_check(namespace text, tenant text, keys text[]) IS 'Internal: raises PF101 (namespace), PF110 (tenant), PF113 (more than 10000 keys) or PF102 (a key) for invalid cache addresses; returns true otherwise.';

--
-- Name: cache_check_value(jsonb); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.cache_check_value(value jsonb) RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_max bigint;
begin
  if value is null then
    raise exception 'a cache value must not be SQL null'
      using errcode = 'PF108',
            hint = 'Store the JSON value ''null''::jsonb, or call cache_delete to remove the key.';
  end if;
  -- Read directly (not through setting_int → setting_value): this runs on every write.
  select (coalesce(s.value, s.default_value) #>> '{}')::bigint into v_max
    from pgfirst_private.setting s
   where s.name = 'cache.max_value_bytes';
  if pg_column_size(value) > v_max then
    raise exception 'a cache value must not be larger than cache.max_value_bytes'
      using errcode = 'PF104',
            detail = format('value: %s bytes, limit: %s bytes', pg_column_size(value), v_max),
            hint = 'Cache smaller values, or raise the limit with pgfirst.setting_set(''cache.max_value_bytes'', …).';
  end if;
  return true;
end;
$$;

--
-- Name: FUNCTION cache_check_value(value jsonb); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.cache_check_value(value jsonb) IS 'Internal: raises PF108 for an SQL null value and PF104 for a value larger than cache.max_value_bytes (jsonb datum size); returns true otherwise.';

--
-- Name: cache_expiry(text, interval, timestamp with time zone); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.cache_expiry(namespace text, ttl interval, now timestamp with time zone) RETURNS timestamp with time zone
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_ttl interval := ttl;
begin
  if v_ttl is null then
    select p.default_ttl into v_ttl
      from pgfirst_private.cache_namespace p
     where p.namespace = cache_expiry.namespace;
  elsif v_ttl <= interval '0' or v_ttl > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'a cache ttl must be positive and at most %', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF103',
            detail = format('ttl: %s', v_ttl),
            hint = 'Pass ttl => null for the namespace default (or no expiry), or use cache_delete to remove a key.';
  end if;
  return now + v_ttl;
end;
$$;

--
-- Name: FUNCTION cache_expiry(namespace text, ttl interval, now timestamp with time zone); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.cache_expiry(namespace text, ttl interval, now timestamp with time zone) IS 'Internal: expiry for a cache write (now + ttl, else the namespace default, else null = never); raises PF103 for a ttl <= 0 or over 100 years.';

--
-- Name: cache_incr_value(jsonb, bigint); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.cache_incr_value(value jsonb, delta bigint) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
#variable_conflict use_column
declare
  v_text text := value #>> '{}';
  v_sum numeric;
begin
  if jsonb_typeof(value) not in ('number', 'string') or v_text !~ '^-?[0-9]{1,19}$' then
    raise exception 'cache_incr needs the stored value to be an integer'
      using errcode = 'PF106',
            detail = format('stored value: %s', left(value::text, 80)),
            hint = 'Store counters with cache_incr or as JSON integers; cache_set replaces a value of another kind.';
  end if;
  v_sum := v_text::numeric + delta;
  if v_sum not between -9223372036854775808 and 9223372036854775807 then
    raise exception 'cache_incr would overflow a 64-bit integer'
      using errcode = 'PF107',
            detail = format('stored value %s + delta %s', v_text, delta);
  end if;
  return to_jsonb(v_sum::bigint);
end;
$_$;

--
-- Name: FUNCTION cache_incr_value(value jsonb, delta bigint); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.cache_incr_value(value jsonb, delta bigint) IS 'Internal: value + delta as a jsonb integer; PF106 when value is not an integer, PF107 on bigint overflow.';

--
-- Name: cache_stat_sample(text, text, bigint, bigint, double precision); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.cache_stat_sample(namespace text, tenant text, hits bigint, misses bigint, rate double precision) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if rate <= 0 or current_setting('transaction_read_only') = 'on' then
    return false;
  end if;
  insert into pgfirst_private.cache_stat (namespace, tenant, hits, misses)
  values (namespace, tenant, round(hits / least(rate, 1))::bigint, round(misses / least(rate, 1))::bigint);
  return true;
end;
$$;

--
-- Name: FUNCTION cache_stat_sample(namespace text, tenant text, hits bigint, misses bigint, rate double precision); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.cache_stat_sample(namespace text, tenant text, hits bigint, misses bigint, rate double precision) IS 'Internal: records a sampled read''s hits and misses, weighted by 1/rate, as one appended stats row; false (nothing recorded) in a read-only transaction.';

--
-- Name: cache_sweep(bigint, timestamp with time zone, text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.cache_sweep(max_rows bigint, now timestamp with time zone, only_namespace text) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_chunk bigint := greatest(pgfirst_private.setting_int('cache.cleanup_chunk_blocks'), 1);
  v_blocks bigint := pg_relation_size('pgfirst_private.cache_entry'::regclass)
                     / current_setting('block_size')::bigint;
  v_laps bigint := greatest(ceil(v_blocks::numeric / v_chunk)::bigint, 1);
  v_swept bigint := 0;
  v_start bigint;
  v_deleted bigint := 0;
  v_n bigint;
  r record;
begin
  while v_swept < v_laps and (max_rows is null or v_deleted < max_rows) loop
    v_start := (nextval('pgfirst_private.cache_sweep_chunk') % v_laps) * v_chunk;
    delete from pgfirst_private.cache_entry e
     where e.ctid = any (array(
             select x.ctid
               from pgfirst_private.cache_entry x
               left join pgfirst_private.cache_namespace p on p.namespace = x.namespace
              where x.ctid >= format('(%s,0)', v_start)::tid
                and x.ctid < format('(%s,0)', v_start + v_chunk)::tid
                and (only_namespace is null or x.namespace = only_namespace)
                and x.expires_at + coalesce(p.stale_ttl, interval '0') <= v_now
                and (x.lease_until is null or x.lease_until <= v_now)
              limit max_rows - v_deleted
                for update of x skip locked));
    get diagnostics v_n = row_count;
    v_deleted := v_deleted + v_n;
    v_swept := v_swept + 1;
  end loop;

  for r in
    select p.namespace, x.tenant, count(*) - p.max_entries as excess
      from pgfirst_private.cache_namespace p
      join pgfirst_private.cache_entry x on x.namespace = p.namespace
     where p.max_entries is not null
       and (only_namespace is null or p.namespace = only_namespace)
     group by p.namespace, x.tenant, p.max_entries
    having count(*) > p.max_entries
     order by 3 desc
  loop
    exit when max_rows is not null and v_deleted >= max_rows;
    -- one cleaner per namespace: its row, locked until commit (unreachable without grants)
    perform from pgfirst_private.cache_namespace p where p.namespace = r.namespace for no key update skip locked;
    continue when not found;
    delete from pgfirst_private.cache_entry e
     where e.ctid = any (array(
             select x.ctid
               from pgfirst_private.cache_entry x
              where x.tenant = r.tenant and x.namespace = r.namespace
              order by (x.expires_at is not null and x.expires_at <= v_now) desc, x.updated_at, x.key
              limit least(r.excess, max_rows - v_deleted)
                for update skip locked));
    get diagnostics v_n = row_count;
    v_deleted := v_deleted + v_n;
  end loop;

  if only_namespace is null then
    -- Fold the appended stats rows into one row per (namespace, tenant); rows another
    -- session is folding right now are skipped.
    with folded as (
      delete from pgfirst_private.cache_stat s
       where s.ctid = any (array(
               select y.ctid from pgfirst_private.cache_stat y
                limit 100000
                  for update skip locked))
      returning s.namespace, s.tenant, s.hits, s.misses
    )
    insert into pgfirst_private.cache_stat (namespace, tenant, hits, misses)
    select f.namespace, f.tenant, sum(f.hits), sum(f.misses)
      from folded f
     group by f.namespace, f.tenant;
  end if;
  return v_deleted;
end;
$$;

--
-- Name: FUNCTION cache_sweep(max_rows bigint, now timestamp with time zone, only_namespace text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.cache_sweep(max_rows bigint, now timestamp with time zone, only_namespace text) IS 'Internal: removes expired cache rows (one lap of chunked TID range scans at most, SKIP LOCKED) and enforces entry caps, at most max_rows in all (null: no limit); optionally one namespace only. Returns rows removed.';

--
-- Name: cache_write(text, text, jsonb, interval, text, timestamp with time zone, boolean); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.cache_write(namespace text, key text, value jsonb, ttl interval, tenant text, now timestamp with time zone, only_if_dead boolean) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(cache_write.now) then coalesce(cache_write.now, pg_catalog.now())
                          else pgfirst_private.arg_time(cache_write.now, 'now') end;
  v_ok boolean;
  v_max bigint;
  v_default_ttl interval;
  v_stored boolean;
begin
  -- Every write comes through here: the rules are tested inline, and the helpers that
  -- raise the precise PF error only run when a rule is broken.
  if not pgfirst_private.cache_address_ok(cache_write.namespace, cache_write.tenant, cache_write.key) then
    v_ok := pgfirst_private.cache_check(cache_write.namespace, cache_write.tenant, array[cache_write.key]);
  end if;
  -- One statement for the value limit and the namespace's default TTL.
  select (coalesce(s.value, s.default_value) #>> '{}')::bigint, p.default_ttl
    into v_max, v_default_ttl
    from pgfirst_private.setting s
    left join pgfirst_private.cache_namespace p on p.namespace = cache_write.namespace
   where s.name = 'cache.max_value_bytes';
  if cache_write.value is null or pg_column_size(cache_write.value) > v_max then
    v_ok := pgfirst_private.cache_check_value(cache_write.value);
  end if;
  if cache_write.ttl <= interval '0' or cache_write.ttl > (pgfirst_private.arg_limits()).interval_max then -- cache_expiry raises PF103
    v_ok := pgfirst_private.cache_expiry(cache_write.namespace, cache_write.ttl, v_now) is null;
  end if;
  insert into pgfirst_private.cache_entry as e (tenant, namespace, key, value, expires_at, lease_until, updated_at)
  values (cache_write.tenant, cache_write.namespace, cache_write.key, cache_write.value,
          v_now + coalesce(cache_write.ttl, v_default_ttl), null, v_now)
  on conflict on constraint cache_entry_pkey do update
     set value = excluded.value,
         expires_at = excluded.expires_at,
         lease_until = null,
         updated_at = excluded.updated_at
   where not cache_write.only_if_dead or e.expires_at <= v_now
  returning true into v_stored;
  return coalesce(v_stored, false);
end;
$$;

--
-- Name: FUNCTION cache_write(namespace text, key text, value jsonb, ttl interval, tenant text, now timestamp with time zone, only_if_dead boolean); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.cache_write(namespace text, key text, value jsonb, ttl interval, tenant text, now timestamp with time zone, only_if_dead boolean) IS 'Internal: validates and upserts one cache entry (only over a dead row when only_if_dead); true when it stored.';

--
-- Name: cron_field_parse(text, text, integer, integer, text[], integer); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.cron_field_parse(field text, field_name text, lo integer, hi integer, names text[] DEFAULT NULL::text[], name_base integer DEFAULT 0) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
#variable_conflict use_column
declare
  v_item text;
  v_range text;
  v_step integer;
  v_parts text[];
  v_from integer;
  v_to integer;
  v_mask bigint := 0;
  v_bound text;
  v_value integer;
  v_values integer[];
  v_i integer;
begin
  if coalesce(field, '') = '' then
    raise exception 'a cron field may not be empty' using errcode = 'PF501',
      detail = format('the %s field is empty', field_name);
  end if;
  foreach v_item in array pg_catalog.string_to_array(field, ',') loop
    if v_item !~ '^[0-9a-z*-]+(/[0-9]+)?$' then
      raise exception 'a cron field item must be *, a value, a range a-b, optionally followed by /step'
        using errcode = 'PF501',
              detail = format('the %s field item "%s" is malformed', field_name, v_item),
              hint = 'Examples: *, 5, 1-5, */15, 10-50/10, mon-fri, jan,jul.';
    end if;
    v_range := pg_catalog.split_part(v_item, '/', 1);
    v_step := case when pg_catalog.strpos(v_item, '/') > 0
                   then pg_catalog.split_part(v_item, '/', 2)::integer else 1 end;
    if v_step < 1 or v_step > hi - lo + 1 then
      raise exception 'a cron step must be between 1 and the number of values in its field'
        using errcode = 'PF501',
              detail = format('the %s field has step %s (allowed 1-%s)', field_name, v_step, hi - lo + 1);
    end if;
    if v_range = '*' then
      v_from := lo;
      v_to := hi;
    else
      v_parts := pg_catalog.string_to_array(v_range, '-');
      if pg_catalog.cardinality(v_parts) > 2 then
        raise exception 'a cron range has exactly one dash' using errcode = 'PF501',
          detail = format('the %s field item "%s" is malformed', field_name, v_item);
      end if;
      v_values := '{}';
      foreach v_bound in array v_parts loop
        if v_bound ~ '^[0-9]+$' and pg_catalog.length(v_bound) <= 4 then
          v_value := v_bound::integer;
        elsif names is not null and pg_catalog.array_position(names, v_bound) is not null then
          v_value := pg_catalog.array_position(names, v_bound) + name_base - 1;
        else
          raise exception 'a cron value must be a number or, for month and day of week, a three-letter name'
            using errcode = 'PF501',
                  detail = format('the %s field has the unknown value "%s"', field_name, v_bound);
        end if;
        if v_value < lo or v_value > hi then
          raise exception 'a cron value must lie within its field''s range'
            using errcode = 'PF501',
                  detail = format('the %s field has %s (allowed %s-%s)', field_name, v_value, lo, hi);
        end if;
        v_values := v_values || v_value;
      end loop;
      v_from := v_values[1];
      -- "a/n" (no range) means from a to the end of the field, stepping n
      v_to := case when pg_catalog.cardinality(v_values) = 2 then v_values[2]
                   when pg_catalog.strpos(v_item, '/') > 0 then hi
                   else v_values[1] end;
      if v_from > v_to then
        raise exception 'a cron range must not wrap around (write two ranges instead)'
          using errcode = 'PF501',
                detail = format('the %s field range "%s" runs backwards', field_name, v_range),
                hint = 'For example write fri-sat,sun instead of fri-sun.';
      end if;
    end if;
    v_i := v_from;
    while v_i <= v_to loop
      v_mask := v_mask | (1::bigint << v_i);
      v_i := v_i + v_step;
    end loop;
  end loop;
  return v_mask;
end;
$_$;

--
-- Name: FUNCTION cron_field_parse(field text, field_name text, lo integer, hi integer, names text[], name_base integer); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.cron_field_parse(field text, field_name text, lo integer, hi integer, names text[], name_base integer) IS 'Internal: one cron field as a bitmask of allowed values; raises PF501 on malformed input.';

--
-- Name: cron_local_instant(timestamp without time zone, text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.cron_local_instant(local_time timestamp without time zone, timezone text) RETURNS timestamp with time zone
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_u timestamptz := local_time at time zone 'UTC';
  v_before timestamptz := v_u - interval '1 day';
  v_after timestamptz := v_u + interval '1 day';
  v_a timestamptz;
  v_b timestamptz;
  v_a_ok boolean;
  v_b_ok boolean;
begin
  v_a := v_u - ((v_before at time zone cron_local_instant.timezone) - (v_before at time zone 'UTC'));
  v_b := v_u - ((v_after at time zone cron_local_instant.timezone) - (v_after at time zone 'UTC'));
  v_a_ok := (v_a at time zone cron_local_instant.timezone) = local_time;
  v_b_ok := (v_b at time zone cron_local_instant.timezone) = local_time;
  return case when v_a_ok and v_b_ok then least(v_a, v_b)
              when v_b_ok then v_b
              else v_a end;
end;
$$;

--
-- Name: FUNCTION cron_local_instant(local_time timestamp without time zone, timezone text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.cron_local_instant(local_time timestamp without time zone, timezone text) IS 'Internal: wall-clock time in a zone -> instant (fall-back: first occurrence; spring-forward gap: shifted forward by the gap).';

--
-- Name: cron_next_local(pgfirst_private.cron_spec, timestamp without time zone, timestamp without time zone); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.cron_next_local(spec pgfirst_private.cron_spec, from_local timestamp without time zone, until_local timestamp without time zone) RETURNS timestamp without time zone
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_t timestamp := from_local;
  v_hour integer;
  v_minute integer;
  v_dom_ok boolean;
  v_dow_ok boolean;
  v_next integer;
begin
  loop
    if v_t > until_local then
      return null;
    end if;
    if spec.months & (1::bigint << pg_catalog.date_part('month', v_t)::integer) = 0 then
      v_t := pg_catalog.date_trunc('month', v_t) + interval '1 month';
      continue;
    end if;
    v_dom_ok := spec.doms & (1::bigint << pg_catalog.date_part('day', v_t)::integer) <> 0;
    v_dow_ok := spec.dows & (1::bigint << pg_catalog.date_part('dow', v_t)::integer) <> 0;
    -- Vixie cron: when either day field starts with "*", both must match; otherwise either may.
    if not (case when spec.dom_star or spec.dow_star then v_dom_ok and v_dow_ok
                 else v_dom_ok or v_dow_ok end) then
      v_t := pg_catalog.date_trunc('day', v_t) + interval '1 day';
      continue;
    end if;
    v_hour := pg_catalog.date_part('hour', v_t)::integer;
    if spec.hours & (1::bigint << v_hour) = 0 then
      v_next := v_hour + 1;
      while v_next < 24 and spec.hours & (1::bigint << v_next) = 0 loop
        v_next := v_next + 1;
      end loop;
      v_t := pg_catalog.date_trunc('day', v_t) + pg_catalog.make_interval(hours => v_next);
      continue;
    end if;
    v_minute := pg_catalog.date_part('minute', v_t)::integer;
    if spec.minutes & (1::bigint << v_minute) = 0 then
      v_next := v_minute + 1;
      while v_next < 60 and spec.minutes & (1::bigint << v_next) = 0 loop
        v_next := v_next + 1;
      end loop;
      v_t := pg_catalog.date_trunc('hour', v_t) + pg_catalog.make_interval(mins => v_next);
      continue;
    end if;
    return v_t;
  end loop;
end;
$$;

--
-- Name: FUNCTION cron_next_local(spec pgfirst_private.cron_spec, from_local timestamp without time zone, until_local timestamp without time zone); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.cron_next_local(spec pgfirst_private.cron_spec, from_local timestamp without time zone, until_local timestamp without time zone) IS 'Internal: next wall-clock minute >= from_local matching the cron spec (Vixie day rule), or null before until_local.';

--
-- Name: cron_next_spec(pgfirst_private.cron_spec, timestamp with time zone, text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.cron_next_spec(spec pgfirst_private.cron_spec, after timestamp with time zone, timezone text) RETURNS timestamp with time zone
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_tz text := cron_next_spec.timezone;
  v_back timestamptz := after - interval '3 hours';
  v_from timestamp;
  v_until timestamp;
  v_local timestamp;
  v_at timestamptz;
  v_best timestamptz;
begin
  if (v_back at time zone v_tz) - (v_back at time zone 'UTC') = (after at time zone v_tz) - (after at time zone 'UTC') then
    v_from := after at time zone v_tz;          -- no transition in the last 3 hours
  else
    v_from := v_back at time zone v_tz;
  end if;
  v_from := pg_catalog.date_trunc('minute', v_from) + interval '1 minute';
  v_until := (after at time zone v_tz) + interval '30 years';
  loop
    v_local := pgfirst_private.cron_next_local(spec, v_from, v_until);
    if v_local is null then
      return v_best;
    end if;
    if v_best is not null and v_local >= (v_best at time zone v_tz) then
      return v_best;
    end if;
    v_at := pgfirst_private.cron_local_instant(v_local, v_tz);
    if v_at > after then
      if (v_at at time zone v_tz) = v_local then   -- the wall time exists: nothing later beats it
        return least(v_best, v_at);
      end if;
      v_best := least(v_best, v_at);              -- shifted out of a gap: a later wall time may still be earlier
    end if;
    v_from := v_local + interval '1 minute';
  end loop;
end;
$$;

--
-- Name: FUNCTION cron_next_spec(spec pgfirst_private.cron_spec, after timestamp with time zone, timezone text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.cron_next_spec(spec pgfirst_private.cron_spec, after timestamp with time zone, timezone text) IS 'Internal: next firing instant of a parsed cron spec strictly after "after" in a time zone; null if none within 30 years.';

--
-- Name: cron_parse(text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.cron_parse(cron text) RETURNS pgfirst_private.cron_spec
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_expr text := pg_catalog.lower(pg_catalog.btrim(coalesce(cron, ''), E' \t\r\n'));
  v_fields text[];
  v_spec pgfirst_private.cron_spec;
begin
  if v_expr like '@%' then
    v_expr := case v_expr
      when '@yearly' then '0 0 1 1 *'
      when '@annually' then '0 0 1 1 *'
      when '@monthly' then '0 0 1 * *'
      when '@weekly' then '0 0 * * 0'
      when '@daily' then '0 0 * * *'
      when '@midnight' then '0 0 * * *'
      when '@hourly' then '0 * * * *'
      else v_expr end;
    if v_expr = '@reboot' then
      raise exception 'the @reboot cron macro is not supported: a database schedule has no boot moment'
        using errcode = 'PF502',
              hint = 'Enqueue the job from your application''s start-up code with pgfirst.job_enqueue instead.';
    elsif v_expr like '@%' then
      raise exception 'a cron macro must be one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly'
        using errcode = 'PF501', detail = format('got "%s"', cron);
    end if;
  end if;
  v_fields := pg_catalog.regexp_split_to_array(v_expr, '\s+');
  if v_expr = '' or pg_catalog.cardinality(v_fields) <> 5 then
    raise exception 'a cron expression has exactly five fields: minute hour day-of-month month day-of-week'
      using errcode = 'PF501',
            detail = format('got "%s"', coalesce(cron, '(null)')),
            hint = 'Example: 30 2 * * mon-fri (02:30 on weekdays).';
  end if;
  v_spec.minutes := pgfirst_private.cron_field_parse(v_fields[1], 'minute', 0, 59);
  v_spec.hours := pgfirst_private.cron_field_parse(v_fields[2], 'hour', 0, 23);
  v_spec.doms := pgfirst_private.cron_field_parse(v_fields[3], 'day-of-month', 1, 31);
  v_spec.months := pgfirst_private.cron_field_parse(v_fields[4], 'month', 1, 12,
    array['jan','feb','mar','apr','may','jun','jul','aug','sep','oct','nov','dec'], 1);
  v_spec.dows := pgfirst_private.cron_field_parse(v_fields[5], 'day-of-week', 0, 7,
    array['sun','mon','tue','wed','thu','fri','sat'], 0);
  -- 7 is another name for Sunday
  if v_spec.dows & 128 <> 0 then
    v_spec.dows := (v_spec.dows & 127) | 1;
  end if;
  v_spec.dom_star := v_fields[3] like '*%';
  v_spec.dow_star := v_fields[5] like '*%';
  return v_spec;
end;
$$;

--
-- Name: FUNCTION cron_parse(cron text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.cron_parse(cron text) IS 'Internal: parses a 5-field cron expression or @macro into bitmasks; raises PF501 (malformed) or PF502 (@reboot).';

--
-- Name: dropdown_cursor_decode(text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.dropdown_cursor_decode(cursor text, OUT sort_key text, OUT id text, OUT rank integer) RETURNS record
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_json jsonb;
  v_b64 text := pg_catalog.translate(cursor, '-_', '+/');
begin
  begin
    v_b64 := v_b64 || pg_catalog.repeat('=', (4 - pg_catalog.length(v_b64) % 4) % 4);
    v_json := pg_catalog.convert_from(pg_catalog.decode(v_b64, 'base64'), 'UTF8')::jsonb;
  exception
    when invalid_parameter_value or character_not_in_repertoire or invalid_text_representation
         or untranslatable_character then
      v_json := null;
  end;
  if v_json is null or pg_catalog.jsonb_typeof(v_json) <> 'array' or pg_catalog.jsonb_array_length(v_json) not in (2, 3)
     or pg_catalog.jsonb_typeof(v_json -> 0) <> 'string' or pg_catalog.jsonb_typeof(v_json -> 1) <> 'string'
     or (pg_catalog.jsonb_array_length(v_json) = 3
         and (pg_catalog.jsonb_typeof(v_json -> 2) <> 'number' or (v_json -> 2)::text not in ('0', '1', '2', '3'))) then
    raise exception 'the paging cursor is not one that dropdown_search returned' using errcode = 'PF606',
      detail = pg_catalog.format('after = %s', pg_catalog.left(cursor, 80)),
      hint = 'Pass the "next" value of the previous page unchanged, or null for the first page.';
  end if;
  sort_key := v_json ->> 0;
  id := v_json ->> 1;
  rank := (v_json ->> 2)::integer;
end;
$$;

--
-- Name: FUNCTION dropdown_cursor_decode(cursor text, OUT sort_key text, OUT id text, OUT rank integer); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.dropdown_cursor_decode(cursor text, OUT sort_key text, OUT id text, OUT rank integer) IS 'Internal: decodes a dropdown_search keyset cursor into (sort_key, id, rank: null for an unranked page); raises PF606 for anything else.';

--
-- Name: dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[]); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[]) RETURNS TABLE(r_id text, r_text text, r_sort_key text, r_group text, r_rank integer)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
    -- generated by pgfirst_private.dropdown_dispatch_rebuild: do not edit
    -- $1 dropdown id, then the arguments of the generated function
    begin
      
      return;
    end
    $_$;

--
-- Name: FUNCTION dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[]); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[]) IS 'Internal, generated: routes a dropdown id to its generated search function (rows for dropdown_search and dropdown_lookup).';

--
-- Name: dropdown_dispatch_rebuild(boolean); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.dropdown_dispatch_rebuild(regenerate boolean DEFAULT false) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
#variable_conflict use_column
declare
  v_body text;
  v_id integer;
begin
  if regenerate then
    for v_id in select d.id from pgfirst_private.dropdown d order by d.id loop
      perform pgfirst_private.dropdown_generate(v_id);
    end loop;
  end if;
  select pg_catalog.string_agg(
           pg_catalog.format('%s $1 = %s then return query select * from pgfirst_private.%I($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);',
                  case when d.rn = 1 then 'if' else 'elsif' end, d.id, d.function_name),
           E'\n      ' order by d.id)
         || E'\n      end if;'
    into v_body
    from (select x.id, x.function_name, pg_catalog.row_number() over (order by x.id) as rn
            from pgfirst_private.dropdown x) d;
  execute pg_catalog.format($f$
    create or replace function pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[])
    returns table(r_id text, r_text text, r_sort_key text, r_group text, r_rank integer)
    language plpgsql
    stable
    parallel safe
    set search_path = pg_catalog, pg_temp
    as $b$
    -- generated by pgfirst_private.dropdown_dispatch_rebuild: do not edit
    -- $1 dropdown id, then the arguments of the generated function
    begin
      %s
      return;
    end
    $b$
  $f$, coalesce(v_body, ''));
  comment on function pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[]) is
    'Internal, generated: routes a dropdown id to its generated search function (rows for dropdown_search and dropdown_lookup).';
  revoke all on function pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[]) from public;
end;
$_$;

--
-- Name: FUNCTION dropdown_dispatch_rebuild(regenerate boolean); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.dropdown_dispatch_rebuild(regenerate boolean) IS 'Internal: rewrites the dispatcher from the registry (and, with regenerate, every generated search function).';

--
-- Name: dropdown_ext_schema(text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.dropdown_ext_schema(extension text) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select n.nspname::text
    from pg_catalog.pg_extension e
    join pg_catalog.pg_namespace n on n.oid = e.extnamespace
   where e.extname = dropdown_ext_schema.extension
$$;

--
-- Name: FUNCTION dropdown_ext_schema(extension text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.dropdown_ext_schema(extension text) IS 'Internal: the schema holding an installed extension (pg_trgm, btree_gin, unaccent); null when not installed.';

--
-- Name: dropdown_fold(text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.dropdown_fold(value text) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
      select pg_catalog.btrim(pg_catalog.regexp_replace(
               pg_catalog.lower(pgfirst_ext.unaccent('pgfirst_ext.unaccent'::pg_catalog.regdictionary, value)) collate "C",
               '[[:space:][:punct:]\u00a0-\u00a9\u00ab-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf\u00d7\u00f7\u2000-\u206f\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+',
               ' ', 'g'))
    $$;

--
-- Name: FUNCTION dropdown_fold(value text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.dropdown_fold(value text) IS 'Internal: the words of a label, search text or term, lower-cased, accent-free, separated by single spaces (punctuation and spaces folded); stable, so only used on stored columns and terms.';

--
-- Name: dropdown_generate(integer); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.dropdown_generate(dropdown_id integer) RETURNS void
    LANGUAGE plpgsql STRICT
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
#variable_conflict use_column
declare
  v_d pgfirst_private.dropdown;
  v_mv text;
  v_cols text := 'm.id, m.text, m.sort_key, m.group_label, null::integer';
  v_order text := 'order by m.sort_key, m.id';
  v_after text := 'and (m.sort_key, m.id) > ($6 collate "C", $7 collate "C")';
begin
  select * into strict v_d from pgfirst_private.dropdown d where d.id = dropdown_generate.dropdown_id;
  v_mv := pg_catalog.format('%I.%I', v_d.view_schema, v_d.view_name);
  -- the signature before issue 16 (no word patterns, no rank)
  execute pg_catalog.format('drop function if exists pgfirst_private.%I(text, text, integer, integer, integer, text, text, text[])',
    v_d.function_name);
  execute pg_catalog.format($f$
    create or replace function pgfirst_private.%2$I(text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[])
    returns table(r_id text, r_text text, r_sort_key text, r_group text, r_rank integer)
    language plpgsql
    stable
    parallel safe
    -- Generic plans, made once per session: the plan shapes are fixed by construction (page
    -- index walk, label range + trigram bitmap and top-N sort, key lookup). With custom plans the LIMIT
    -- and OFFSET parameters make every call re-plan, which costs more than the query.
    set plan_cache_mode = force_generic_plan
    -- the ranked search relies on UNION ALL returning its branches in order
    set max_parallel_workers_per_gather = 0
    set search_path = pg_catalog, pg_temp
    as $b$
    -- generated by pgfirst_private.dropdown_generate for dropdown %3$L: do not edit
    -- $1 tenant, $2 folded term, $3 mode, $4 limit, $5 offset, $6/$7/$10 cursor (sort_key or,
    -- in mode 2, label_key; id; rank), $8 ids (mode 3) or one LIKE pattern per word (mode 2,
    -- the longest first), $9 one word-start pattern per word, $11 the end of the label_key
    -- range of the term, $12 the patterns but the first two (mode 2)
    begin
      if $3 = 3 then
        return query select %4$s from %1$s m where m.tenant = $1 and m.id = any ($8);
      elsif $3 = 0 then
        if $7 is null then
          return query select %4$s from %1$s m where m.tenant = $1 %5$s limit $4 offset $5;
        else
          return query select %4$s from %1$s m where m.tenant = $1 %6$s %5$s limit $4;
        end if;
      else
        -- Word search, ordered by (rank, label_key, id). Rank 0 (the label is the term) and 1
        -- (the label starts with it) are exactly a label_key range: those rows come first,
        -- straight from the label index in order (and match every word by construction), so a
        -- term most labels start with costs one page. Only when they run out are the other
        -- matches read: the longest words drive the trigram index, the others are the LIKE
        -- ALL; rank 2 (every word starts a word) before 3 (substrings), then a top-N sort.
        -- one word / several: with several, the two longest are both index conditions (the GIN
        -- scan intersects them), the others are the LIKE ALL
        if pg_catalog.cardinality($8) = 1 then
          if $7 is null then
            return query
              (select m.id, m.text, m.label_key, m.group_label, case when m.label_key = $2 collate "C" then 0 else 1 end
                 from %1$s m
                where m.tenant = $1 and m.label_key >= $2 collate "C" and m.label_key < $11 collate "C"
                order by m.label_key, m.id)
              union all
              (select s.id, s.text, s.label_key, s.group_label, s.rank from (
                 select m.id, m.text, m.label_key, m.group_label, case when m.haystack like all ($9) then 2 else 3 end as rank
                   from %1$s m
                  where m.tenant = $1 and m.haystack like ($8)[1]
                    and not (m.label_key >= $2 collate "C" and m.label_key < $11 collate "C")) s
                order by s.rank, s.label_key, s.id limit $4 + $5)
              limit $4 offset $5;
          else
            return query
              (select m.id, m.text, m.label_key, m.group_label, case when m.label_key = $2 collate "C" then 0 else 1 end
                 from %1$s m
                where m.tenant = $1 and $10 <= 1 and m.label_key >= $2 collate "C" and m.label_key < $11 collate "C"
                  and (m.label_key, m.id) > ($6 collate "C", $7 collate "C")
                order by m.label_key, m.id)
              union all
              (select s.id, s.text, s.label_key, s.group_label, s.rank from (
                 select m.id, m.text, m.label_key, m.group_label, case when m.haystack like all ($9) then 2 else 3 end as rank
                   from %1$s m
                  where m.tenant = $1 and m.haystack like ($8)[1]
                    and not (m.label_key >= $2 collate "C" and m.label_key < $11 collate "C")) s
                where (s.rank, s.label_key, s.id) > ($10, $6 collate "C", $7 collate "C")
                order by s.rank, s.label_key, s.id limit $4)
              limit $4;
          end if;
        else
          if $7 is null then
            return query
              (select m.id, m.text, m.label_key, m.group_label, case when m.label_key = $2 collate "C" then 0 else 1 end
                 from %1$s m
                where m.tenant = $1 and m.label_key >= $2 collate "C" and m.label_key < $11 collate "C"
                order by m.label_key, m.id)
              union all
              (select s.id, s.text, s.label_key, s.group_label, s.rank from (
                 select m.id, m.text, m.label_key, m.group_label, case when m.haystack like all ($9) then 2 else 3 end as rank
                   from %1$s m
                  where m.tenant = $1 and m.haystack like ($8)[1] and m.haystack like ($8)[2]
                    and m.haystack like all ($12)
                    and not (m.label_key >= $2 collate "C" and m.label_key < $11 collate "C")) s
                order by s.rank, s.label_key, s.id limit $4 + $5)
              limit $4 offset $5;
          else
            return query
              (select m.id, m.text, m.label_key, m.group_label, case when m.label_key = $2 collate "C" then 0 else 1 end
                 from %1$s m
                where m.tenant = $1 and $10 <= 1 and m.label_key >= $2 collate "C" and m.label_key < $11 collate "C"
                  and (m.label_key, m.id) > ($6 collate "C", $7 collate "C")
                order by m.label_key, m.id)
              union all
              (select s.id, s.text, s.label_key, s.group_label, s.rank from (
                 select m.id, m.text, m.label_key, m.group_label, case when m.haystack like all ($9) then 2 else 3 end as rank
                   from %1$s m
                  where m.tenant = $1 and m.haystack like ($8)[1] and m.haystack like ($8)[2]
                    and m.haystack like all ($12)
                    and not (m.label_key >= $2 collate "C" and m.label_key < $11 collate "C")) s
                where (s.rank, s.label_key, s.id) > ($10, $6 collate "C", $7 collate "C")
                order by s.rank, s.label_key, s.id limit $4)
              limit $4;
          end if;
        end if;
      end if;
    end
    $b$
  $f$, v_mv, v_d.function_name, v_d.name, v_cols, v_order, v_after);
  execute pg_catalog.format('comment on function pgfirst_private.%I(text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[]) is %L',
    v_d.function_name, pg_catalog.format('Internal, generated: search and lookup rows of dropdown %s (%s).', v_d.name, v_mv));
  execute pg_catalog.format('revoke all on function pgfirst_private.%I(text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[]) from public',
    v_d.function_name);
end;
$_$;

--
-- Name: FUNCTION dropdown_generate(dropdown_id integer); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.dropdown_generate(dropdown_id integer) IS 'Internal: (re)creates the generated static-SQL search function of one dropdown.';

--
-- Name: dropdown_grants_check(regclass); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.dropdown_grants_check(probe regclass) RETURNS void
    LANGUAGE plpgsql STABLE STRICT
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_missing text[];
begin
  -- pg_depend names user objects; built-in ones are pinned and never recorded there, so
  -- the rule's stored tree is read too (relation, function, aggregate, window function
  -- and operator ids; constants are stored as bytes, so no text of the query can fake one)
  with tree as (
    select rw.ev_action::text as t from pg_catalog.pg_rewrite rw where rw.ev_class = dropdown_grants_check.probe
  ),
  dep as (
    select distinct d.refclassid, d.refobjid
      from pg_catalog.pg_rewrite rw
      join pg_catalog.pg_depend d on d.classid = 'pg_catalog.pg_rewrite'::regclass and d.objid = rw.oid
     where rw.ev_class = dropdown_grants_check.probe
    union
    select 'pg_catalog.pg_class'::regclass, m[1]::oid
      from tree, pg_catalog.regexp_matches(tree.t, ':relid (\d+)', 'g') m
    union
    select 'pg_catalog.pg_proc'::regclass, m[1]::oid
      from tree, pg_catalog.regexp_matches(tree.t, ':(?:funcid|aggfnoid|winfnoid) (\d+)', 'g') m
    union
    select 'pg_catalog.pg_operator'::regclass, m[1]::oid
      from tree, pg_catalog.regexp_matches(tree.t, ':opno (\d+)', 'g') m
  ),
  rel as (
    select c.oid, c.relnamespace as nsp
      from dep join pg_catalog.pg_class c on dep.refclassid = 'pg_catalog.pg_class'::regclass and c.oid = dep.refobjid
     where c.oid <> dropdown_grants_check.probe
  ),
  fn as (
    select p.oid, p.pronamespace as nsp
      from dep join pg_catalog.pg_proc p on dep.refclassid = 'pg_catalog.pg_proc'::regclass and p.oid = dep.refobjid
    union
    select p.oid, p.pronamespace
      from dep
      join pg_catalog.pg_operator o on dep.refclassid = 'pg_catalog.pg_operator'::regclass and o.oid = dep.refobjid
      join pg_catalog.pg_proc p on p.oid = o.oprcode::oid
  ),
  nsp as (
    select n.oid, n.nspname from (select nsp from rel union select nsp from fn) x
      join pg_catalog.pg_namespace n on n.oid = x.nsp
     where n.nspname not in ('pg_catalog', 'pgfirst_mv')
  ),
  missing as (
    select 1 as ord, n.nspname::text as obj,
           pg_catalog.format('grant usage on schema %I to pgfirst_dropdown;', n.nspname) as stmt
      from nsp n where not pg_catalog.has_schema_privilege('pgfirst_dropdown', n.oid, 'USAGE')
    union all
    select 2, r.oid::regclass::text,
           pg_catalog.format('grant select on %s to pgfirst_dropdown;', r.oid::regclass)
      from rel r
     where not pg_catalog.has_table_privilege('pgfirst_dropdown', r.oid, 'SELECT')
       and not pg_catalog.has_any_column_privilege('pgfirst_dropdown', r.oid, 'SELECT')
    union all
    select 3, f.oid::regprocedure::text,
           pg_catalog.format('grant execute on function %s to pgfirst_dropdown;', f.oid::regprocedure)
      from fn f where not pg_catalog.has_function_privilege('pgfirst_dropdown', f.oid, 'EXECUTE')
  )
  select pg_catalog.array_agg(m.stmt order by m.ord, m.obj) into v_missing from missing m;
  if v_missing is not null then
    raise exception 'the dropdown query reads objects that pgfirst_dropdown may not use' using errcode = 'PF615',
      detail = E'A DBA would run:\n' || pg_catalog.array_to_string(v_missing, E'\n'),
      hint = 'The query runs as the role pgfirst_dropdown (it owns the dropdown views), which holds only the grants a DBA gave it. Grant exactly what the dropdown must read, then define it again.';
  end if;
end;
$$;

--
-- Name: FUNCTION dropdown_grants_check(probe regclass); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.dropdown_grants_check(probe regclass) IS 'Internal: raises PF615, listing the GRANT statements needed, when pgfirst_dropdown lacks USAGE, SELECT or EXECUTE on anything the (probe view of a) dropdown query references.';

--
-- Name: dropdown_normalize(text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.dropdown_normalize(value text) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$ select pg_catalog.lower(pgfirst_ext.unaccent('pgfirst_ext.unaccent'::pg_catalog.regdictionary, value)) $$;

--
-- Name: FUNCTION dropdown_normalize(value text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.dropdown_normalize(value text) IS 'Internal: lower-cased, accent-free form of a label or search term (unaccent + lower); stable, so only used on stored columns and terms, never in index expressions.';

--
-- Name: dropdown_query_check(text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.dropdown_query_check(query text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
#variable_conflict use_column
declare
  v_n integer := pg_catalog.length(coalesce(query, ''));
  v_i integer := 1;
  v_j integer;
  v_c text;
  v_next text;
  v_depth integer := 0;   -- parentheses
  v_cdepth integer;       -- nested /* */
  v_first text;           -- first word
  v_end integer;          -- position of the first top-level ';' (0: none)
  v_tag text;
  v_tok_start integer;
  v_estring boolean;
  v_problem text;
  -- quote characters by code: keeps this file readable by SQL tools that split statements
  v_q constant text := pg_catalog.chr(39);
  v_dq constant text := pg_catalog.chr(34);
begin
  v_end := 0;
  while v_i <= v_n and v_problem is null loop
    v_c := pg_catalog.substr(query, v_i, 1);
    v_next := pg_catalog.substr(query, v_i + 1, 1);
    if v_end > 0 and v_c !~ '^[[:space:];]$' and not (v_c = '-' and v_next = '-') and not (v_c = '/' and v_next = '*') then
      v_problem := pg_catalog.format('text follows the ";" at position %s', v_end);
    elsif v_c = '-' and v_next = '-' then
      v_j := pg_catalog.strpos(pg_catalog.substr(query, v_i), E'\n');
      v_i := case when v_j = 0 then v_n + 1 else v_i + v_j end;
      continue;
    elsif v_c = '/' and v_next = '*' then
      v_cdepth := 1;
      v_i := v_i + 2;
      while v_i <= v_n and v_cdepth > 0 loop
        if pg_catalog.substr(query, v_i, 2) = '/*' then
          v_cdepth := v_cdepth + 1; v_i := v_i + 2;
        elsif pg_catalog.substr(query, v_i, 2) = '*/' then
          v_cdepth := v_cdepth - 1; v_i := v_i + 2;
        else
          v_i := v_i + 1;
        end if;
      end loop;
      if v_cdepth > 0 then
        v_problem := 'unterminated /* comment';
      end if;
      continue;
    elsif v_c = v_q then
      -- E'…' only when the e is a token of its own (PostgreSQL reads abce'x' as abce 'x')
      v_tok_start := v_i;
      while v_tok_start > 1 and pg_catalog.substr(query, v_tok_start - 1, 1) ~ '^[[:alnum:]_$]$'
                              or (v_tok_start > 1 and pg_catalog.ascii(pg_catalog.substr(query, v_tok_start - 1, 1)) > 127) loop
        v_tok_start := v_tok_start - 1;
      end loop;
      if v_tok_start < v_i and pg_catalog.substr(query, v_tok_start, 1) ~ '^[0-9]$' then
        v_problem := pg_catalog.format('a quote directly after a number at position %s', v_i);
        continue;
      end if;
      v_estring := v_tok_start = v_i - 1 and pg_catalog.substr(query, v_tok_start, 1) in ('e', 'E');
      v_i := v_i + 1;
      loop
        if v_i > v_n then
          v_problem := 'unterminated string constant';
          exit;
        end if;
        v_c := pg_catalog.substr(query, v_i, 1);
        if v_estring and v_c = '\' then
          v_i := v_i + 2;
        elsif v_c = v_q and pg_catalog.substr(query, v_i + 1, 1) = v_q then
          v_i := v_i + 2;
        elsif v_c = v_q then
          v_i := v_i + 1;
          exit;
        else
          v_i := v_i + 1;
        end if;
      end loop;
      continue;
    elsif v_c = v_dq then
      v_i := v_i + 1;
      loop
        if v_i > v_n then
          v_problem := 'unterminated quoted identifier';
          exit;
        end if;
        if pg_catalog.substr(query, v_i, 2) = v_dq || v_dq then
          v_i := v_i + 2;
        elsif pg_catalog.substr(query, v_i, 1) = v_dq then
          v_i := v_i + 1;
          exit;
        else
          v_i := v_i + 1;
        end if;
      end loop;
      continue;
    elsif v_c = '$' then
      v_tok_start := v_i;
      while v_tok_start > 1 and pg_catalog.substr(query, v_tok_start - 1, 1) ~ '^[[:alnum:]_$]$' loop
        v_tok_start := v_tok_start - 1;
      end loop;
      if v_tok_start < v_i and pg_catalog.substr(query, v_tok_start, 1) ~ '^[0-9]$' then
        v_problem := pg_catalog.format('a dollar sign directly after a number at position %s', v_i);
        continue;
      end if;
      v_tag := case when v_tok_start = v_i
                    then pg_catalog.substring(pg_catalog.substr(query, v_i), '^\$([A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*)?\$') end;
      if v_tok_start = v_i and pg_catalog.substr(query, v_i) ~ '^\$([A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*)?\$' then
        v_tag := '$' || coalesce(v_tag, '') || '$';
        v_j := pg_catalog.strpos(pg_catalog.substr(query, v_i + pg_catalog.length(v_tag)), v_tag);
        if v_j = 0 then
          v_problem := 'unterminated dollar-quoted string';
          continue;
        end if;
        v_i := v_i + pg_catalog.length(v_tag) + v_j - 1 + pg_catalog.length(v_tag);
        continue;
      end if;
    elsif v_c = ';' then
      v_end := v_i;
    elsif v_c = '(' then
      v_depth := v_depth + 1;
    elsif v_c = ')' then
      v_depth := v_depth - 1;
      if v_depth < 0 then
        v_problem := pg_catalog.format('unbalanced ")" at position %s', v_i);
      end if;
    elsif v_first is null and v_c ~ '^[[:alpha:]_]$' then
      v_first := pg_catalog.lower(pg_catalog.substring(pg_catalog.substr(query, v_i), '^[[:alnum:]_$]+'));
    elsif v_first is null and v_c !~ '^[[:space:]]$' then
      v_first := v_c;
    end if;
    v_i := v_i + 1;
  end loop;
  if v_problem is null and v_depth <> 0 then
    v_problem := 'unbalanced "("';
  end if;
  if v_problem is null and (v_first is null or v_first not in ('select', 'with')) then
    v_problem := pg_catalog.format('it starts with %s', coalesce(pg_catalog.quote_literal(v_first), 'nothing'));
  end if;
  if v_problem is not null then
    raise exception 'a dropdown query must be exactly one SELECT (or WITH … SELECT) statement' using errcode = 'PF614',
      detail = v_problem || '; nothing was run.',
      hint = 'Remove any other statement; quote literal ";" characters; data-modifying WITH, SELECT INTO and utility statements are refused.';
  end if;
  return pg_catalog.rtrim(case when v_end > 0 then pg_catalog.left(query, v_end - 1) else query end, E' \t\r\n\f;');
end;
$_$;

--
-- Name: FUNCTION dropdown_query_check(query text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.dropdown_query_check(query text) IS 'Internal: lexical check that a dropdown query is exactly one SELECT/WITH statement with balanced parentheses (PF614 otherwise, before anything is parsed or run); returns it without trailing semicolons.';

--
-- Name: dropdown_source_changed(); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.dropdown_source_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_id integer := tg_argv[0]::integer;
  v_even boolean;
  v_odd boolean;
  v_queued boolean;
  v_own boolean;
  v_d record;
  v_key text;
begin
  if pg_catalog.current_setting('transaction_isolation') <> 'read committed' then
    select d.name, d.debounce, d.max_staleness into v_d from pgfirst_private.dropdown d where d.id = v_id;
    if not found then
      return null; -- dropped meanwhile
    end if;
    v_key := pg_catalog.format('pgfirst.dropdown_refresh:%s:tx%s', v_d.name, pg_catalog.txid_current());
    -- generation -1: any refresh (all of which start after this commits) clears it
    insert into pgfirst_private.dropdown_change (dropdown_id, generation, changed_at, fresh_until)
    values (v_id, -1, pg_catalog.statement_timestamp(), pg_catalog.statement_timestamp() + v_d.max_staleness);
  else
    -- Usual path, ONE statement (issue 16; before: a lock statement, then a probe of the
    -- marker index with a snapshot taken after it): lock this backend's own lane of both
    -- parities (lane = pid % 64; rows of a private table, so no role without pgfirst grants
    -- can hold them). A locking read returns the latest committed version of each lane row:
    -- its `generation` is the one the refresh that last locked that parity wrote when it
    -- committed, so max(generation) is the generation g as of the lock; `queued_generation`
    -- and `queued_until` are what an earlier transaction of a backend on this lane found or
    -- made: a marker (so a refresh job) for that generation, fresh until then. Holding BOTH
    -- parities means no refresh has passed its lock (one that committed before shows in g;
    -- one that comes later waits for us), so if the queued generation is still >= g, that
    -- refresh has not taken its snapshot and will see this change.
    -- (a join of the two lane rows rather than an aggregate: executor start-up of an Agg
    -- node cost as much as the rest of the statement)
    select greatest(g0.generation, g1.generation) <= least(g0.queued_generation, g1.queued_generation)
           and least(g0.queued_until, g1.queued_until) > pg_catalog.statement_timestamp()
      into v_queued
      from pgfirst_private.dropdown_gate g0
      join pgfirst_private.dropdown_gate g1 on g1.dropdown_id = g0.dropdown_id and g1.parity = 1 and g1.lane = g0.lane
     where g0.dropdown_id = v_id and g0.parity = 0 and g0.lane = pg_catalog.pg_backend_pid() & 63
       for no key update of g0, g1 skip locked;
    v_own := found;
    if v_own and v_queued then
      return null;
    end if;
    -- not both of the own lane (a lock skipped may still be held: taking it again succeeds)
    v_even := v_own;
    v_odd := v_own;
    -- otherwise a free lane for each parity not held (the own one, or another when a
    -- concurrent writer holds it)
    if not v_even then
      perform from pgfirst_private.dropdown_gate g where g.dropdown_id = v_id and g.parity = 0
        order by g.lane = pg_catalog.pg_backend_pid() & 63 desc
        limit 1 for no key update skip locked;
      v_even := found;
    end if;
    if not v_odd then
      perform from pgfirst_private.dropdown_gate g where g.dropdown_id = v_id and g.parity = 1
        order by g.lane = pg_catalog.pg_backend_pid() & 63 desc
        limit 1 for no key update skip locked;
      v_odd := found;
    end if;
    -- (a new snapshot from here on: it contains every refresh that committed before the locks)
    select d.name, d.debounce, d.max_staleness, t.target,
           (select pg_catalog.max(c.fresh_until) from pgfirst_private.dropdown_change c
             where c.dropdown_id = d.id and c.generation = t.target) as fresh_until
      into v_d
      from pgfirst_private.dropdown d
      cross join lateral (
        select case when (d.generation % 2 = 0 and v_even) or (d.generation % 2 = 1 and v_odd) then d.generation
                    when v_even or v_odd then d.generation + 1 end as target) t
     where d.id = v_id;
    if not found then
      return null; -- dropped meanwhile
    end if;
    if v_d.fresh_until > pg_catalog.statement_timestamp() then
      -- a refresh that will see this change is already queued: note it in this backend's own
      -- lane (held, both parities, so target = g) for the usual path of its next statements
      if v_own then
        update pgfirst_private.dropdown_gate g set queued_generation = v_d.target, queued_until = v_d.fresh_until
         where g.dropdown_id = v_id and g.lane = pg_catalog.pg_backend_pid() & 63;
      end if;
      return null;
    end if;
    if v_d.target is null then
      -- both parities taken (not expected: one refresh at a time): a refresh of our own is safe
      v_key := pg_catalog.format('pgfirst.dropdown_refresh:%s:tx%s', v_d.name, pg_catalog.txid_current());
      insert into pgfirst_private.dropdown_change (dropdown_id, generation, changed_at, fresh_until)
      values (v_id, -1, pg_catalog.statement_timestamp(), pg_catalog.statement_timestamp() + v_d.max_staleness);
    else
      insert into pgfirst_private.dropdown_change (dropdown_id, generation, changed_at, fresh_until)
      values (v_id, v_d.target, pg_catalog.statement_timestamp(), pg_catalog.statement_timestamp() + v_d.max_staleness);
      v_key := pg_catalog.format('pgfirst.dropdown_refresh:%s:%s', v_d.name, v_d.target);
      if v_own then
        update pgfirst_private.dropdown_gate g
           set queued_generation = v_d.target, queued_until = pg_catalog.statement_timestamp() + v_d.max_staleness
         where g.dropdown_id = v_id and g.lane = pg_catalog.pg_backend_pid() & 63;
      end if;
    end if;
  end if;
  perform pgfirst.job_enqueue(
    task => 'pgfirst.dropdown_refresh',
    payload => pg_catalog.jsonb_build_object('name', v_d.name),
    queue => pgfirst_private.setting_value('dropdown.queue') #>> '{}',
    run_at => pg_catalog.statement_timestamp() + v_d.debounce,
    priority => pgfirst_private.setting_int('dropdown.refresh_priority')::integer,
    job_key => v_key,
    job_key_mode => 'keep');
  return null;
end;
$$;

--
-- Name: FUNCTION dropdown_source_changed(); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.dropdown_source_changed() IS 'Internal trigger (statement level) on dropdown sources: records that a refresh is needed and enqueues at most one debounced refresh job per generation; never refreshes in the writer''s transaction.';

--
-- Name: dropdown_source_writes(regclass[]); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.dropdown_source_writes(sources regclass[]) RETURNS bigint
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select coalesce(pg_catalog.sum(s.n_tup_ins + s.n_tup_upd + s.n_tup_del), 0)::bigint
    from pg_catalog.pg_stat_all_tables s
   where s.relid = any (dropdown_source_writes.sources::oid[])
$$;

--
-- Name: FUNCTION dropdown_source_writes(sources regclass[]); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.dropdown_source_writes(sources regclass[]) IS 'Internal: approximate rows written to the given tables since statistics were last reset (n_tup_ins + n_tup_upd + n_tup_del).';

--
-- Name: dropdown_view_create(integer); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.dropdown_view_create(dropdown_id integer) RETURNS void
    LANGUAGE plpgsql STRICT
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
#variable_conflict use_column
declare
  v_d pgfirst_private.dropdown;
  v_columns text[];
  v_trgm text := pgfirst_private.dropdown_ext_schema('pg_trgm');
  v_search text;
begin
  select * into strict v_d from pgfirst_private.dropdown d where d.id = dropdown_view_create.dropdown_id;
  if pg_catalog.to_regclass('pg_temp.pgfirst_dropdown_probe') is not null then
    drop view pg_temp.pgfirst_dropdown_probe;
  end if;
  execute pg_catalog.format(E'create temporary view pgfirst_dropdown_probe as %s\n', v_d.query);
  select pg_catalog.array_agg(a.attname::text order by a.attnum) into v_columns
    from pg_catalog.pg_attribute a
   where a.attrelid = 'pg_temp.pgfirst_dropdown_probe'::regclass and a.attnum > 0 and not a.attisdropped;
  drop view pg_temp.pgfirst_dropdown_probe;
  v_search := case when 'search' = any (v_columns) then 'coalesce(q.search::text, q.text::text)' else 'q.text::text' end;

  -- Rows without tenant or id cannot be paged or looked up: they are left out.
  -- label_key: the folded label (exact / prefix rank); haystack: the folded label and search
  -- text between single spaces, so ' word' marks the start of a word (see dropdown_search).
  execute pg_catalog.format($f$
    create materialized view %1$I.%2$I as
    select q.tenant::text collate "C" as tenant,
           q.id::text collate "C" as id,
           coalesce(q.text::text, q.id::text) as text,
           coalesce(%3$s, '') collate "C" as sort_key,
           pg_catalog.left(coalesce(pgfirst_private.dropdown_normalize(%4$s), ''), 1000) collate "C" as search,
           %5$s as group_label,
           pg_catalog.left(coalesce(pgfirst_private.dropdown_fold(coalesce(q.text::text, q.id::text)), ''), 1000) collate "C" as label_key,
           (' ' || pg_catalog.left(pgfirst_private.dropdown_fold(coalesce(q.text::text, q.id::text) || ' ' || %7$s), 2000) || ' ') collate "C" as haystack
      from (%6$s
           ) q
     where q.tenant is not null and q.id is not null
     -- stored in page order: rows a search finds often sit together (a surname when sorting
     -- by surname), so a page touches few heap blocks; refreshes keep most rows in place
     order by 1, 4, 2
    with no data
  $f$, v_d.view_schema, v_d.view_name,
    case when 'sort_key' = any (v_columns) then 'q.sort_key::text'
         else 'pgfirst_private.dropdown_normalize(q.text::text)' end,
    v_search,
    case when 'group_label' = any (v_columns) then 'q.group_label::text' else 'null::text' end,
    v_d.query,
    case when 'search' = any (v_columns) then 'coalesce(q.search::text, '''')' else '''''' end);
  -- unique: required by REFRESH CONCURRENTLY, and the lookup path
  execute pg_catalog.format('create unique index %I on %I.%I (tenant, id)', v_d.view_name || '_key', v_d.view_schema, v_d.view_name);
  -- first page and keyset paging, covering (index-only once the visibility map is set)
  execute pg_catalog.format('create index %I on %I.%I (tenant, sort_key, id) include (text, group_label)',
    v_d.view_name || '_page', v_d.view_schema, v_d.view_name);
  -- search, ranks 0-1 (the label starts with the term): a range in (label_key, id) order
  execute pg_catalog.format('create index %I on %I.%I (tenant, label_key, id) include (text, group_label)',
    v_d.view_name || '_label', v_d.view_schema, v_d.view_name);
  -- search, the other matches: trigram GIN over the haystack, tenant inside the same index through btree_gin;
  -- serves '%word%' (3+ characters) and '% wo%' (a word starting with 1-2 characters)
  execute pg_catalog.format('create index %I on %I.%I using gin (tenant, haystack %I.gin_trgm_ops)',
    v_d.view_name || '_words', v_d.view_schema, v_d.view_name, v_trgm);
  execute pg_catalog.format('comment on materialized view %I.%I is %L', v_d.view_schema, v_d.view_name,
    pg_catalog.format('pgfirst dropdown %s: read it through pgfirst.dropdown_search (tenant isolation lives there); refreshed by pgfirst.dropdown_refresh.', v_d.name));
  execute pg_catalog.format('revoke all on %I.%I from public', v_d.view_schema, v_d.view_name);
  -- Owned by pgfirst_dropdown: REFRESH runs the query as the view's owner (in a
  -- security-restricted operation), so the query's code never has more rights than that role.
  perform pgfirst_private.dropdown_view_own(v_d.view_name, v_d.view_schema);
end;
$_$;

--
-- Name: FUNCTION dropdown_view_create(dropdown_id integer); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.dropdown_view_create(dropdown_id integer) IS 'Internal: creates (WITH NO DATA) the materialized view of a registered dropdown with its key, page, label and word-search indexes, owned by pgfirst_dropdown.';

--
-- Name: dropdown_view_own(text, text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.dropdown_view_own(view_name text, view_schema text DEFAULT 'pgfirst_mv'::text) RETURNS void
    LANGUAGE plpgsql STRICT
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_super boolean := (select r.rolsuper from pg_catalog.pg_roles r where r.rolname = current_user);
begin
  if not v_super then
    execute pg_catalog.format('grant create on schema %I to pgfirst_dropdown', view_schema);
  end if;
  execute pg_catalog.format('alter materialized view %I.%I owner to pgfirst_dropdown', view_schema, view_name);
  if not v_super then
    execute pg_catalog.format('revoke create on schema %I from pgfirst_dropdown', view_schema);
  end if;
end;
$$;

--
-- Name: FUNCTION dropdown_view_own(view_name text, view_schema text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.dropdown_view_own(view_name text, view_schema text) IS 'Internal: makes pgfirst_dropdown the owner of a dropdown view (granting it CREATE on the schema only for the duration of the ALTER when the pgfirst owner is not a superuser).';

--
-- Name: hot_cache_stats_sample_rate(); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.hot_cache_stats_sample_rate() RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$select 0.01::double precision$$;

--
-- Name: FUNCTION hot_cache_stats_sample_rate(); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.hot_cache_stats_sample_rate() IS 'Internal, inlined, generated by hot_settings_sync: the value of setting cache.stats_sample_rate as a constant.';

--
-- Name: hot_session_touch_interval(); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.hot_session_touch_interval() RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$select pg_catalog.make_interval(0, 0, 0, 0, 0, 0, 60.000000)$$;

--
-- Name: FUNCTION hot_session_touch_interval(); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.hot_session_touch_interval() IS 'Internal, inlined, generated by hot_settings_sync: the value of setting session.touch_interval as a constant.';

--
-- Name: hot_settings_sync(); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.hot_settings_sync() RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_rate double precision;
  v_touch interval;
  v_months bigint;
  v_days bigint;
  v_secs numeric;
  v_body text;
begin
  select (coalesce(s.value, s.default_value) #>> '{}')::double precision into v_rate
    from pgfirst_private.setting s where s.name = 'cache.stats_sample_rate';
  v_body := pg_catalog.format('select %s::double precision', coalesce(v_rate, 0.01)::text);
  if v_body is distinct from (select p.prosrc from pg_catalog.pg_proc p
                               where p.oid = 'pgfirst_private.hot_cache_stats_sample_rate()'::regprocedure) then
    execute pg_catalog.format(
      'create or replace function pgfirst_private.hot_cache_stats_sample_rate() returns double precision '
      'language sql immutable parallel safe as %L', v_body);
  end if;

  select (coalesce(s.value, s.default_value) #>> '{}')::interval into v_touch
    from pgfirst_private.setting s where s.name = 'session.touch_interval';
  v_touch := coalesce(v_touch, interval '1 minute');
  -- parts, so the body does not depend on IntervalStyle: months, days, seconds
  v_months := extract(year from v_touch)::bigint * 12 + extract(month from v_touch)::bigint;
  v_days := extract(day from v_touch)::bigint;
  v_secs := extract(epoch from v_touch) - (v_months * 30 + v_days) * 86400;
  v_body := pg_catalog.format('select pg_catalog.make_interval(0, %s, 0, %s, 0, 0, %s)', v_months, v_days, v_secs);
  if v_body is distinct from (select p.prosrc from pg_catalog.pg_proc p
                               where p.oid = 'pgfirst_private.hot_session_touch_interval()'::regprocedure) then
    execute pg_catalog.format(
      'create or replace function pgfirst_private.hot_session_touch_interval() returns interval '
      'language sql immutable parallel safe as %L', v_body);
  end if;
end;
$$;

--
-- Name: FUNCTION hot_settings_sync(); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.hot_settings_sync() IS 'Internal: rewrites the constant bodies of hot_cache_stats_sample_rate and hot_session_touch_interval from pgfirst_private.setting (run by trigger setting__hot_sync).';

--
-- Name: job_backoff(bigint, integer); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_backoff(id bigint, attempt integer) RETURNS interval
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- the doubling is compared in seconds first: base * 2^40 overflows interval for a base
  -- of a day or more, so the interval product is only formed when it is below the cap
  select case when pg_catalog.date_part('epoch', s.base) * pg_catalog.power(2::float8, s.e)
                   >= pg_catalog.date_part('epoch', s.max)
              then s.max
              else least(s.max, s.base * pg_catalog.power(2::float8, s.e)) end
         * (1 - s.j / 2 + s.j * ((pg_catalog.hashtext(id::text || ':' || attempt::text) & 65535) / 65535.0)::float8)
    from (select (pgfirst_private.setting_value('job.backoff_jitter') #>> '{}')::float8 as j,
                 pgfirst_private.setting_interval('job.backoff_base') as base,
                 pgfirst_private.setting_interval('job.backoff_max') as max,
                 least(greatest(attempt, 1) - 1, 40) as e) s
$$;

--
-- Name: FUNCTION job_backoff(id bigint, attempt integer); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_backoff(id bigint, attempt integer) IS 'Internal: exponential retry delay with deterministic per-(job, attempt) jitter; formula in docs/jobs.md.';

--
-- Name: job_cancel_audit(bigint, text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_cancel_audit(id bigint, was text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if pg_catalog.pg_has_role(coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)::name,
                            'pgfirst_admin', 'member') then
    perform pgfirst_private.audit_write('job_cancel', job_cancel_audit.id::text,
      pg_catalog.jsonb_build_object('state', job_cancel_audit.was));
  end if;
end;
$$;

--
-- Name: FUNCTION job_cancel_audit(id bigint, was text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_cancel_audit(id bigint, was text) IS 'Internal: records a job_cancel in the admin audit when the caller is a member of pgfirst_admin.';

--
-- Name: job_claim_pick(text, text, integer, integer, timestamp with time zone); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_claim_pick(queue text, cursor text, key_concurrency integer, slots integer, now timestamp with time zone, OUT ids bigint[], OUT last_key text) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
declare
  c_max_keys constant integer := 1000; -- keys walked after the cursor, and again from the start
begin
    with recursive after_c(k, n) as (
      -- two subqueries so that each has an index condition on fair_key (a generic plan of
      -- `cursor is null or fair_key > cursor` would filter every entry of the cursor's key)
      select case when job_claim_pick.cursor is null
                  then (select j.fair_key from pgfirst_private.job j
                         where j.queue = job_claim_pick.queue and j.fair_key >= '' and j.state in ('pending', 'failed')
                           and j.worker_id is null
                         order by j.fair_key limit 1)
                  else (select j.fair_key from pgfirst_private.job j
                         where j.queue = job_claim_pick.queue and j.fair_key > job_claim_pick.cursor
                           and j.state in ('pending', 'failed') and j.worker_id is null
                         order by j.fair_key limit 1)
             end, 1
      union all
      select (select j.fair_key from pgfirst_private.job j
               where j.queue = job_claim_pick.queue and j.fair_key > a.k and j.state in ('pending', 'failed')
                 and j.worker_id is null
               order by j.fair_key limit 1), a.n + 1
        from after_c a where a.k is not null and a.n < c_max_keys
    ), before_c(k, n) as (
      select (select j.fair_key from pgfirst_private.job j
               where j.queue = job_claim_pick.queue and j.fair_key is not null and j.state in ('pending', 'failed')
                 and j.worker_id is null
               order by j.fair_key limit 1), 1
       where job_claim_pick.cursor is not null
      union all
      select (select j.fair_key from pgfirst_private.job j
               where j.queue = job_claim_pick.queue and j.fair_key > b.k and j.state in ('pending', 'failed')
                 and j.worker_id is null
               order by j.fair_key limit 1), b.n + 1
        from before_c b where b.k is not null and b.k < job_claim_pick.cursor and b.n < c_max_keys
    ), ks as (
      select a.k, a.n as pos from after_c a where a.k is not null
      union all
      select b.k, c_max_keys + b.n from before_c b where b.k is not null and b.k <= job_claim_pick.cursor
    ), running as (
      select j.fair_key as k, count(*) as n
        from pgfirst_private.job j
       where job_claim_pick.key_concurrency is not null
         and j.state = 'running' and j.queue = job_claim_pick.queue and j.fair_key is not null
       group by j.fair_key
    ), served as (
      -- the first job_claim_pick.slots keys (in round-robin order) with a claimable job and room:
      -- LIMIT stops the key walk there (the recursive scans run on demand)
      select ks.k, ks.pos, r.room
        from ks
       cross join lateral (
         select least(job_claim_pick.slots::bigint, coalesce(job_claim_pick.key_concurrency
                  - coalesce((select x.n from running x where x.k = ks.k), 0), job_claim_pick.slots::bigint)) as room
       ) r
       -- Plan shape, on purpose (here and in `pick`): a LATERAL ... LIMIT 1, not EXISTS (no
       -- hash semi-join over every ready job of the queue), and fair_key as the range
       -- k..k ordered by fair_key: with `fair_key = k` the planner may walk
       -- job_available_idx in priority order instead, through every job of the big keys,
       -- as its statistics see only them.
       cross join lateral (
         select 1
           from pgfirst_private.job j
          where j.queue = job_claim_pick.queue and j.fair_key >= ks.k and j.fair_key <= ks.k
            and j.state in ('pending', 'failed') and j.run_at <= job_claim_pick.now
            and (j.sequence_key is null or not exists (
                  select from pgfirst_private.job p
                   where p.tenant = j.tenant and p.sequence_key = j.sequence_key and p.id < j.id))
          order by j.fair_key, j.priority desc, j.run_at, j.id
          limit 1
       ) e
       where r.room > 0
       limit job_claim_pick.slots
    ), pick as (
      -- round 1 takes the best job of each key, round 2 the second best, ...
      select s.id, sv.k, sv.pos, s.rn
        from served sv
       cross join lateral (
         select j.id, pg_catalog.row_number() over (order by j.fair_key, j.priority desc, j.run_at, j.id) as rn
           from pgfirst_private.job j
          where j.queue = job_claim_pick.queue and j.fair_key >= sv.k and j.fair_key <= sv.k
            and j.state in ('pending', 'failed') and j.run_at <= job_claim_pick.now
            and (j.sequence_key is null or not exists (
                  select from pgfirst_private.job p
                   where p.tenant = j.tenant and p.sequence_key = j.sequence_key and p.id < j.id))
          order by j.fair_key, j.priority desc, j.run_at, j.id
          limit sv.room
       ) s
       order by s.rn, sv.pos
       limit job_claim_pick.slots
    )
    select pg_catalog.array_agg(pick.id order by pick.rn, pick.pos),
           (pg_catalog.array_agg(pick.k order by pick.rn desc, pick.pos desc))[1]
      into job_claim_pick.ids, job_claim_pick.last_key
      from pick;
end;
$$;

--
-- Name: FUNCTION job_claim_pick(queue text, cursor text, key_concurrency integer, slots integer, now timestamp with time zone, OUT ids bigint[], OUT last_key text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_claim_pick(queue text, cursor text, key_concurrency integer, slots integer, now timestamp with time zone, OUT ids bigint[], OUT last_key text) IS 'Internal (job_claim): round-robin pick over the keys of a fair or per-key-limited queue; ids in serving order and the last key served.';

--
-- Name: job_dead_purge(timestamp with time zone, integer); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_dead_purge(now timestamp with time zone DEFAULT NULL::timestamp with time zone, max_rows integer DEFAULT 1000) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_n integer;
begin
  with x as (
    select d.id
      from pgfirst_private.job_dead d
     where d.finished_at < coalesce(job_dead_purge.now, pg_catalog.now()) - pgfirst_private.setting_interval('job.dead_retention')
     order by d.finished_at
     limit greatest(job_dead_purge.max_rows, 0)
       for update skip locked
  )
  delete from pgfirst_private.job_dead d using x where d.id = x.id;
  get diagnostics v_n = row_count;
  -- expired job_key holds (job_enqueue unique_for); small table, bounded like the above
  delete from pgfirst_private.job_key_hold h
   where h.ctid = any (array(select x.ctid from pgfirst_private.job_key_hold x
                              where x.until < coalesce(job_dead_purge.now, pg_catalog.now())
                              limit greatest(job_dead_purge.max_rows, 0)));
  return v_n;
end;
$$;

--
-- Name: FUNCTION job_dead_purge(now timestamp with time zone, max_rows integer); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_dead_purge(now timestamp with time zone, max_rows integer) IS 'Internal (maintenance): deletes up to max_rows dead letters older than job.dead_retention (returns how many) and up to max_rows expired job_key holds.';

--
-- Name: job_dead_revive(bigint[], timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_dead_revive(ids bigint[], run_at timestamp with time zone, now timestamp with time zone) RETURNS bigint[]
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_ids bigint[];
  v_queues text[];
  v_queue text;
begin
  with moved as (
    insert into pgfirst_private.job as j
      (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts, job_key,
       last_error, errors, created_at, updated_at, fair_key)
    select d.id, d.tenant, d.queue, d.task, d.payload, d.priority,
           coalesce(job_dead_revive.run_at, job_dead_revive.now), 'pending', 0, d.max_attempts, d.job_key,
           d.last_error, d.errors, d.created_at, job_dead_revive.now,
           -- keyed queues (fair or per-key limit) claim by fair_key; dead letters keep no
           -- concurrency_key, so a revived job is keyed by its tenant
           case when q.fair or q.key_concurrency is not null then d.tenant end
      from pgfirst_private.job_dead d
      left join pgfirst_private.job_queue q on q.queue = d.queue
     where d.id = any (job_dead_revive.ids)
     order by d.id
    on conflict (tenant, job_key) where job_key is not null do nothing
    returning j.id, j.queue
  ), gone as (
    delete from pgfirst_private.job_dead d
     using moved m
     where d.id = m.id
    returning d.id, d.queue
  )
  select pg_catalog.array_agg(g.id order by g.id), pg_catalog.array_agg(distinct g.queue)
    into v_ids, v_queues
    from gone g;
  if v_ids is null then
    return '{}';
  end if;
  -- their finish records are stale now; a workflow step stays in its workflow
  with r as (delete from pgfirst_private.job_result r where r.id = any (v_ids) returning r.id, r.workflow_id)
  update pgfirst_private.job j set workflow_id = r.workflow_id from r
   where j.id = r.id and r.workflow_id is not null;
  if coalesce(job_dead_revive.run_at, job_dead_revive.now) <= job_dead_revive.now then
    foreach v_queue in array v_queues loop
      perform pgfirst_private.job_notify(v_queue);
    end loop;
  end if;
  return v_ids;
end;
$$;

--
-- Name: FUNCTION job_dead_revive(ids bigint[], run_at timestamp with time zone, now timestamp with time zone); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_dead_revive(ids bigint[], run_at timestamp with time zone, now timestamp with time zone) IS 'Internal: moves dead letters (locked by the caller) back to pending, same ids, attempts reset; skips those whose job_key a live job holds; notifies the queues; returns the ids moved.';

--
-- Name: job_depend(bigint, bigint[], timestamp with time zone); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_depend(job_id bigint, depends_on bigint[], now timestamp with time zone) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_last bigint;
  v_unknown bigint;
  v_failed pgfirst_private.job[];
  v_state text;
begin
  if pg_catalog.array_position(depends_on, null) is not null then
    raise exception 'depends_on must not contain null' using errcode = 'PF430';
  end if;
  if pg_catalog.cardinality(depends_on) > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'a job depends on at most % jobs', (pgfirst_private.arg_limits()).batch_max using errcode = 'PF415',
      detail = pg_catalog.format('%s dependencies.', pg_catalog.cardinality(depends_on));
  end if;
  if job_depend.job_id = any (depends_on) then
    raise exception 'a job cannot depend on itself' using errcode = 'PF430';
  end if;

  -- 1. live dependencies: lock (id order) and flag them
  perform from (select j.id from pgfirst_private.job j where j.id = any (depends_on) order by j.id
                  for no key update of j) l;
  update pgfirst_private.job j set has_dependents = true
   where j.id = any (depends_on) and not j.has_dependents;

  -- 2. finished dependencies without a finish record get one (state and result from the
  -- dead letters or the archive; found nowhere = done without a result, see above)
  select s.last_value into v_last from pgfirst_private.job_id_seq s;
  select d.id into v_unknown
    from pg_catalog.unnest(depends_on) d(id)
   where (d.id < 1 or d.id > v_last)
     and not exists (select 1 from pgfirst_private.job j where j.id = d.id)
   limit 1;
  if found then
    raise exception 'job % does not exist, so no job can depend on it', v_unknown using errcode = 'PF431',
      hint = 'depends_on takes ids returned by job_enqueue, job_enqueue_many or workflow_enqueue.';
  end if;
  insert into pgfirst_private.job_result (id, state, result, finished_at)
  select d.id,
         coalesce(x.state, a.state, 'done'),
         a.result,
         coalesce(x.finished_at, a.finished_at, job_depend.now)
    from (select distinct u.id from pg_catalog.unnest(depends_on) u(id)) d
    left join pgfirst_private.job_dead x on x.id = d.id
    left join lateral (select a.state, a.result, a.finished_at from pgfirst_private.job_archive a
                        where a.id = d.id order by a.finished_at desc limit 1) a on true
   where not exists (select 1 from pgfirst_private.job j where j.id = d.id)
     and not exists (select 1 from pgfirst_private.job_result r where r.id = d.id)
  on conflict on constraint job_result_pkey do nothing;

  -- 3. the edges, in depends_on order (a repeated id keeps its first position)
  insert into pgfirst_private.job_dependency (job_id, depends_on, position)
  select job_depend.job_id, u.id, pg_catalog.min(u.ord)
    from pg_catalog.unnest(depends_on) with ordinality u(id, ord)
   group by u.id;

  -- 4. resolve now: every dependency may already be finished
  select pg_catalog.array_agg(x.job), pg_catalog.min(x.new_state) into v_failed, v_state
    from pgfirst_private.job_resolve(array[job_depend.job_id], job_depend.now) x;
  if v_failed is not null then
    perform pgfirst_private.job_finished(v_failed, v_state, job_depend.now);
  end if;
end;
$$;

--
-- Name: FUNCTION job_depend(job_id bigint, depends_on bigint[], now timestamp with time zone); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_depend(job_id bigint, depends_on bigint[], now timestamp with time zone) IS 'Internal: records the dependencies of a job just inserted as waiting (edges, flags on live dependencies, finish records for finished ones) and resolves it at once when they are all finished. PF431 for an id never issued.';

--
-- Name: job_enqueue_flow(bigint, text, text, interval, interval, timestamp with time zone, bigint); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_enqueue_flow(id bigint, concurrency_key text, sequence_key text, max_run_time interval, unique_for interval, now timestamp with time zone, existing bigint) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_held bigint;
  v_tenant text;
  v_key text;
  v_state text;
  v_fair_key text;
  v_unchanged boolean;
begin
  if job_enqueue_flow.id = job_enqueue_flow.existing then
    return job_enqueue_flow.id; -- mode keep returned the job that held the key: left alone
  end if;
  -- Read the row first and write it only when a flow-control column changes: a keyed enqueue
  -- without flow-control arguments on an unkeyed queue (the common case) leaves the row the
  -- upsert wrote as it is, instead of writing a second version of it.
  select j.tenant, j.job_key, j.state, f.fair_key,
         (j.concurrency_key, j.sequence_key, j.max_run_time, j.unique_for, j.fair_key)
           is not distinct from (job_enqueue_flow.concurrency_key, job_enqueue_flow.sequence_key,
                                 job_enqueue_flow.max_run_time, job_enqueue_flow.unique_for, f.fair_key)
    into v_tenant, v_key, v_state, v_fair_key, v_unchanged
    from pgfirst_private.job j
    left join lateral (
      select coalesce(job_enqueue_flow.concurrency_key, j.tenant) as fair_key
        from pgfirst_private.job_queue q
       where q.queue = j.queue and (q.fair or q.key_concurrency is not null)
    ) f on true
   where j.id = job_enqueue_flow.id;
  if v_key is null or v_state = 'running' then
    return job_enqueue_flow.id; -- 'keep' returned a running job: left alone
  end if;
  if not v_unchanged then
    update pgfirst_private.job j
       set concurrency_key = job_enqueue_flow.concurrency_key,
           sequence_key = job_enqueue_flow.sequence_key,
           max_run_time = job_enqueue_flow.max_run_time,
           unique_for = job_enqueue_flow.unique_for,
           fair_key = v_fair_key
     where j.id = job_enqueue_flow.id and j.state <> 'running';
  end if;
  select h.job_id into v_held
    from pgfirst_private.job_key_hold h
   where h.tenant = v_tenant and h.job_key = v_key and h.until > job_enqueue_flow.now;
  if v_held is null or v_held = job_enqueue_flow.id then
    return job_enqueue_flow.id;
  end if;
  -- The key is held by a job that succeeded less than its unique_for ago: no new job.
  -- (While the holder was live no other job had its key, so this row is the one just written.)
  delete from pgfirst_private.job j where j.id = job_enqueue_flow.id and j.state <> 'running';
  return v_held;
end;
$$;

--
-- Name: FUNCTION job_enqueue_flow(id bigint, concurrency_key text, sequence_key text, max_run_time interval, unique_for interval, now timestamp with time zone, existing bigint); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_enqueue_flow(id bigint, concurrency_key text, sequence_key text, max_run_time interval, unique_for interval, now timestamp with time zone, existing bigint) IS 'Internal: sets the flow-control columns of a job just enqueued by key and applies the job_key hold (unique_for); returns the id to hand back.';

--
-- Name: job_enqueue_keyed(text, jsonb, text, timestamp with time zone, integer, integer, text, text, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_enqueue_keyed(task text, payload jsonb, queue text, run_at timestamp with time zone, priority integer, max_attempts integer, job_key text, job_key_mode text, tenant text, now timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_id bigint;
begin
  for v_round in 1..20 loop
    if job_key_mode = 'keep' then
      insert into pgfirst_private.job as j
        (tenant, queue, task, payload, priority, run_at, max_attempts, job_key, created_at, updated_at)
      values (tenant, queue, task, payload, priority, run_at, max_attempts, job_key, now, now)
      on conflict (tenant, job_key) where job_key is not null do nothing
      returning j.id into v_id;
      if v_id is not null then
        return v_id;
      end if;
      select j.id into v_id
        from pgfirst_private.job j
       where j.tenant = job_enqueue_keyed.tenant and j.job_key = job_enqueue_keyed.job_key;
      if v_id is not null then
        return v_id;
      end if;
      -- the holder finished in between: try again
    else
      insert into pgfirst_private.job as j
        (tenant, queue, task, payload, priority, run_at, max_attempts, job_key, created_at, updated_at)
      values (tenant, queue, task, payload, priority, run_at, max_attempts, job_key, now, now)
      on conflict (tenant, job_key) where job_key is not null do update
         set task = excluded.task,
             queue = excluded.queue,
             payload = excluded.payload,
             priority = excluded.priority,
             max_attempts = excluded.max_attempts,
             run_at = case when job_key_mode = 'preserve_run_at' then j.run_at else excluded.run_at end,
             state = 'pending',
             attempt = 0,
             updated_at = excluded.updated_at
       where j.state <> 'running'
      returning j.id into v_id;
      if v_id is not null then
        return v_id;
      end if;
      -- the key is held by a running job: detach it, then insert a fresh job
      update pgfirst_private.job j
         set job_key = null
       where j.tenant = job_enqueue_keyed.tenant and j.job_key = job_enqueue_keyed.job_key
         and j.state = 'running';
    end if;
  end loop;
  raise exception 'job_key % could not be enqueued: it kept changing under concurrent writers', job_key
    using errcode = 'PF412', hint = 'Retry the call.';
end;
$$;

--
-- Name: FUNCTION job_enqueue_keyed(task text, payload jsonb, queue text, run_at timestamp with time zone, priority integer, max_attempts integer, job_key text, job_key_mode text, tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_enqueue_keyed(task text, payload jsonb, queue text, run_at timestamp with time zone, priority integer, max_attempts integer, job_key text, job_key_mode text, tenant text, now timestamp with time zone) IS 'Internal: enqueue with dedup by (tenant, job_key) in mode replace, preserve_run_at or keep; race-free via ON CONFLICT.';

--
-- Name: job_error_push(jsonb, jsonb); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_error_push(errors jsonb, entry jsonb) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select coalesce(pg_catalog.jsonb_agg(e.value order by e.ordinality), '[]'::jsonb)
    from pg_catalog.jsonb_array_elements(coalesce(errors, '[]'::jsonb) || pg_catalog.jsonb_build_array(entry))
         with ordinality e
   where e.ordinality > pg_catalog.jsonb_array_length(coalesce(errors, '[]'::jsonb)) + 1
                        - greatest(pgfirst_private.setting_int('job.error_history'), 1)
$$;

--
-- Name: FUNCTION job_error_push(errors jsonb, entry jsonb); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_error_push(errors jsonb, entry jsonb) IS 'Internal: error history with one more entry, bounded to the job.error_history setting.';

--
-- Name: job_filter_check(text, text[], text, text, text, timestamp with time zone, timestamp with time zone, integer, text, integer); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_filter_check(state text, states text[], queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, size integer, size_name text, max_size integer) RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if state is not null and not (state = any (states)) then
    raise exception 'state must be one of %', pg_catalog.array_to_string(states, ', ')
      using errcode = 'PF417', detail = pg_catalog.format('state was %L.', state);
  end if;
  if octet_length(queue) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(task) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes then
    raise exception 'queue and task filters are at most % bytes, tenant % bytes',
      (pgfirst_private.arg_limits()).name_max_bytes, (pgfirst_private.arg_limits()).tenant_max_bytes
      using errcode = 'PF420',
            detail = pg_catalog.format('queue %s, task %s, tenant %s bytes.', octet_length(queue),
                                       octet_length(task), octet_length(tenant));
  end if;
  perform pgfirst_private.arg_time(since, 'since');
  perform pgfirst_private.arg_time(until, 'until');
  if size is null or size < 1 or size > max_size then
    raise exception '% must be between 1 and %', size_name, max_size
      using errcode = 'PF418', detail = pg_catalog.format('%s was %s.', size_name, coalesce(size::text, 'null'));
  end if;
end;
$$;

--
-- Name: FUNCTION job_filter_check(state text, states text[], queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, size integer, size_name text, max_size integer); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_filter_check(state text, states text[], queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, size integer, size_name text, max_size integer) IS 'Internal: validates the job filters of job_list, job_retry_many and job_cancel_many (PF417 state, PF420 text sizes, PF006 timestamps, PF418 page or batch size).';

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: job; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.job (
    id bigint NOT NULL,
    tenant text DEFAULT ''::text NOT NULL,
    queue text DEFAULT 'default'::text NOT NULL,
    task text NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    priority integer DEFAULT 0 NOT NULL,
    run_at timestamp with time zone NOT NULL,
    state text DEFAULT 'pending'::text NOT NULL,
    attempt integer DEFAULT 0 NOT NULL,
    max_attempts integer DEFAULT 25 NOT NULL,
    job_key text,
    worker_id text,
    lease_expires_at timestamp with time zone,
    lease_duration interval,
    claimed_at timestamp with time zone,
    cancel_requested boolean DEFAULT false NOT NULL,
    last_error text,
    errors jsonb DEFAULT '[]'::jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    has_dependents boolean DEFAULT false NOT NULL,
    workflow_id bigint,
    on_dependency_failure text,
    concurrency_key text,
    fair_key text,
    sequence_key text,
    max_run_time interval,
    unique_for interval,
    progress jsonb,
    CONSTRAINT job_max_attempts_positive CHECK ((max_attempts >= 1)),
    CONSTRAINT job_on_dependency_failure_known CHECK (((on_dependency_failure IS NULL) OR (on_dependency_failure = ANY (ARRAY['fail'::text, 'cancel'::text, 'run'::text])))),
    CONSTRAINT job_queue_not_empty CHECK ((queue <> ''::text)),
    CONSTRAINT job_running_has_worker CHECK (((state = 'running'::text) = (worker_id IS NOT NULL))),
    CONSTRAINT job_state_live CHECK ((state = ANY (ARRAY['waiting'::text, 'pending'::text, 'failed'::text, 'running'::text]))),
    CONSTRAINT job_task_not_empty CHECK ((task <> ''::text))
)
WITH (fillfactor='80', autovacuum_vacuum_scale_factor='0.02', autovacuum_analyze_scale_factor='0.05');

--
-- Name: TABLE job; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.job IS 'Live jobs (pending, failed awaiting retry, running). Finished jobs are moved out by pgfirst_private.job_finished so the claim index stays small.';

--
-- Name: COLUMN job.has_dependents; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON COLUMN pgfirst_private.job.has_dependents IS 'True once another job depends on this one: its finish is recorded in job_result and its dependents resolved.';

--
-- Name: COLUMN job.workflow_id; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON COLUMN pgfirst_private.job.workflow_id IS 'The workflow (pgfirst_private.workflow) this job is a step of; its finish is recorded in job_result.';

--
-- Name: COLUMN job.on_dependency_failure; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON COLUMN pgfirst_private.job.on_dependency_failure IS 'What a dead or cancelled dependency does to this job: fail (it becomes dead), cancel (cancelled) or run (it runs anyway); null when it has no dependencies.';

--
-- Name: COLUMN job.fair_key; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON COLUMN pgfirst_private.job.fair_key IS 'coalesce(concurrency_key, tenant), set only while the job''s queue is fair or has a per-key limit (job_available_fair_idx stays empty otherwise).';

--
-- Name: job_finished(pgfirst_private.job[], text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_finished(jobs pgfirst_private.job[], state text, now timestamp with time zone) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  -- Job archive (schedule/maintenance module): queues configured with keep_finished keep a
  -- copy of every finished job in the partitioned pgfirst_private.job_archive.
  if state in ('done', 'dead', 'cancelled')
     and exists (select 1 from pgfirst_private.job_queue q where q.keep_finished is not null) then
    insert into pgfirst_private.job_archive
      (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts,
       job_key, last_error, errors, created_at, updated_at, finished_at, claimed_at, result)
    select j.id, j.tenant, j.queue, j.task, j.payload, j.priority, j.run_at, job_finished.state,
           j.attempt, j.max_attempts, j.job_key, j.last_error, j.errors, j.created_at,
           job_finished.now, job_finished.now, j.claimed_at,
           -- job_complete stored the result (if any) in job_result before calling here
           (select r.result from pgfirst_private.job_result r where r.id = j.id)
      from pg_catalog.unnest(jobs) j
     where j.queue in (select q.queue from pgfirst_private.job_queue q where q.keep_finished is not null);
  end if;
  -- job_key hold (issue 15): a keyed job enqueued with unique_for keeps its key for that
  -- long after it succeeded; only jobs still holding their key (not detached by a replace).
  if state = 'done' then
    insert into pgfirst_private.job_key_hold as h (tenant, job_key, job_id, until)
    select j.tenant, j.job_key, j.id, job_finished.now + j.unique_for
      from pg_catalog.unnest(jobs) j
     where j.unique_for is not null and j.job_key is not null
    on conflict on constraint job_key_hold_pkey do update
       set job_id = excluded.job_id, until = excluded.until;
  end if;
  if state in ('dead', 'cancelled') then
    insert into pgfirst_private.job_dead
      (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts,
       job_key, last_error, errors, created_at, updated_at, finished_at)
    select j.id, j.tenant, j.queue, j.task, j.payload, j.priority, j.run_at, job_finished.state,
           j.attempt, j.max_attempts, j.job_key, j.last_error, j.errors, j.created_at,
           job_finished.now, job_finished.now
      from pg_catalog.unnest(jobs) j
    on conflict on constraint job_dead_pkey do nothing;
  elsif state <> 'done' then
    raise exception 'job_finished: unknown final state %', state using errcode = 'PF499';
  end if;
  -- Dependencies and workflows (docs/jobs.md): only jobs flagged at enqueue (or still
  -- waiting: their edges go) pay for this; the common case tests fields of in-memory rows.
  if exists (select 1 from pg_catalog.unnest(jobs) j where j.has_dependents or j.workflow_id is not null or j.state = 'waiting') then
    perform pgfirst_private.job_settle(jobs, state, now);
  end if;
end;
$$;

--
-- Name: FUNCTION job_finished(jobs pgfirst_private.job[], state text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_finished(jobs pgfirst_private.job[], state text, now timestamp with time zone) IS 'Internal: records jobs that just left the hot table in their final state (done, dead, cancelled); the single hook for dead letters and the archive.';

--
-- Name: job_list_page(text, text, text, text, timestamp with time zone, timestamp with time zone, bigint, integer); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_list_page(p_state text, p_queue text, p_task text, p_tenant text, p_since timestamp with time zone, p_until timestamp with time zone, p_before_id bigint, p_page_size integer) RETURNS TABLE(id bigint, state text, queue text, task text, tenant text, priority integer, attempt integer, max_attempts integer, run_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, finished_at timestamp with time zone, last_error text, job_key text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET jit TO 'off'
    SET enable_seqscan TO 'off'
    SET enable_bitmapscan TO 'off'
    AS $_$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_common text := '';
  v_state text := job_list_page.p_state;
  v_branches text[] := '{}';
begin
  perform pgfirst_private.job_filter_check(v_state,
    array['waiting', 'pending', 'scheduled', 'running', 'failed', 'dead', 'cancelled', 'done'],
    job_list_page.p_queue, job_list_page.p_task, job_list_page.p_tenant, job_list_page.p_since, job_list_page.p_until,
    job_list_page.p_page_size, 'page_size', 1000);

  -- $1 state, $2 queue, $3 task, $4 tenant, $5 since, $6 until, $7 before_id, $8 page_size, $9 now
  if job_list_page.p_queue is not null then v_common := v_common || ' and x.queue = $2'; end if;
  if job_list_page.p_task is not null then v_common := v_common || ' and x.task = $3'; end if;
  if job_list_page.p_tenant is not null then v_common := v_common || ' and x.tenant = $4'; end if;
  if job_list_page.p_since is not null then v_common := v_common || ' and x.created_at >= $5'; end if;
  if job_list_page.p_until is not null then v_common := v_common || ' and x.created_at < $6'; end if;
  if job_list_page.p_before_id is not null then v_common := v_common || ' and x.id < $7'; end if;

  if v_state is null or v_state in ('waiting', 'pending', 'scheduled', 'running', 'failed') then
    v_branches := v_branches || (
      'select x.id, case when x.state = ''pending'' and x.run_at > $9 then ''scheduled'' else x.state end,'
      || ' x.queue, x.task, x.tenant, x.priority, x.attempt, x.max_attempts, x.run_at, x.created_at,'
      || ' x.updated_at, null::timestamptz, x.last_error, x.job_key'
      || ' from pgfirst_private.job x where true'
      || case v_state
           when 'pending' then ' and x.state = ''pending'' and x.run_at <= $9'
           when 'scheduled' then ' and x.state = ''pending'' and x.run_at > $9'
           when 'running' then ' and x.state = ''running'''
           when 'failed' then ' and x.state = ''failed'''
           when 'waiting' then ' and x.state = ''waiting'''
           else '' end
      || v_common || ' order by x.id desc limit $8');
  end if;
  if v_state is null or v_state in ('dead', 'cancelled') then
    v_branches := v_branches || (
      'select x.id, x.state, x.queue, x.task, x.tenant, x.priority, x.attempt, x.max_attempts,'
      || ' x.run_at, x.created_at, x.updated_at, x.finished_at, x.last_error, x.job_key'
      || ' from pgfirst_private.job_dead x where true'
      || case when v_state is not null then ' and x.state = $1' else '' end
      || v_common || ' order by x.id desc limit $8');
  end if;
  if v_state is null or v_state = 'done' then
    -- An id may have several archive rows (dead, retried, then done): its newest one counts.
    -- A job that is live again or still a dead letter is listed from there, not here.
    v_branches := v_branches || (
      'select x.id, x.state, x.queue, x.task, x.tenant, x.priority, x.attempt, x.max_attempts,'
      || ' x.run_at, x.created_at, x.updated_at, x.finished_at, x.last_error, x.job_key'
      || ' from (select distinct on (x.id) x.* from pgfirst_private.job_archive x where true'
      || v_common || ' order by x.id desc, x.finished_at desc) x'
      -- "offset 0" keeps these as per-row primary-key probes on the newest-first stream (a
      -- planner-made anti join would hash the whole live table first)
      || ' where not exists (select from pgfirst_private.job j where j.id = x.id offset 0)'
      || ' and not exists (select from pgfirst_private.job_dead d where d.id = x.id offset 0)'
      || case when v_state is not null then ' and x.state = ''done''' else '' end
      || ' order by x.id desc limit $8');
  elsif v_state in ('dead', 'cancelled') then
    -- archived dead/cancelled copies whose dead letter is gone (purged after
    -- job.dead_retention), on the partial index job_archive_unfinished_idx; the state is a
    -- literal from the fixed list above so the planner matches the index predicate
    v_branches := v_branches || (
      'select x.id, x.state, x.queue, x.task, x.tenant, x.priority, x.attempt, x.max_attempts,'
      || ' x.run_at, x.created_at, x.updated_at, x.finished_at, x.last_error, x.job_key'
      || ' from pgfirst_private.job_archive x where x.state = ' || pg_catalog.quote_literal(v_state)
      || v_common
      || ' and not exists (select from pgfirst_private.job_archive n where n.id = x.id and n.finished_at > x.finished_at offset 0)'
      || ' and not exists (select from pgfirst_private.job j where j.id = x.id offset 0)'
      || ' and not exists (select from pgfirst_private.job_dead d where d.id = x.id offset 0)'
      || ' order by x.id desc limit $8');
  end if;

  return query execute
    'select u.* from ((' || pg_catalog.array_to_string(v_branches, ') union all (')
    || ')) u order by u.id desc limit $8'
    using v_state, job_list_page.p_queue, job_list_page.p_task, job_list_page.p_tenant, job_list_page.p_since, job_list_page.p_until,
          job_list_page.p_before_id, job_list_page.p_page_size, v_now;
end;
$_$;

--
-- Name: FUNCTION job_list_page(p_state text, p_queue text, p_task text, p_tenant text, p_since timestamp with time zone, p_until timestamp with time zone, p_before_id bigint, p_page_size integer); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_list_page(p_state text, p_queue text, p_task text, p_tenant text, p_since timestamp with time zone, p_until timestamp with time zone, p_before_id bigint, p_page_size integer) IS 'Internal: the body of pgfirst.job_list (plpgsql cannot name an argument like a result column).';

--
-- Name: job_notify(text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_notify(queue text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  -- the queue's slot row, locked until commit (a role without grants cannot hold it)
  perform from pgfirst_private.lock_slot s
   where s.kind = 'job_notify' and s.slot = pg_catalog.hashtext(coalesce(queue, '')) & 1023
     for no key update skip locked;
  if found then
    -- the channel is secret, the payload empty: a listener learns nothing but "claim again"
    perform pg_catalog.pg_notify(c.name, '') from pgfirst_private.job_channel c;
  end if;
end;
$$;

--
-- Name: FUNCTION job_notify(queue text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_notify(queue text) IS 'Internal: NOTIFY (secret channel, empty payload) for a queue, from at most one in-flight transaction per queue (keeps group commit for concurrent enqueues).';

--
-- Name: job_resolve(bigint[], timestamp with time zone); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_resolve(children bigint[], now timestamp with time zone) RETURNS TABLE(job pgfirst_private.job, new_state text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_failing bigint[];
  v_queues text[];
begin
  -- 1. children with a dead or cancelled dependency (policy fail or cancel) leave the hot table
  with x as (
    select distinct on (e.job_id) e.job_id, r.id as parent, r.state as parent_state
      from pgfirst_private.job_dependency e
      join pgfirst_private.job_result r on r.id = e.depends_on
     where e.job_id = any (job_resolve.children)
       and r.state in ('dead', 'cancelled')
     order by e.job_id, e.position
  ), u as (
    update pgfirst_private.job c
       set last_error = pg_catalog.format('dependency %s is %s', x.parent, x.parent_state),
           updated_at = job_resolve.now
      from x
     where c.id = x.job_id and c.state = 'waiting' and c.on_dependency_failure is distinct from 'run'
    returning c.id
  )
  select pg_catalog.array_agg(u.id) into v_failing from u;
  if v_failing is not null then
    return query
      with d as (
        delete from pgfirst_private.job j where j.id = any (v_failing) returning j
      )
      select d.j, case when (d.j).on_dependency_failure = 'cancel' then 'cancelled' else 'dead' end
        from d;
  end if;

  -- 2. children whose every dependency is satisfied become pending, with the results
  with ready as (
    select c.id
      from pgfirst_private.job c
     where c.id = any (job_resolve.children)
       and c.state = 'waiting'
       and not exists (
             select 1
               from pgfirst_private.job_dependency e
               left join pgfirst_private.job_result r on r.id = e.depends_on
              where e.job_id = c.id
                and not (r.state is not null and (r.state = 'done' or c.on_dependency_failure = 'run')))
  ), res as (
    select e.job_id, pg_catalog.jsonb_agg(r.result order by e.position) as results
      from pgfirst_private.job_dependency e
      left join pgfirst_private.job_result r on r.id = e.depends_on
     where e.job_id in (select ready.id from ready)
     group by e.job_id
  ), up as (
    update pgfirst_private.job j
       set state = 'pending',
           updated_at = job_resolve.now,
           payload = case when pg_catalog.jsonb_typeof(j.payload) = 'object'
                          then j.payload || pg_catalog.jsonb_build_object('parent_results', res.results)
                          else j.payload end
      from res
     where j.id = res.job_id
    returning j.id, j.queue, j.run_at
  ), gone as (
    delete from pgfirst_private.job_dependency e using up where e.job_id = up.id
  )
  select pg_catalog.array_agg(distinct up.queue) filter (where up.run_at <= job_resolve.now)
    into v_queues from up;
  perform pgfirst_private.job_notify(q) from pg_catalog.unnest(v_queues) q;
end;
$$;

--
-- Name: FUNCTION job_resolve(children bigint[], now timestamp with time zone); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_resolve(children bigint[], now timestamp with time zone) IS 'Internal: promotes waiting jobs whose dependencies are all satisfied (results into payload.parent_results) and deletes and returns those failed by a dead or cancelled dependency (policy fail or cancel).';

--
-- Name: job_result_purge(timestamp with time zone, integer); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_result_purge(now timestamp with time zone DEFAULT NULL::timestamp with time zone, max_rows integer DEFAULT 1000) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_cutoff timestamptz := coalesce(job_result_purge.now, pg_catalog.now()) - pgfirst_private.setting_interval('job.result_retention');
  v_n integer;
  v_w integer;
begin
  with x as (
    select r.id
      from pgfirst_private.job_result r
     where r.finished_at < v_cutoff
       and not exists (select 1 from pgfirst_private.job_dependency e where e.depends_on = r.id)
     order by r.finished_at
     limit greatest(job_result_purge.max_rows, 0)
       for update skip locked
  )
  delete from pgfirst_private.job_result r using x where r.id = x.id;
  get diagnostics v_n = row_count;

  with x as (
    select w.id
      from pgfirst_private.workflow w
     where w.created_at < v_cutoff
       and not exists (select 1 from pgfirst_private.workflow_step s join pgfirst_private.job j on j.id = s.job_id
                        where s.workflow_id = w.id)
     order by w.created_at
     limit greatest(job_result_purge.max_rows, 0)
       for update skip locked
  )
  delete from pgfirst_private.workflow w using x where w.id = x.id;
  get diagnostics v_w = row_count;
  return v_n + v_w;
end;
$$;

--
-- Name: FUNCTION job_result_purge(now timestamp with time zone, max_rows integer); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_result_purge(now timestamp with time zone, max_rows integer) IS 'Internal (maintenance): deletes up to max_rows finish records and up to max_rows finished workflows older than job.result_retention (never a record a waiting job depends on); returns how many.';

--
-- Name: job_settle(pgfirst_private.job[], text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.job_settle(jobs pgfirst_private.job[], state text, now timestamp with time zone) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_ids bigint[];
  v_states text[];
  v_wf bigint[];
  v_dep boolean[];
  v_parents bigint[];
  v_children bigint[];
  v_failed pgfirst_private.job[];
  v_failed_states text[];
  v_strip jsonb := '{"has_dependents": false, "workflow_id": null, "state": "running"}';
  v_round integer := 0;
begin
  select pg_catalog.array_agg(j.id), pg_catalog.array_agg(job_settle.state), pg_catalog.array_agg(j.workflow_id),
         pg_catalog.array_agg(j.has_dependents)
    into v_ids, v_states, v_wf, v_dep
    from pg_catalog.unnest(jobs) j
   where j.has_dependents or j.workflow_id is not null or j.state = 'waiting';

  while v_ids is not null loop
    v_round := v_round + 1;
    -- finish records (a result stored by job_complete stays)
    insert into pgfirst_private.job_result as r (id, state, workflow_id, finished_at)
    select f.id, f.state, f.wf, job_settle.now
      from rows from (pg_catalog.unnest(v_ids), pg_catalog.unnest(v_states), pg_catalog.unnest(v_wf), pg_catalog.unnest(v_dep)) as f(id, state, wf, dep)
     where f.dep or f.wf is not null
    on conflict on constraint job_result_pkey do update
       set state = excluded.state, workflow_id = excluded.workflow_id, finished_at = excluded.finished_at;
    -- a job that finished while waiting (cancelled, failed by a dependency) waits no more
    delete from pgfirst_private.job_dependency e where e.job_id = any (v_ids);

    select pg_catalog.array_agg(f.id) into v_parents
      from rows from (pg_catalog.unnest(v_ids), pg_catalog.unnest(v_dep)) as f(id, dep)
     where f.dep;
    exit when v_parents is null;

    -- lock the dependents in id order (see the header): a separate statement, so the
    -- resolution below sees every finish record committed before the locks were granted
    select pg_catalog.array_agg(c.id) into v_children
      from (select j.id
              from pgfirst_private.job j
             where j.id in (select e.job_id from pgfirst_private.job_dependency e where e.depends_on = any (v_parents))
             order by j.id
               for no key update of j) c;
    exit when v_children is null;

    select pg_catalog.array_agg(x.job), pg_catalog.array_agg(x.new_state)
      into v_failed, v_failed_states
      from pgfirst_private.job_resolve(v_children, job_settle.now) x;
    exit when v_failed is null;

    -- dead letters / archive for the failed dependents, without re-entering job_settle
    -- (the flags are stripped from the copies; this loop settles them next round)
    perform pgfirst_private.job_finished(
              pg_catalog.array_agg(pg_catalog.jsonb_populate_record(null::pgfirst_private.job,
                                   pg_catalog.to_jsonb(v_failed[i]) || v_strip)),
              v_failed_states[i], job_settle.now)
       from pg_catalog.generate_subscripts(v_failed, 1) i
      group by v_failed_states[i];

    select pg_catalog.array_agg((v_failed[i]).id), pg_catalog.array_agg(v_failed_states[i]),
           pg_catalog.array_agg((v_failed[i]).workflow_id), pg_catalog.array_agg((v_failed[i]).has_dependents)
      into v_ids, v_states, v_wf, v_dep
      from pg_catalog.generate_subscripts(v_failed, 1) i;
  end loop;
end;
$$;

--
-- Name: FUNCTION job_settle(jobs pgfirst_private.job[], state text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.job_settle(jobs pgfirst_private.job[], state text, now timestamp with time zone) IS 'Internal (job_finished): records finished jobs that have dependents or belong to a workflow, and promotes, fails or cancels their dependents transitively (per on_dependency_failure).';

--
-- Name: login_lockout_rows(text, integer); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.login_lockout_rows(p_tenant text, p_page_size integer) RETURNS TABLE(tenant text, scope text, subject_hex text, subject_short text, user_subject_hex text, failures integer, lockouts integer, locked_until timestamp with time zone, updated_at timestamp with time zone)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if login_lockout_rows.p_page_size is null or login_lockout_rows.p_page_size < 1 or login_lockout_rows.p_page_size > 1000 then
    raise exception 'page_size must be between 1 and 1000' using errcode = 'PF309',
      detail = pg_catalog.format('page_size was %s.', coalesce(login_lockout_rows.p_page_size::text, 'null'));
  end if;
  -- subjects are keyed sha256 hashes: usernames and addresses are not stored in clear and
  -- cannot be shown; the hex identifies the counter for login_unlock_subject
  return query
    select t.tenant, t.scope, pg_catalog.encode(t.subject, 'hex'),
           pg_catalog.left(pg_catalog.encode(t.subject, 'hex'), 12),
           pg_catalog.encode(t.user_subject, 'hex'),
           t.failures, t.lockouts, t.locked_until, t.last_failure_at
      from pgfirst_private.login_throttle t
     where t.locked_until > pg_catalog.now()
       and (login_lockout_rows.p_tenant is null or t.tenant = login_lockout_rows.p_tenant)
     order by t.locked_until desc, t.tenant, t.scope, t.subject
     limit login_lockout_rows.p_page_size;
end;
$$;

--
-- Name: FUNCTION login_lockout_rows(p_tenant text, p_page_size integer); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.login_lockout_rows(p_tenant text, p_page_size integer) IS 'Internal: the body of pgfirst.login_lockouts (plpgsql cannot name an argument like a result column).';

--
-- Name: login_subjects(text, inet); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.login_subjects(username text, ip inet) RETURNS TABLE(scope text, subject bytea, user_subject bytea)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with k as (
    select lk.secret from pgfirst_private.login_key lk where lk.id
  ), v as (
    select pgfirst_private.login_username_normalize(login_subjects.username) as u,
           case
             when login_subjects.ip is null then null
             when pg_catalog.family(login_subjects.ip) = 6 and login_subjects.ip << inet '::ffff:0:0/96'
               then pg_catalog.host(pg_catalog.inet(pg_catalog.substr(pg_catalog.host(login_subjects.ip), 8)))
             when pg_catalog.family(login_subjects.ip) = 6
               then pg_catalog.host(pg_catalog.network(pg_catalog.set_masklen(login_subjects.ip, 64))) || '/64'
             else pg_catalog.host(login_subjects.ip)
           end as a
  ), h as (
    select pg_catalog.sha256(k.secret || pg_catalog.convert_to('user' || E'\n' || v.u, 'UTF8')) as hu,
           pg_catalog.sha256(k.secret || pg_catalog.convert_to('ip' || E'\n' || v.a, 'UTF8')) as hi,
           pg_catalog.sha256(k.secret || pg_catalog.convert_to('user_ip' || E'\n' || v.a || E'\n' || v.u, 'UTF8')) as hui
      from k, v
  )
  select 'user', h.hu, null::bytea from h
  union all
  select 'ip', h.hi, null::bytea from h where h.hi is not null
  union all
  select 'user_ip', h.hui, h.hu from h where h.hui is not null
$$;

--
-- Name: FUNCTION login_subjects(username text, ip inet); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.login_subjects(username text, ip inet) IS 'Internal: the (scope, keyed sha256 subject) counters a login attempt touches; user_subject links user_ip rows to their username for login_unlock.';

--
-- Name: login_username_normalize(text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.login_username_normalize(username text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
#variable_conflict use_column
declare
  v text := username;
begin
  -- The length first: normalize() and the regular expressions below are linear in the
  -- input, and a multi-megabyte username took seconds per call (issue 10).
  if pg_catalog.octet_length(v) > (pgfirst_private.arg_limits()).username_max_bytes then
    raise exception 'a username is at most % bytes', (pgfirst_private.arg_limits()).username_max_bytes
      using errcode = 'PF306',
            detail = pg_catalog.format('Got %s bytes.', pg_catalog.octet_length(v)),
            hint = 'Refuse over-long login form fields before calling login_attempt.';
  end if;
  if v is not null and pg_catalog.getdatabaseencoding() = 'UTF8' then
    v := pg_catalog.normalize(v, 'NFC');
  end if;
  v := pg_catalog.lower(pg_catalog.regexp_replace(pg_catalog.regexp_replace(v, '^\s+|\s+$', '', 'g'), '\s+', ' ', 'g'));
  if v is null or v = '' then
    raise exception 'a username must contain a non-space character'
      using errcode = 'PF306', hint = 'Check for an empty login form field before calling login_attempt.';
  end if;
  return v;
end;
$_$;

--
-- Name: FUNCTION login_username_normalize(username text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.login_username_normalize(username text) IS 'Internal: the form under which a username is counted: NFC (UTF8 databases), trimmed, inner whitespace collapsed to one space, lower case; PF306 when empty or over 512 bytes (checked before any normalisation).';

--
-- Name: queue_throughput_rows(interval, interval, text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.queue_throughput_rows(p_since interval, p_bucket interval, p_queue text) RETURNS TABLE(queue text, bucket_start timestamp with time zone, done bigint, failed bigint, dead bigint, p50_wait_ms double precision, p95_wait_ms double precision, p50_run_ms double precision, p95_run_ms double precision)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET jit TO 'off'
    SET work_mem TO '32MB'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_from timestamptz;
  v_origin constant timestamptz := timestamptz '2000-01-01 00:00:00+00';
begin
  if queue_throughput_rows.p_since is null or queue_throughput_rows.p_since <= interval '0'
     or queue_throughput_rows.p_since > interval '7 days'
     or queue_throughput_rows.p_bucket is null or queue_throughput_rows.p_bucket < interval '10 seconds'
     or pg_catalog.date_part('month', queue_throughput_rows.p_bucket) <> 0 or pg_catalog.date_part('year', queue_throughput_rows.p_bucket) <> 0
     or pg_catalog.date_part('month', queue_throughput_rows.p_since) <> 0 or pg_catalog.date_part('year', queue_throughput_rows.p_since) <> 0
     or pg_catalog.date_part('epoch', queue_throughput_rows.p_since) / pg_catalog.date_part('epoch', queue_throughput_rows.p_bucket) > 1000 then
    raise exception 'since must be a positive interval of at most 7 days and bucket at least 10 seconds, with at most 1000 buckets'
      using errcode = 'PF419',
            detail = pg_catalog.format('since %s, bucket %s.', coalesce(queue_throughput_rows.p_since::text, 'null'),
                                       coalesce(queue_throughput_rows.p_bucket::text, 'null')),
            hint = 'Months and years are not accepted (use days).';
  end if;
  if octet_length(queue_throughput_rows.p_queue) > (pgfirst_private.arg_limits()).name_max_bytes then
    raise exception 'queue and task filters are at most % bytes, tenant % bytes',
      (pgfirst_private.arg_limits()).name_max_bytes, (pgfirst_private.arg_limits()).tenant_max_bytes
      using errcode = 'PF420';
  end if;
  v_from := pg_catalog.date_bin(queue_throughput_rows.p_bucket, v_now - queue_throughput_rows.p_since, v_origin);

  return query
    with archived as materialized (
      -- archive rows finished in the window (job_archive_finished_idx, today's partitions)
      select a.id, a.queue, a.state, a.finished_at, a.run_at, a.claimed_at, a.errors
        from pgfirst_private.job_archive a
       where a.finished_at >= v_from
         and (queue_throughput_rows.p_queue is null or a.queue = queue_throughput_rows.p_queue)
    ), dead_letters as materialized (
      select d.id, d.queue, d.state, d.finished_at, d.errors
        from pgfirst_private.job_dead d
       where d.finished_at >= v_from
         and (queue_throughput_rows.p_queue is null or d.queue = queue_throughput_rows.p_queue)
    ), events as (
      select a.queue, a.finished_at as at, 1 as kind,
             pg_catalog.date_part('epoch', a.claimed_at - a.run_at) * 1000 as wait_ms,
             pg_catalog.date_part('epoch', a.finished_at - a.claimed_at) * 1000 as run_ms
        from archived a
       where a.state = 'done'
      union all
      select d.queue, d.finished_at, 3, null, null
        from dead_letters d
       where d.state = 'dead'
      union all
      -- archived dead copies whose dead letter was purged already
      select a.queue, a.finished_at, 3, null, null
        from archived a
       where a.state = 'dead'
         and not exists (select from pgfirst_private.job_dead d where d.id = a.id offset 0)
      union all
      -- failed attempts: attempt-history entries in the window
      select f.queue, (e.value ->> 'at')::timestamptz, 2, null, null
        from (
          -- failed and running jobs separately, each on its partial index
          select j.queue, j.errors from pgfirst_private.job j
           where j.state = 'failed'
             and (queue_throughput_rows.p_queue is null or j.queue = queue_throughput_rows.p_queue)
          union all
          select j.queue, j.errors from pgfirst_private.job j
           where j.state = 'running' and j.errors <> '[]'::jsonb
             and (queue_throughput_rows.p_queue is null or j.queue = queue_throughput_rows.p_queue)
          union all
          select d.queue, d.errors from dead_letters d
          union all
          select a.queue, a.errors from archived a
           where a.errors <> '[]'::jsonb
             and (a.state = 'done' or not exists (select from pgfirst_private.job_dead d where d.id = a.id offset 0))
        ) f
        cross join lateral pg_catalog.jsonb_array_elements(f.errors) e
       where (e.value ->> 'at')::timestamptz >= v_from
    ), agg as (
      select ev.queue, pg_catalog.date_bin(queue_throughput_rows.p_bucket, ev.at, v_origin) as bucket_start,
             count(*) filter (where ev.kind = 1) as done,
             count(*) filter (where ev.kind = 2) as failed,
             count(*) filter (where ev.kind = 3) as dead,
             pg_catalog.percentile_cont(0.5) within group (order by ev.wait_ms) filter (where ev.kind = 1) as p50_wait_ms,
             pg_catalog.percentile_cont(0.95) within group (order by ev.wait_ms) filter (where ev.kind = 1) as p95_wait_ms,
             pg_catalog.percentile_cont(0.5) within group (order by ev.run_ms) filter (where ev.kind = 1) as p50_run_ms,
             pg_catalog.percentile_cont(0.95) within group (order by ev.run_ms) filter (where ev.kind = 1) as p95_run_ms
        from events ev
       where ev.at >= v_from
       group by 1, 2
    ), grid as (
      select q.queue, g.bucket_start
        from (select distinct x.queue from agg x) q
        cross join pg_catalog.generate_series(v_from, v_now, queue_throughput_rows.p_bucket) g(bucket_start)
    )
    select g.queue, g.bucket_start,
           coalesce(x.done, 0), coalesce(x.failed, 0), coalesce(x.dead, 0),
           x.p50_wait_ms, x.p95_wait_ms, x.p50_run_ms, x.p95_run_ms
      from grid g
      left join agg x on x.queue = g.queue and x.bucket_start = g.bucket_start
     order by g.queue, g.bucket_start;
end;
$$;

--
-- Name: FUNCTION queue_throughput_rows(p_since interval, p_bucket interval, p_queue text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.queue_throughput_rows(p_since interval, p_bucket interval, p_queue text) IS 'Internal: the body of pgfirst.queue_throughput (plpgsql cannot name an argument like a result column).';

--
-- Name: rate_limit_check_args(text, integer, interval, integer, text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.rate_limit_check_args(key text, max_hits integer, per interval, cost integer, tenant text) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_per_us numeric;
begin
  if key is null or key = '' then
    raise exception 'a rate-limit key must be a non-empty string'
      using errcode = 'PF301', hint = 'Use e.g. ''api:'' || user_id or ''ip:'' || address.';
  end if;
  if pg_catalog.octet_length(key) > 1024 then
    raise exception 'a rate-limit key must not exceed 1024 bytes'
      using errcode = 'PF301', detail = pg_catalog.format('Got %s bytes.', pg_catalog.octet_length(key)),
            hint = 'Hash long keys on the client.';
  end if;
  if tenant is null or pg_catalog.octet_length(tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes then
    raise exception 'tenant must be a text of at most % bytes', (pgfirst_private.arg_limits()).tenant_max_bytes
      using errcode = 'PF301', detail = pg_catalog.format('Got %s bytes.', pg_catalog.octet_length(tenant)),
            hint = 'Use '''' when tenants are not used.';
  end if;
  if max_hits is null or max_hits < 1 then
    raise exception 'max_hits must be at least 1'
      using errcode = 'PF302', detail = pg_catalog.format('Got %s.', max_hits);
  end if;
  v_per_us := extract(epoch from per) * 1000000;
  if per is null or v_per_us <= 0 or per > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'per must be a positive interval of at most %', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF303', detail = pg_catalog.format('Got %s.', per);
  end if;
  if v_per_us < max_hits then
    raise exception 'per must be at least max_hits microseconds (at most one hit per microsecond)'
      using errcode = 'PF303', detail = pg_catalog.format('max_hits %s per %s.', max_hits, per),
            hint = 'Use a longer period with a proportionally larger max_hits.';
  end if;
  if cost is null or cost < 1 then
    raise exception 'cost must be at least 1'
      using errcode = 'PF304', detail = pg_catalog.format('Got %s.', cost);
  end if;
  if cost > max_hits then
    raise exception 'cost must not exceed max_hits: such a hit could never be allowed'
      using errcode = 'PF305', detail = pg_catalog.format('cost %s, max_hits %s.', cost, max_hits);
  end if;
  return pg_catalog.floor(v_per_us / max_hits)::bigint;
end;
$$;

--
-- Name: FUNCTION rate_limit_check_args(key text, max_hits integer, per interval, cost integer, tenant text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.rate_limit_check_args(key text, max_hits integer, per interval, cost integer, tenant text) IS 'Internal: validates rate-limit arguments (PF301 key/tenant, PF302 max_hits, PF303 per (positive, at most 100 years), PF304 cost, PF305 cost > max_hits) and returns the emission interval floor(per / max_hits) in microseconds (>= 1).';

--
-- Name: schedule_next_tick(pgfirst_private.cron_spec, interval, text, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.schedule_next_tick(spec pgfirst_private.cron_spec, every interval, timezone text, anchor timestamp with time zone, after timestamp with time zone) RETURNS timestamp with time zone
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select case
    when every is null then pgfirst_private.cron_next_spec(spec, after, timezone)
    else anchor + pg_catalog.make_interval(secs =>
           (pg_catalog.floor(pg_catalog.date_part('epoch', after - anchor) / pg_catalog.date_part('epoch', every)) + 1)
           * pg_catalog.date_part('epoch', every))
  end
$$;

--
-- Name: FUNCTION schedule_next_tick(spec pgfirst_private.cron_spec, every interval, timezone text, anchor timestamp with time zone, after timestamp with time zone); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.schedule_next_tick(spec pgfirst_private.cron_spec, every interval, timezone text, anchor timestamp with time zone, after timestamp with time zone) IS 'Internal: first tick of a cron or interval schedule strictly after "after".';

--
-- Name: session_check_data(jsonb, text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.session_check_data(data jsonb, what text DEFAULT 'data'::text) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_max bigint;
  v_size integer;
begin
  if data is null or pg_catalog.jsonb_typeof(data) <> 'object' then
    raise exception 'session % must be a JSON object', what
      using errcode = 'PF202',
            detail = pg_catalog.format('Got %s.', coalesce(pg_catalog.jsonb_typeof(data), 'SQL null')),
            hint = 'Pass ''{}'' for an empty session.';
  end if;
  v_max := pgfirst_private.setting_int('session.max_data_bytes');
  v_size := pg_catalog.octet_length(data::text);
  if v_size > v_max then
    raise exception 'session data must not exceed session.max_data_bytes'
      using errcode = 'PF203',
            detail = pg_catalog.format('%s bytes given, the limit is %s.', v_size, v_max),
            hint = 'Keep large objects in their own tables and put their ids in the session.';
  end if;
end;
$$;

--
-- Name: FUNCTION session_check_data(data jsonb, what text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.session_check_data(data jsonb, what text) IS 'Internal: raises PF202 unless data is a JSON object and PF203 when its JSON text exceeds session.max_data_bytes.';

--
-- Name: session_check_new(text, text, interval, interval); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.session_check_new(user_id text, tenant text, idle_timeout interval, absolute_timeout interval) RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if user_id is null or tenant is null then
    raise exception 'a session needs a non-null user_id and tenant'
      using errcode = 'PF206',
            hint = 'Use '''' for an anonymous session or when tenants are not used.';
  end if;
  if octet_length(user_id) > (pgfirst_private.arg_limits()).user_id_max_bytes
     or octet_length(tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes then
    raise exception 'a session user_id is at most % bytes and a tenant at most % bytes',
                    (pgfirst_private.arg_limits()).user_id_max_bytes, (pgfirst_private.arg_limits()).tenant_max_bytes
      using errcode = 'PF206',
            detail = pg_catalog.format('user_id: %s bytes, tenant: %s bytes.', octet_length(user_id), octet_length(tenant)),
            hint = 'Store a short stable identifier (a primary key), not a document.';
  end if;
  -- the upper bound keeps last_seen_at + idle_timeout and now + absolute_timeout in range
  -- (a stored '300000 years' once broke session_cleanup and maintenance for everyone)
  if idle_timeout <= interval '0' or absolute_timeout <= interval '0'
     or idle_timeout > (pgfirst_private.arg_limits()).interval_max
     or absolute_timeout > (pgfirst_private.arg_limits()).interval_max then
    raise exception 'session timeouts must be positive intervals of at most %', (pgfirst_private.arg_limits()).interval_max
      using errcode = 'PF205',
            detail = pg_catalog.format('idle_timeout %s, absolute_timeout %s.', idle_timeout, absolute_timeout);
  end if;
end;
$$;

--
-- Name: FUNCTION session_check_new(user_id text, tenant text, idle_timeout interval, absolute_timeout interval); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.session_check_new(user_id text, tenant text, idle_timeout interval, absolute_timeout interval) IS 'Internal: raises PF206 for a null or oversized user_id or tenant and PF205 for a timeout that is not positive or exceeds 100 years.';

--
-- Name: session_token_hash(text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.session_token_hash(token text) RETURNS bytea
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  if token is null or token = '' then
    raise exception 'a session token must be a non-empty string'
      using errcode = 'PF201',
            hint = 'Pass the token returned by session_create or session_rotate.';
  end if;
  return pg_catalog.sha256(pg_catalog.convert_to(token, 'UTF8'));
end;
$$;

--
-- Name: FUNCTION session_token_hash(token text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.session_token_hash(token text) IS 'Internal: sha256 of a session token (the stored key); raises PF201 for a null or empty token.';

--
-- Name: session_token_new(); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.session_token_new() RETURNS text
    LANGUAGE sql PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select pg_catalog.translate(
           pg_catalog.rtrim(pg_catalog.encode(pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                                              || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()), 'base64'), '='),
           '+/', '-_')
$$;

--
-- Name: FUNCTION session_token_new(); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.session_token_new() IS 'Internal: a fresh 43-character base64url session token carrying 244 CSPRNG bits.';

--
-- Name: setting_check(text, jsonb); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.setting_check(name text, value jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  s pgfirst_private.setting;
  v_ok boolean := true;
begin
  select x.* into s from pgfirst_private.setting x where x.name = setting_check.name;
  if not found or value is null or value = 'null'::jsonb then
    return value;
  end if;
  v_ok := case s.type
    when 'interval' then (s.min_value is null or (value #>> '{}')::interval >= (s.min_value #>> '{}')::interval)
                     and (s.max_value is null or (value #>> '{}')::interval <= (s.max_value #>> '{}')::interval)
    when 'integer' then (s.min_value is null or (value::text)::numeric >= (s.min_value::text)::numeric)
                    and (s.max_value is null or (value::text)::numeric <= (s.max_value::text)::numeric)
    when 'number' then (s.min_value is null or (value::text)::numeric >= (s.min_value::text)::numeric)
                   and (s.max_value is null or (value::text)::numeric <= (s.max_value::text)::numeric)
    else true
  end;
  if v_ok and s.pattern is not null then
    v_ok := pg_catalog.jsonb_typeof(value) = 'string' and (value #>> '{}') ~ s.pattern;
  end if;
  if not v_ok then
    raise exception 'setting "%" is out of its range', name
      using errcode = 'PF005',
            detail = pg_catalog.format('Got %s; allowed: %s.', value,
                       pg_catalog.concat_ws(', ',
                         'at least ' || s.min_value::text, 'at most ' || s.max_value::text,
                         'matching ' || pg_catalog.quote_literal(s.pattern))),
            hint = 'SELECT name, min_value, max_value, pattern FROM pgfirst.settings shows each setting''s range.';
  end if;
  return value;
end;
$$;

--
-- Name: FUNCTION setting_check(name text, value jsonb); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.setting_check(name text, value jsonb) IS 'Internal: returns value unchanged when it lies within the setting''s declared min_value/max_value and matches its pattern; raises PF005 otherwise (the type is checked by the caller).';

--
-- Name: setting_hot_sync(); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.setting_hot_sync() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  perform pgfirst_private.hot_settings_sync();
  return null;
end;
$$;

--
-- Name: FUNCTION setting_hot_sync(); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.setting_hot_sync() IS 'Internal trigger function: after any change of pgfirst_private.setting, re-generates the hot-path setting constants (hot_settings_sync).';

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
-- Name: setting_register(text, text, jsonb, text, jsonb, jsonb, text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.setting_register(name text, type text, default_value jsonb, description text, min_value jsonb DEFAULT NULL::jsonb, max_value jsonb DEFAULT NULL::jsonb, pattern text DEFAULT NULL::text) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: FUNCTION setting_register(name text, type text, default_value jsonb, description text, min_value jsonb, max_value jsonb, pattern text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.setting_register(name text, type text, default_value jsonb, description text, min_value jsonb, max_value jsonb, pattern text) IS 'Internal: declares a module setting with its type, default, description and allowed range (min_value, max_value) or pattern; idempotent, keeps an existing override of the same type.';

--
-- Name: setting_value(text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.setting_value(name text) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: FUNCTION setting_value(name text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.setting_value(name text) IS 'Internal: effective jsonb value of a registered setting; raises PF001 when the setting is not registered.';

--
-- Name: timezone_check(text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.timezone_check(timezone text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
#variable_conflict use_column
begin
  if timezone is null or pg_catalog.btrim(timezone) = '' then
    raise exception 'a time zone is required' using errcode = 'PF503',
      hint = 'Use an IANA name such as UTC, Europe/London or America/New_York.';
  end if;
  -- A bare offset ('+05:00', '-3', '5') is accepted by PostgreSQL as a POSIX zone with the
  -- sign inverted (+05:00 = five hours WEST of UTC), which would silently shift every run.
  if pg_catalog.btrim(timezone) ~ '^[+-]?[0-9]' then
    raise exception 'a time zone must be a name, not a bare UTC offset' using errcode = 'PF503',
      detail = format('time zone "%s" would be read as a POSIX offset with the sign inverted', timezone),
      hint = 'Use an IANA name such as Asia/Karachi, or Etc/GMT-5 for a fixed UTC+05:00 (IANA Etc signs are inverted too).';
  end if;
  perform pg_catalog.now() at time zone timezone_check.timezone;
  -- Fast path, no catalog read: UTC/GMT, and Area/Location names. PostgreSQL looks a name
  -- up in the tz database first and parses it as POSIX only when no file matches, and a
  -- POSIX spec cannot have this shape (its zone letters must be followed by an offset,
  -- never by '/'), so an accepted name of this shape is a tz database file.
  if pg_catalog.upper(timezone) in ('UTC', 'GMT')
     or timezone ~ '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)+$' then
    return timezone;
  end if;
  if not exists (select from pg_catalog.pg_timezone_names z
                  where pg_catalog.lower(z.name) = pg_catalog.lower(timezone_check.timezone)) then
    raise exception 'a time zone must be a tz database name, not a POSIX spec or an abbreviation' using errcode = 'PF503',
      detail = format('time zone "%s" is not in pg_timezone_names (a POSIX spec reads its offset with the sign inverted; an abbreviation has no daylight-saving rules)', timezone),
      hint = 'Use an IANA name such as Europe/Berlin, or Etc/GMT-5 for a fixed UTC+05:00 (IANA Etc signs are inverted too).';
  end if;
  return timezone;
exception when invalid_parameter_value then
  raise exception 'the time zone must be one PostgreSQL knows' using errcode = 'PF503',
    detail = format('unknown time zone "%s"', timezone),
    hint = 'Use an IANA name such as UTC, Europe/London or America/New_York (see pg_timezone_names).';
end;
$_$;

--
-- Name: FUNCTION timezone_check(timezone text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.timezone_check(timezone text) IS 'Internal: returns the time zone unchanged, or raises PF503 unless it is a name in pg_timezone_names (POSIX specs such as UTC+5 and abbreviations such as CEST are refused).';

--
-- Name: workflow_build(jsonb, bigint[], bigint, text, text, text, integer, timestamp with time zone); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.workflow_build(node jsonb, deps bigint[], workflow_id bigint, tenant text, path text, group_id text, depth integer, now timestamp with time zone) RETURNS bigint[]
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_kind text;
  v_tail bigint[] := deps;
  v_all bigint[] := '{}';
  v_child record;
  v_id bigint;
begin
  if depth > 32 then
    raise exception 'a workflow spec nests at most 32 levels' using errcode = 'PF434', detail = pg_catalog.format('At %s.', path);
  end if;
  if pg_catalog.jsonb_typeof(node) is distinct from 'object' then
    raise exception 'a workflow node must be an object' using errcode = 'PF434', detail = pg_catalog.format('At %s.', path);
  end if;
  v_kind := case when node ? 'task' then 'task' when node ? 'chain' then 'chain'
                 when node ? 'group' then 'group' when node ? 'chord' then 'chord' end;
  if v_kind is null
     or (node - array['task', 'payload', 'queue', 'priority', 'max_attempts', 'run_at', 'on_dependency_failure', 'name']
          <> '{}'::jsonb and v_kind = 'task')
     or (v_kind in ('chain', 'group') and node - v_kind <> '{}'::jsonb)
     or (v_kind = 'chord' and node - array['chord', 'callback'] <> '{}'::jsonb) then
    raise exception 'a workflow node is {"task": ...}, {"chain": [...]}, {"group": [...]} or {"chord": [...], "callback": {...}}'
      using errcode = 'PF434', detail = pg_catalog.format('At %s: %s.', path, pg_catalog.left(node::text, 200));
  end if;

  if v_kind = 'task' then
    begin
      v_id := pgfirst.job_enqueue(
        task => node ->> 'task',
        payload => coalesce(node -> 'payload', '{}'),
        queue => coalesce(node ->> 'queue', 'default'),
        run_at => (node ->> 'run_at')::timestamptz,
        priority => coalesce((node ->> 'priority')::integer, 0),
        max_attempts => coalesce((node ->> 'max_attempts')::integer, 25),
        tenant => tenant,
        now => now,
        depends_on => deps,
        on_dependency_failure => coalesce(node ->> 'on_dependency_failure', 'fail'));
    exception
      when invalid_datetime_format or datetime_field_overflow or invalid_text_representation
        or numeric_value_out_of_range then
        raise exception 'workflow step % has a malformed value: %', path, sqlerrm using errcode = 'PF434';
    end;
    update pgfirst_private.job j set workflow_id = workflow_build.workflow_id where j.id = v_id;
    insert into pgfirst_private.workflow_step (workflow_id, position, job_id, name, group_id)
    select workflow_build.workflow_id, coalesce(pg_catalog.max(s.position), 0) + 1, v_id, node ->> 'name',
           workflow_build.group_id
      from pgfirst_private.workflow_step s
     where s.workflow_id = workflow_build.workflow_id;
    return array[v_id];
  end if;

  if pg_catalog.jsonb_typeof(node -> v_kind) is distinct from 'array' or pg_catalog.jsonb_array_length(node -> v_kind) = 0 then
    raise exception 'a workflow % needs a non-empty array of nodes', v_kind using errcode = 'PF434',
      detail = pg_catalog.format('At %s.', path);
  end if;
  for v_child in
    select e.value, e.ordinality - 1 as i from pg_catalog.jsonb_array_elements(node -> v_kind) with ordinality e
     order by e.ordinality
  loop
    if v_kind = 'chain' then
      v_tail := pgfirst_private.workflow_build(v_child.value, v_tail, workflow_id, tenant,
                  pg_catalog.format('%s.chain[%s]', path, v_child.i), group_id, depth + 1, now);
    else
      v_all := v_all || pgfirst_private.workflow_build(v_child.value, deps, workflow_id, tenant,
                  pg_catalog.format('%s.%s[%s]', path, v_kind, v_child.i),
                  pg_catalog.format('%s.%s', path, v_kind), depth + 1, now);
    end if;
  end loop;
  if v_kind = 'chain' then
    return v_tail;
  elsif v_kind = 'group' then
    return v_all;
  end if;
  -- chord: the callback depends on every member's tail and receives their results in order
  return pgfirst_private.workflow_build(node -> 'callback', v_all, workflow_id, tenant, path || '.callback',
                                        group_id, depth + 1, now);
end;
$$;

--
-- Name: FUNCTION workflow_build(node jsonb, deps bigint[], workflow_id bigint, tenant text, path text, group_id text, depth integer, now timestamp with time zone); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.workflow_build(node jsonb, deps bigint[], workflow_id bigint, tenant text, path text, group_id text, depth integer, now timestamp with time zone) IS 'Internal (workflow_enqueue): enqueues one spec node (task, chain, group, chord) depending on deps; returns its tail job ids.';

--
-- Name: dropdown; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.dropdown (
    id integer NOT NULL,
    name text NOT NULL,
    query text NOT NULL,
    sources regclass[] NOT NULL,
    debounce interval NOT NULL,
    max_staleness interval NOT NULL,
    view_schema text NOT NULL,
    view_name text NOT NULL,
    function_name text NOT NULL,
    grouped boolean DEFAULT false NOT NULL,
    generation bigint DEFAULT 0 NOT NULL,
    populated boolean DEFAULT false NOT NULL,
    last_refresh_at timestamp with time zone,
    last_refresh_started_at timestamp with time zone,
    last_refresh_duration interval,
    last_refresh_rows bigint,
    refresh_count bigint DEFAULT 0 NOT NULL,
    source_writes_at_refresh bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE dropdown; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.dropdown IS 'Dropdown registry: definition, generated view and search function, refresh figures.';

--
-- Name: dropdown_change; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.dropdown_change (
    dropdown_id integer NOT NULL,
    generation bigint NOT NULL,
    changed_at timestamp with time zone NOT NULL,
    fresh_until timestamp with time zone
);

--
-- Name: TABLE dropdown_change; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.dropdown_change IS 'Append-only change markers: which dropdown generation must pick up a change, and since when the view is stale.';

--
-- Name: dropdown_status; Type: VIEW; Schema: pgfirst; Owner: -
--

CREATE VIEW pgfirst.dropdown_status AS
 SELECT d.name,
    format('%I.%I'::text, d.view_schema, d.view_name) AS view,
    d.last_refresh_rows AS rows,
    d.last_refresh_at,
    d.last_refresh_duration AS last_duration,
    d.refresh_count,
    c.stale_since,
        CASE
            WHEN (d.source_writes_at_refresh IS NOT NULL) THEN GREATEST((w.writes - d.source_writes_at_refresh), (0)::bigint)
            ELSE NULL::bigint
        END AS pending_changes,
    ((c.stale_since IS NOT NULL) AND (c.stale_since < (now() - d.max_staleness))) AS staleness_breached,
    d.debounce,
    d.max_staleness,
    d.sources
   FROM ((pgfirst_private.dropdown d
     LEFT JOIN LATERAL ( SELECT min(x.changed_at) AS stale_since
           FROM pgfirst_private.dropdown_change x
          WHERE (x.dropdown_id = d.id)) c ON (true))
     CROSS JOIN LATERAL ( SELECT (COALESCE(sum(((s.n_tup_ins + s.n_tup_upd) + s.n_tup_del)), (0)::numeric))::bigint AS writes
           FROM pg_stat_all_tables s
          WHERE (s.relid = ANY ((d.sources)::oid[]))) w);

--
-- Name: VIEW dropdown_status; Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON VIEW pgfirst.dropdown_status IS 'One row per dropdown: view, rows and duration of the last refresh, stale_since (oldest change not yet in the view), approximate pending_changes, and whether max_staleness is breached.';

--
-- Name: schedule; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.schedule (
    name text NOT NULL,
    task text NOT NULL,
    cron text,
    every interval,
    spec pgfirst_private.cron_spec,
    anchor timestamp with time zone NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    queue text DEFAULT 'default'::text NOT NULL,
    timezone text DEFAULT 'UTC'::text NOT NULL,
    missed text DEFAULT 'once'::text NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    tenant text DEFAULT ''::text NOT NULL,
    next_run timestamp with time zone,
    last_run timestamp with time zone,
    last_job_id bigint,
    last_tick_at timestamp with time zone,
    ticks_enqueued bigint DEFAULT 0 NOT NULL,
    ticks_skipped bigint DEFAULT 0 NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT schedule_cron_xor_every CHECK (((cron IS NULL) <> (every IS NULL))),
    CONSTRAINT schedule_missed_known CHECK ((missed = ANY (ARRAY['skip'::text, 'once'::text, 'all'::text])))
);

--
-- Name: TABLE schedule; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.schedule IS 'Cron and interval schedules; schedule_tick advances next_run atomically (FOR UPDATE SKIP LOCKED), which makes every tick enqueue exactly once.';

--
-- Name: schedules; Type: VIEW; Schema: pgfirst; Owner: -
--

CREATE VIEW pgfirst.schedules AS
 SELECT s.name,
    s.task,
    COALESCE(s.cron, ('every '::text || (s.every)::text)) AS spec,
    s.timezone,
    s.next_run,
    s.last_run,
    s.last_job_id,
    s.enabled,
    s.queue,
    s.missed,
    s.tenant,
    s.payload,
    s.ticks_enqueued,
    s.ticks_skipped,
    s.last_tick_at,
    s.updated_at
   FROM pgfirst_private.schedule s;

--
-- Name: VIEW schedules; Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON VIEW pgfirst.schedules IS 'Every schedule: spec (cron or "every <interval>"), time zone, next and last run (tick time), last job id, counters.';

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
    min_value jsonb,
    max_value jsonb,
    pattern text,
    CONSTRAINT setting_name_format CHECK ((name ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'::text)),
    CONSTRAINT setting_type_known CHECK ((type = ANY (ARRAY['interval'::text, 'integer'::text, 'number'::text, 'boolean'::text, 'text'::text, 'json'::text])))
);

--
-- Name: TABLE setting; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.setting IS 'Module settings: registered defaults and operator overrides (value null = default).';

--
-- Name: COLUMN setting.min_value; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON COLUMN pgfirst_private.setting.min_value IS 'Smallest allowed value (interval/integer/number settings); null = unbounded.';

--
-- Name: COLUMN setting.max_value; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON COLUMN pgfirst_private.setting.max_value IS 'Largest allowed value (interval/integer/number settings); null = unbounded.';

--
-- Name: COLUMN setting.pattern; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON COLUMN pgfirst_private.setting.pattern IS 'Regular expression a text setting must match; null = any.';

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
    s.updated_at,
    s.min_value,
    s.max_value,
    s.pattern
   FROM pgfirst_private.setting s;

--
-- Name: VIEW settings; Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON VIEW pgfirst.settings IS 'Every module setting: effective value, default, type, meaning and the range (min_value, max_value) or pattern a value must satisfy. Change one with pgfirst.setting_set().';

--
-- Name: admin_audit; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.admin_audit (
    id bigint NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    session_role name NOT NULL,
    role name NOT NULL,
    action text NOT NULL,
    target text,
    detail jsonb DEFAULT '{}'::jsonb NOT NULL
);

--
-- Name: TABLE admin_audit; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.admin_audit IS 'Admin actions (queue pause/resume, bulk retry/cancel, schedule enable/disable/run-now, login unlock, dropdown refresh-now, job_retry): who (login and effective role), what, when. Read with pgfirst.audit_log; purged by maintenance after audit.keep.';

--
-- Name: admin_audit_id_seq; Type: SEQUENCE; Schema: pgfirst_private; Owner: -
--

CREATE SEQUENCE pgfirst_private.admin_audit_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: admin_audit_id_seq; Type: SEQUENCE OWNED BY; Schema: pgfirst_private; Owner: -
--

ALTER SEQUENCE pgfirst_private.admin_audit_id_seq OWNED BY pgfirst_private.admin_audit.id;

--
-- Name: cache_entry; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE UNLOGGED TABLE pgfirst_private.cache_entry (
    tenant text NOT NULL COLLATE pg_catalog."C",
    namespace text NOT NULL COLLATE pg_catalog."C",
    key text NOT NULL COLLATE pg_catalog."C",
    value jsonb,
    expires_at timestamp with time zone,
    lease_until timestamp with time zone,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT cache_entry_value_present CHECK (((value IS NOT NULL) OR (expires_at = '-infinity'::timestamp with time zone)))
)
WITH (fillfactor='80');

--
-- Name: TABLE cache_entry; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.cache_entry IS 'Cache entries keyed by (tenant, namespace, key). UNLOGGED: emptied by a crash. Only the primary key is indexed so updates stay HOT; expiry is swept by cache_cleanup in block ranges.';

--
-- Name: cache_namespace; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.cache_namespace (
    namespace text NOT NULL COLLATE pg_catalog."C",
    default_ttl interval,
    max_entries bigint,
    stale_ttl interval,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT cache_namespace_default_ttl_positive CHECK ((default_ttl > '00:00:00'::interval)),
    CONSTRAINT cache_namespace_max_entries_positive CHECK ((max_entries > 0)),
    CONSTRAINT cache_namespace_stale_ttl_positive CHECK ((stale_ttl > '00:00:00'::interval))
);

--
-- Name: TABLE cache_namespace; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.cache_namespace IS 'Cache policy per namespace: default TTL, entry cap per (tenant, namespace), how long an expired value may still be served to cache_lease callers.';

--
-- Name: cache_stat; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE UNLOGGED TABLE pgfirst_private.cache_stat (
    namespace text NOT NULL COLLATE pg_catalog."C",
    tenant text NOT NULL COLLATE pg_catalog."C",
    hits bigint NOT NULL,
    misses bigint NOT NULL
);

--
-- Name: TABLE cache_stat; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.cache_stat IS 'Sampled hit/miss estimates per (namespace, tenant), weighted by 1/sample rate; append-only, folded by cache_cleanup; cache_stats() sums them.';

--
-- Name: cache_sweep_chunk; Type: SEQUENCE; Schema: pgfirst_private; Owner: -
--

CREATE SEQUENCE pgfirst_private.cache_sweep_chunk
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
    CYCLE;

--
-- Name: SEQUENCE cache_sweep_chunk; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON SEQUENCE pgfirst_private.cache_sweep_chunk IS 'cache_cleanup: number of the next block chunk to sweep (modulo the table size).';

--
-- Name: dropdown_gate; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.dropdown_gate (
    dropdown_id integer NOT NULL,
    parity smallint NOT NULL,
    lane smallint NOT NULL,
    generation bigint DEFAULT 0 NOT NULL,
    queued_generation bigint DEFAULT '-1'::integer NOT NULL,
    queued_until timestamp with time zone DEFAULT '-infinity'::timestamp with time zone NOT NULL,
    CONSTRAINT dropdown_gate_lane_check CHECK (((lane >= 0) AND (lane < 64))),
    CONSTRAINT dropdown_gate_parity_check CHECK ((parity = ANY (ARRAY[0, 1])))
);

--
-- Name: TABLE dropdown_gate; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.dropdown_gate IS 'Refresh gate of each dropdown: 2 parities x 64 lanes, row-locked (writers: one lane per parity, SKIP LOCKED; refresh of generation g: all lanes of parity g % 2, which it updates to generation g + 1 when it commits). queued_generation / queued_until: a refresh job a writer on this lane found or queued, and until when its marker is fresh.';

--
-- Name: dropdown_id_seq; Type: SEQUENCE; Schema: pgfirst_private; Owner: -
--

ALTER TABLE pgfirst_private.dropdown ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME pgfirst_private.dropdown_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: job_archive; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.job_archive (
    id bigint NOT NULL,
    tenant text NOT NULL,
    queue text NOT NULL,
    task text NOT NULL,
    payload jsonb NOT NULL,
    priority integer NOT NULL,
    run_at timestamp with time zone NOT NULL,
    state text NOT NULL,
    attempt integer NOT NULL,
    max_attempts integer NOT NULL,
    job_key text,
    last_error text,
    errors jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone NOT NULL,
    claimed_at timestamp with time zone,
    result jsonb,
    CONSTRAINT job_archive_state CHECK ((state = ANY (ARRAY['done'::text, 'dead'::text, 'cancelled'::text])))
)
PARTITION BY RANGE (finished_at);

--
-- Name: TABLE job_archive; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.job_archive IS 'Archive of finished jobs (queues with keep_finished), range-partitioned by finished_at in UTC days named job_archive_pYYYYMMDD; retention drops whole partitions.';

--
-- Name: job_archive_default; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.job_archive_default (
    id bigint NOT NULL,
    tenant text NOT NULL,
    queue text NOT NULL,
    task text NOT NULL,
    payload jsonb NOT NULL,
    priority integer NOT NULL,
    run_at timestamp with time zone NOT NULL,
    state text NOT NULL,
    attempt integer NOT NULL,
    max_attempts integer NOT NULL,
    job_key text,
    last_error text,
    errors jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone NOT NULL,
    claimed_at timestamp with time zone,
    result jsonb,
    CONSTRAINT job_archive_state CHECK ((state = ANY (ARRAY['done'::text, 'dead'::text, 'cancelled'::text])))
);

--
-- Name: job_channel; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.job_channel (
    singleton boolean DEFAULT true NOT NULL,
    name text NOT NULL,
    CONSTRAINT job_channel_name_check CHECK ((name ~ '^pgfirst_jobs_[0-9a-f]{32}$'::text)),
    CONSTRAINT job_channel_singleton_check CHECK (singleton)
);

--
-- Name: TABLE job_channel; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.job_channel IS 'The NOTIFY channel of this database (one row): pgfirst_jobs_ + 32 random hex digits; read through pgfirst.job_listen_channel().';

--
-- Name: job_dead; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.job_dead (
    id bigint NOT NULL,
    tenant text NOT NULL,
    queue text NOT NULL,
    task text NOT NULL,
    payload jsonb NOT NULL,
    priority integer NOT NULL,
    run_at timestamp with time zone NOT NULL,
    state text NOT NULL,
    attempt integer NOT NULL,
    max_attempts integer NOT NULL,
    job_key text,
    last_error text,
    errors jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone NOT NULL,
    CONSTRAINT job_dead_state CHECK ((state = ANY (ARRAY['dead'::text, 'cancelled'::text])))
);

--
-- Name: TABLE job_dead; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.job_dead IS 'Dead letters: jobs that exhausted max_attempts (dead) or were cancelled before running; job_retry moves them back.';

--
-- Name: job_dependency; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.job_dependency (
    job_id bigint NOT NULL,
    depends_on bigint NOT NULL,
    "position" integer NOT NULL,
    CONSTRAINT job_dependency_no_self CHECK ((job_id <> depends_on))
);

--
-- Name: TABLE job_dependency; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.job_dependency IS 'Dependency edges (job_id waits for depends_on) of jobs not yet promoted or finished; see pgfirst_private.job_settle.';

--
-- Name: job_id_seq; Type: SEQUENCE; Schema: pgfirst_private; Owner: -
--

CREATE SEQUENCE pgfirst_private.job_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: job_id_seq; Type: SEQUENCE OWNED BY; Schema: pgfirst_private; Owner: -
--

ALTER SEQUENCE pgfirst_private.job_id_seq OWNED BY pgfirst_private.job.id;

--
-- Name: job_key_hold; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.job_key_hold (
    tenant text NOT NULL,
    job_key text NOT NULL,
    job_id bigint NOT NULL,
    until timestamp with time zone NOT NULL
);

--
-- Name: TABLE job_key_hold; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.job_key_hold IS 'job_key uniqueness after finish: a job enqueued with unique_for holds its key until finished_at + unique_for (expired rows purged by maintenance).';

--
-- Name: job_queue; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.job_queue (
    queue text NOT NULL,
    concurrency integer,
    paused boolean DEFAULT false NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    keep_finished interval,
    key_concurrency integer,
    fair boolean DEFAULT false NOT NULL,
    rate_limit integer,
    rate_period interval,
    rate_tat timestamp with time zone,
    fair_cursor text,
    CONSTRAINT job_queue_concurrency_positive CHECK (((concurrency IS NULL) OR (concurrency >= 1))),
    CONSTRAINT job_queue_keep_finished_positive CHECK (((keep_finished IS NULL) OR (keep_finished > '00:00:00'::interval))),
    CONSTRAINT job_queue_key_concurrency_positive CHECK (((key_concurrency IS NULL) OR (key_concurrency >= 1))),
    CONSTRAINT job_queue_rate_valid CHECK ((((rate_limit IS NULL) = (rate_period IS NULL)) AND ((rate_limit IS NULL) OR (rate_limit >= 1)) AND ((rate_period IS NULL) OR (rate_period > '00:00:00'::interval))))
);

--
-- Name: TABLE job_queue; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.job_queue IS 'Per-queue settings: concurrency limit across all workers (null = unlimited) and pause flag.';

--
-- Name: COLUMN job_queue.keep_finished; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON COLUMN pgfirst_private.job_queue.keep_finished IS 'Copy finished jobs of this queue into pgfirst_private.job_archive and keep them at least this long (null = no archive).';

--
-- Name: job_result; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.job_result (
    id bigint NOT NULL,
    state text NOT NULL,
    result jsonb,
    workflow_id bigint,
    finished_at timestamp with time zone NOT NULL,
    CONSTRAINT job_result_state CHECK ((state = ANY (ARRAY['done'::text, 'dead'::text, 'cancelled'::text])))
);

--
-- Name: TABLE job_result; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.job_result IS 'Finish records (state, optional JSON result) of jobs with dependents, workflow steps and jobs completed with a result; kept job.result_retention and while a dependent still waits.';

--
-- Name: lock_slot; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.lock_slot (
    kind text NOT NULL,
    slot integer NOT NULL
);

--
-- Name: TABLE lock_slot; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.lock_slot IS 'Rows locked (never updated) instead of advisory locks, which any role could take: (job_notify, 0..1023) per hashed queue, (archive_maintain, 0).';

--
-- Name: login_key; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.login_key (
    id boolean DEFAULT true NOT NULL,
    secret bytea NOT NULL,
    CONSTRAINT login_key_single_row CHECK (id)
);

--
-- Name: TABLE login_key; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.login_key IS 'One random secret (two gen_random_uuid, 244 random bits) keying login subject hashes.';

--
-- Name: login_throttle; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.login_throttle (
    tenant text NOT NULL,
    scope text NOT NULL,
    subject bytea NOT NULL,
    failures integer DEFAULT 0 NOT NULL,
    window_start timestamp with time zone,
    locked_until timestamp with time zone,
    lockouts integer DEFAULT 0 NOT NULL,
    last_failure_at timestamp with time zone,
    user_subject bytea,
    CONSTRAINT login_throttle_scope_known CHECK ((scope = ANY (ARRAY['user'::text, 'ip'::text, 'user_ip'::text])))
);

--
-- Name: TABLE login_throttle; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.login_throttle IS 'Login attempt counters and lockouts per username, IP and username+IP (subjects stored as keyed SHA-256); logged.';

--
-- Name: maintenance_run; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.maintenance_run (
    at timestamp with time zone NOT NULL,
    result jsonb NOT NULL
);

--
-- Name: TABLE maintenance_run; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.maintenance_run IS 'Log of maintenance runs (the jsonb each returned), kept one day.';

--
-- Name: rate_limit; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE UNLOGGED TABLE pgfirst_private.rate_limit (
    tenant text NOT NULL,
    key text NOT NULL,
    tat timestamp with time zone NOT NULL
);

--
-- Name: TABLE rate_limit; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.rate_limit IS 'GCRA state per (tenant, key): the theoretical arrival time. UNLOGGED: a crash resets throttles (documented in docs/rate-limits.md).';

--
-- Name: session; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.session (
    token_hash bytea NOT NULL,
    session_id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant text NOT NULL,
    user_id text NOT NULL,
    data jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL,
    idle_timeout interval NOT NULL,
    absolute_expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT session_data_is_object CHECK ((jsonb_typeof(data) = 'object'::text)),
    CONSTRAINT session_idle_timeout_bounded CHECK ((idle_timeout <= '100 years'::interval)),
    CONSTRAINT session_idle_timeout_positive CHECK ((idle_timeout > '00:00:00'::interval)),
    CONSTRAINT session_token_hash_is_sha256 CHECK ((octet_length(token_hash) = 32))
);

--
-- Name: TABLE session; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.session IS 'Server-side sessions keyed by sha256(token); logged; last_seen_at unindexed so touches stay HOT; revoked rows are tombstones until absolute expiry.';

--
-- Name: workflow; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.workflow (
    id bigint NOT NULL,
    name text,
    tenant text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone NOT NULL
);

--
-- Name: TABLE workflow; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.workflow IS 'Workflows enqueued by pgfirst.workflow_enqueue; purged with their steps after job.result_retention once no step is live.';

--
-- Name: workflow_id_seq; Type: SEQUENCE; Schema: pgfirst_private; Owner: -
--

CREATE SEQUENCE pgfirst_private.workflow_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: workflow_id_seq; Type: SEQUENCE OWNED BY; Schema: pgfirst_private; Owner: -
--

ALTER SEQUENCE pgfirst_private.workflow_id_seq OWNED BY pgfirst_private.workflow.id;

--
-- Name: workflow_step; Type: TABLE; Schema: pgfirst_private; Owner: -
--

CREATE TABLE pgfirst_private.workflow_step (
    workflow_id bigint NOT NULL,
    "position" integer NOT NULL,
    job_id bigint NOT NULL,
    name text,
    group_id text
);

--
-- Name: TABLE workflow_step; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.workflow_step IS 'The jobs of a workflow in document order; group_id is the JSON path of the innermost group node holding the step ($.chain[1] ...), null outside groups.';

--
-- Name: job_archive_default; Type: TABLE ATTACH; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.job_archive ATTACH PARTITION pgfirst_private.job_archive_default DEFAULT;

--
-- Name: admin_audit id; Type: DEFAULT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.admin_audit ALTER COLUMN id SET DEFAULT nextval('pgfirst_private.admin_audit_id_seq'::regclass);

--
-- Name: job id; Type: DEFAULT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.job ALTER COLUMN id SET DEFAULT nextval('pgfirst_private.job_id_seq'::regclass);

--
-- Name: workflow id; Type: DEFAULT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.workflow ALTER COLUMN id SET DEFAULT nextval('pgfirst_private.workflow_id_seq'::regclass);

--
-- Name: admin_audit admin_audit_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.admin_audit
    ADD CONSTRAINT admin_audit_pkey PRIMARY KEY (id);

--
-- Name: cache_entry cache_entry_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.cache_entry
    ADD CONSTRAINT cache_entry_pkey PRIMARY KEY (tenant, namespace, key);

--
-- Name: cache_namespace cache_namespace_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.cache_namespace
    ADD CONSTRAINT cache_namespace_pkey PRIMARY KEY (namespace);

--
-- Name: dropdown_gate dropdown_gate_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.dropdown_gate
    ADD CONSTRAINT dropdown_gate_pkey PRIMARY KEY (dropdown_id, parity, lane);

--
-- Name: dropdown dropdown_id_key; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.dropdown
    ADD CONSTRAINT dropdown_id_key UNIQUE (id);

--
-- Name: dropdown dropdown_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.dropdown
    ADD CONSTRAINT dropdown_pkey PRIMARY KEY (name);

--
-- Name: dropdown dropdown_view_key; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.dropdown
    ADD CONSTRAINT dropdown_view_key UNIQUE (view_schema, view_name);

--
-- Name: job_archive job_archive_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.job_archive
    ADD CONSTRAINT job_archive_pkey PRIMARY KEY (id, finished_at);

--
-- Name: job_archive_default job_archive_default_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.job_archive_default
    ADD CONSTRAINT job_archive_default_pkey PRIMARY KEY (id, finished_at);

--
-- Name: job_channel job_channel_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.job_channel
    ADD CONSTRAINT job_channel_pkey PRIMARY KEY (singleton);

--
-- Name: job_dead job_dead_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.job_dead
    ADD CONSTRAINT job_dead_pkey PRIMARY KEY (id);

--
-- Name: job_dependency job_dependency_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.job_dependency
    ADD CONSTRAINT job_dependency_pkey PRIMARY KEY (job_id, depends_on);

--
-- Name: job_key_hold job_key_hold_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.job_key_hold
    ADD CONSTRAINT job_key_hold_pkey PRIMARY KEY (tenant, job_key);

--
-- Name: job job_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.job
    ADD CONSTRAINT job_pkey PRIMARY KEY (id);

--
-- Name: job_queue job_queue_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.job_queue
    ADD CONSTRAINT job_queue_pkey PRIMARY KEY (queue);

--
-- Name: job_result job_result_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.job_result
    ADD CONSTRAINT job_result_pkey PRIMARY KEY (id);

--
-- Name: lock_slot lock_slot_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.lock_slot
    ADD CONSTRAINT lock_slot_pkey PRIMARY KEY (kind, slot);

--
-- Name: login_key login_key_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.login_key
    ADD CONSTRAINT login_key_pkey PRIMARY KEY (id);

--
-- Name: login_throttle login_throttle_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.login_throttle
    ADD CONSTRAINT login_throttle_pkey PRIMARY KEY (tenant, scope, subject);

--
-- Name: rate_limit rate_limit_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.rate_limit
    ADD CONSTRAINT rate_limit_pkey PRIMARY KEY (tenant, key);

--
-- Name: schedule schedule_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.schedule
    ADD CONSTRAINT schedule_pkey PRIMARY KEY (name);

--
-- Name: session session_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.session
    ADD CONSTRAINT session_pkey PRIMARY KEY (token_hash);

--
-- Name: setting setting_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.setting
    ADD CONSTRAINT setting_pkey PRIMARY KEY (name);

--
-- Name: workflow workflow_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.workflow
    ADD CONSTRAINT workflow_pkey PRIMARY KEY (id);

--
-- Name: workflow_step workflow_step_pkey; Type: CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.workflow_step
    ADD CONSTRAINT workflow_step_pkey PRIMARY KEY (workflow_id, "position");

--
-- Name: admin_audit_at_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX admin_audit_at_idx ON pgfirst_private.admin_audit USING btree (at);

--
-- Name: dropdown_change_lookup_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX dropdown_change_lookup_idx ON pgfirst_private.dropdown_change USING btree (dropdown_id, generation, changed_at);

--
-- Name: job_archive_finished_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX job_archive_finished_idx ON ONLY pgfirst_private.job_archive USING btree (finished_at);

--
-- Name: job_archive_default_finished_at_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX job_archive_default_finished_at_idx ON pgfirst_private.job_archive_default USING btree (finished_at);

--
-- Name: job_archive_unfinished_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX job_archive_unfinished_idx ON ONLY pgfirst_private.job_archive USING btree (id) WHERE (state = ANY (ARRAY['dead'::text, 'cancelled'::text]));

--
-- Name: job_archive_default_id_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX job_archive_default_id_idx ON pgfirst_private.job_archive_default USING btree (id) WHERE (state = ANY (ARRAY['dead'::text, 'cancelled'::text]));

--
-- Name: job_available_fair_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX job_available_fair_idx ON pgfirst_private.job USING btree (queue, fair_key, priority DESC, run_at, id) WHERE ((fair_key IS NOT NULL) AND (state = ANY (ARRAY['pending'::text, 'failed'::text])));

--
-- Name: job_available_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX job_available_idx ON pgfirst_private.job USING btree (priority DESC, run_at, id) WHERE (state = ANY (ARRAY['pending'::text, 'failed'::text]));

--
-- Name: job_dead_finished_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX job_dead_finished_idx ON pgfirst_private.job_dead USING btree (finished_at);

--
-- Name: job_dead_queue_id_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX job_dead_queue_id_idx ON pgfirst_private.job_dead USING btree (queue, id);

--
-- Name: job_dead_queue_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX job_dead_queue_idx ON pgfirst_private.job_dead USING btree (queue, finished_at);

--
-- Name: job_dependency_parent_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX job_dependency_parent_idx ON pgfirst_private.job_dependency USING btree (depends_on);

--
-- Name: job_failed_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX job_failed_idx ON pgfirst_private.job USING btree (id) WHERE (state = 'failed'::text);

--
-- Name: job_key_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE UNIQUE INDEX job_key_idx ON pgfirst_private.job USING btree (tenant, job_key) WHERE (job_key IS NOT NULL);

--
-- Name: job_result_finished_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX job_result_finished_idx ON pgfirst_private.job_result USING btree (finished_at);

--
-- Name: job_running_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX job_running_idx ON pgfirst_private.job USING btree (worker_id) WHERE (state = 'running'::text);

--
-- Name: job_sequence_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX job_sequence_idx ON pgfirst_private.job USING btree (tenant, sequence_key, id) WHERE (sequence_key IS NOT NULL);

--
-- Name: login_throttle_user_subject_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX login_throttle_user_subject_idx ON pgfirst_private.login_throttle USING btree (tenant, user_subject) WHERE (scope = 'user_ip'::text);

--
-- Name: maintenance_run_at_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX maintenance_run_at_idx ON pgfirst_private.maintenance_run USING btree (at);

--
-- Name: schedule_due_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX schedule_due_idx ON pgfirst_private.schedule USING btree (next_run) WHERE enabled;

--
-- Name: session_user_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX session_user_idx ON pgfirst_private.session USING btree (tenant, user_id);

--
-- Name: workflow_created_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX workflow_created_idx ON pgfirst_private.workflow USING btree (created_at);

--
-- Name: job_archive_default_finished_at_idx; Type: INDEX ATTACH; Schema: pgfirst_private; Owner: -
--

ALTER INDEX pgfirst_private.job_archive_finished_idx ATTACH PARTITION pgfirst_private.job_archive_default_finished_at_idx;

--
-- Name: job_archive_default_id_idx; Type: INDEX ATTACH; Schema: pgfirst_private; Owner: -
--

ALTER INDEX pgfirst_private.job_archive_unfinished_idx ATTACH PARTITION pgfirst_private.job_archive_default_id_idx;

--
-- Name: job_archive_default_pkey; Type: INDEX ATTACH; Schema: pgfirst_private; Owner: -
--

ALTER INDEX pgfirst_private.job_archive_pkey ATTACH PARTITION pgfirst_private.job_archive_default_pkey;

--
-- Name: setting setting__hot_sync; Type: TRIGGER; Schema: pgfirst_private; Owner: -
--

CREATE TRIGGER setting__hot_sync AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON pgfirst_private.setting FOR EACH STATEMENT EXECUTE FUNCTION pgfirst_private.setting_hot_sync();

--
-- Name: dropdown_gate dropdown_gate_dropdown_id_fkey; Type: FK CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.dropdown_gate
    ADD CONSTRAINT dropdown_gate_dropdown_id_fkey FOREIGN KEY (dropdown_id) REFERENCES pgfirst_private.dropdown(id) ON DELETE CASCADE;

--
-- Name: workflow_step workflow_step_workflow_id_fkey; Type: FK CONSTRAINT; Schema: pgfirst_private; Owner: -
--

ALTER TABLE ONLY pgfirst_private.workflow_step
    ADD CONSTRAINT workflow_step_workflow_id_fkey FOREIGN KEY (workflow_id) REFERENCES pgfirst_private.workflow(id) ON DELETE CASCADE;

--
-- Name: SCHEMA pgfirst; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA pgfirst TO pgfirst_app;

--
-- Name: SCHEMA pgfirst_ext; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA pgfirst_ext TO pgfirst_dropdown;

--
-- Name: SCHEMA pgfirst_mv; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA pgfirst_mv TO pgfirst_dropdown;

--
-- Name: FUNCTION audit_log(before_id bigint, page_size integer); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.audit_log(before_id bigint, page_size integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.audit_log(before_id bigint, page_size integer) TO pgfirst_admin;

--
-- Name: FUNCTION cache_add(namespace text, key text, value jsonb, ttl interval, tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cache_add(namespace text, key text, value jsonb, ttl interval, tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cache_add(namespace text, key text, value jsonb, ttl interval, tenant text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION cache_cleanup(max_rows integer, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cache_cleanup(max_rows integer, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cache_cleanup(max_rows integer, now timestamp with time zone) TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.cache_cleanup(max_rows integer, now timestamp with time zone) TO pgfirst_admin;

--
-- Name: FUNCTION cache_clear(namespace text, tenant text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cache_clear(namespace text, tenant text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cache_clear(namespace text, tenant text) TO pgfirst_app;

--
-- Name: FUNCTION cache_configure(namespace text, default_ttl interval, max_entries bigint, stale_ttl interval); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cache_configure(namespace text, default_ttl interval, max_entries bigint, stale_ttl interval) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cache_configure(namespace text, default_ttl interval, max_entries bigint, stale_ttl interval) TO pgfirst_admin;

--
-- Name: FUNCTION cache_delete(namespace text, key text, tenant text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cache_delete(namespace text, key text, tenant text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cache_delete(namespace text, key text, tenant text) TO pgfirst_app;

--
-- Name: FUNCTION cache_delete_many(namespace text, keys text[], tenant text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cache_delete_many(namespace text, keys text[], tenant text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cache_delete_many(namespace text, keys text[], tenant text) TO pgfirst_app;

--
-- Name: FUNCTION cache_get(namespace text, key text, tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cache_get(namespace text, key text, tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cache_get(namespace text, key text, tenant text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION cache_get_many(namespace text, keys text[], tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cache_get_many(namespace text, keys text[], tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cache_get_many(namespace text, keys text[], tenant text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION cache_incr(namespace text, key text, delta bigint, ttl interval, tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cache_incr(namespace text, key text, delta bigint, ttl interval, tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cache_incr(namespace text, key text, delta bigint, ttl interval, tenant text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION cache_lease(namespace text, key text, lease interval, tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cache_lease(namespace text, key text, lease interval, tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cache_lease(namespace text, key text, lease interval, tenant text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION cache_set(namespace text, key text, value jsonb, ttl interval, tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cache_set(namespace text, key text, value jsonb, ttl interval, tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cache_set(namespace text, key text, value jsonb, ttl interval, tenant text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION cache_set_many(namespace text, entries jsonb, ttl interval, tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cache_set_many(namespace text, entries jsonb, ttl interval, tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cache_set_many(namespace text, entries jsonb, ttl interval, tenant text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION cache_stats(); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cache_stats() FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cache_stats() TO pgfirst_admin;

--
-- Name: FUNCTION cache_touch(namespace text, key text, ttl interval, tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cache_touch(namespace text, key text, ttl interval, tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cache_touch(namespace text, key text, ttl interval, tenant text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION cleanup_select2_cache(); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cleanup_select2_cache() FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cleanup_select2_cache() TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.cleanup_select2_cache() TO pgfirst_admin;

--
-- Name: FUNCTION cron_next(cron text, after timestamp with time zone, timezone text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.cron_next(cron text, after timestamp with time zone, timezone text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.cron_next(cron text, after timestamp with time zone, timezone text) TO pgfirst_app;

--
-- Name: FUNCTION dashboard_overview(); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.dashboard_overview() FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.dashboard_overview() TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.dashboard_overview() TO pgfirst_admin;

--
-- Name: FUNCTION dropdown_define(name text, query text, sources regclass[], debounce interval, max_staleness interval, view_schema text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.dropdown_define(name text, query text, sources regclass[], debounce interval, max_staleness interval, view_schema text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.dropdown_define(name text, query text, sources regclass[], debounce interval, max_staleness interval, view_schema text) TO pgfirst_admin;

--
-- Name: FUNCTION dropdown_drop(name text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.dropdown_drop(name text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.dropdown_drop(name text) TO pgfirst_admin;

--
-- Name: FUNCTION dropdown_lookup(name text, tenant text, ids text[]); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.dropdown_lookup(name text, tenant text, ids text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.dropdown_lookup(name text, tenant text, ids text[]) TO pgfirst_app;

--
-- Name: FUNCTION dropdown_refresh(name text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.dropdown_refresh(name text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.dropdown_refresh(name text) TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.dropdown_refresh(name text) TO pgfirst_admin;

--
-- Name: FUNCTION dropdown_refresh_now(name text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.dropdown_refresh_now(name text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.dropdown_refresh_now(name text) TO pgfirst_admin;

--
-- Name: FUNCTION dropdown_search(name text, tenant text, term text, page integer, page_size integer, after text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.dropdown_search(name text, tenant text, term text, page integer, page_size integer, after text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.dropdown_search(name text, tenant text, term text, page integer, page_size integer, after text) TO pgfirst_app;

--
-- Name: FUNCTION health(now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.health(now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.health(now timestamp with time zone) TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.health(now timestamp with time zone) TO pgfirst_admin;

--
-- Name: FUNCTION job_cancel(id bigint); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_cancel(id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_cancel(id bigint) TO pgfirst_app;

--
-- Name: FUNCTION job_cancel_many(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, max_jobs integer); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_cancel_many(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, max_jobs integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_cancel_many(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, max_jobs integer) TO pgfirst_admin;

--
-- Name: FUNCTION job_claim(worker_id text, queues text[], max_jobs integer, lease interval, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_claim(worker_id text, queues text[], max_jobs integer, lease interval, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_claim(worker_id text, queues text[], max_jobs integer, lease interval, now timestamp with time zone) TO pgfirst_worker;

--
-- Name: FUNCTION job_complete(ids bigint[], worker_id text, now timestamp with time zone, attempts integer[], results jsonb[]); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_complete(ids bigint[], worker_id text, now timestamp with time zone, attempts integer[], results jsonb[]) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_complete(ids bigint[], worker_id text, now timestamp with time zone, attempts integer[], results jsonb[]) TO pgfirst_worker;

--
-- Name: FUNCTION job_detail(id bigint); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_detail(id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_detail(id bigint) TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.job_detail(id bigint) TO pgfirst_admin;

--
-- Name: FUNCTION job_enqueue(task text, payload jsonb, queue text, run_at timestamp with time zone, priority integer, max_attempts integer, job_key text, job_key_mode text, tenant text, now timestamp with time zone, depends_on bigint[], on_dependency_failure text, concurrency_key text, sequence_key text, max_run_time interval, unique_for interval); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_enqueue(task text, payload jsonb, queue text, run_at timestamp with time zone, priority integer, max_attempts integer, job_key text, job_key_mode text, tenant text, now timestamp with time zone, depends_on bigint[], on_dependency_failure text, concurrency_key text, sequence_key text, max_run_time interval, unique_for interval) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_enqueue(task text, payload jsonb, queue text, run_at timestamp with time zone, priority integer, max_attempts integer, job_key text, job_key_mode text, tenant text, now timestamp with time zone, depends_on bigint[], on_dependency_failure text, concurrency_key text, sequence_key text, max_run_time interval, unique_for interval) TO pgfirst_app;

--
-- Name: FUNCTION job_enqueue_many(jobs jsonb); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_enqueue_many(jobs jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_enqueue_many(jobs jsonb) TO pgfirst_app;

--
-- Name: FUNCTION job_fail(id bigint, worker_id text, error text, retry_delay interval, now timestamp with time zone, attempt integer); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_fail(id bigint, worker_id text, error text, retry_delay interval, now timestamp with time zone, attempt integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_fail(id bigint, worker_id text, error text, retry_delay interval, now timestamp with time zone, attempt integer) TO pgfirst_worker;

--
-- Name: FUNCTION job_get(id bigint); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_get(id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_get(id bigint) TO pgfirst_app;

--
-- Name: FUNCTION job_heartbeat(worker_id text, lease interval, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_heartbeat(worker_id text, lease interval, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_heartbeat(worker_id text, lease interval, now timestamp with time zone) TO pgfirst_worker;

--
-- Name: FUNCTION job_list(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, before_id bigint, page_size integer); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_list(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, before_id bigint, page_size integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_list(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, before_id bigint, page_size integer) TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.job_list(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, before_id bigint, page_size integer) TO pgfirst_admin;

--
-- Name: FUNCTION job_listen_channel(); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_listen_channel() FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_listen_channel() TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.job_listen_channel() TO pgfirst_admin;

--
-- Name: FUNCTION job_progress(id bigint, worker_id text, progress jsonb); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_progress(id bigint, worker_id text, progress jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_progress(id bigint, worker_id text, progress jsonb) TO pgfirst_worker;

--
-- Name: FUNCTION job_reap(now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_reap(now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_reap(now timestamp with time zone) TO pgfirst_worker;

--
-- Name: FUNCTION job_release(ids bigint[], worker_id text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_release(ids bigint[], worker_id text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_release(ids bigint[], worker_id text, now timestamp with time zone) TO pgfirst_worker;

--
-- Name: FUNCTION job_result(id bigint); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_result(id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_result(id bigint) TO pgfirst_app;

--
-- Name: FUNCTION job_result_channel(); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_result_channel() FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_result_channel() TO pgfirst_app;

--
-- Name: FUNCTION job_retry(id bigint, run_at timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_retry(id bigint, run_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_retry(id bigint, run_at timestamp with time zone) TO pgfirst_admin;

--
-- Name: FUNCTION job_retry_many(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, max_jobs integer); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.job_retry_many(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, max_jobs integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.job_retry_many(state text, queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, max_jobs integer) TO pgfirst_admin;

--
-- Name: FUNCTION login_attempt(username text, ip inet, tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.login_attempt(username text, ip inet, tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.login_attempt(username text, ip inet, tenant text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION login_lockouts(tenant text, page_size integer); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.login_lockouts(tenant text, page_size integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.login_lockouts(tenant text, page_size integer) TO pgfirst_admin;

--
-- Name: FUNCTION login_succeeded(username text, ip inet, tenant text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.login_succeeded(username text, ip inet, tenant text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.login_succeeded(username text, ip inet, tenant text) TO pgfirst_app;

--
-- Name: FUNCTION login_unlock(username text, tenant text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.login_unlock(username text, tenant text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.login_unlock(username text, tenant text) TO pgfirst_admin;

--
-- Name: FUNCTION login_unlock_subject(tenant text, scope text, subject_hex text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.login_unlock_subject(tenant text, scope text, subject_hex text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.login_unlock_subject(tenant text, scope text, subject_hex text) TO pgfirst_admin;

--
-- Name: FUNCTION maintenance(now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.maintenance(now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.maintenance(now timestamp with time zone) TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.maintenance(now timestamp with time zone) TO pgfirst_admin;

--
-- Name: FUNCTION queue_configure(queue text, concurrency integer, paused boolean, keep_finished interval, key_concurrency integer, fair boolean, rate_limit integer, rate_period interval); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.queue_configure(queue text, concurrency integer, paused boolean, keep_finished interval, key_concurrency integer, fair boolean, rate_limit integer, rate_period interval) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.queue_configure(queue text, concurrency integer, paused boolean, keep_finished interval, key_concurrency integer, fair boolean, rate_limit integer, rate_period interval) TO pgfirst_admin;

--
-- Name: FUNCTION queue_pause(queue text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.queue_pause(queue text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.queue_pause(queue text) TO pgfirst_admin;

--
-- Name: FUNCTION queue_resume(queue text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.queue_resume(queue text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.queue_resume(queue text) TO pgfirst_admin;

--
-- Name: FUNCTION queue_stats(); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.queue_stats() FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.queue_stats() TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.queue_stats() TO pgfirst_admin;

--
-- Name: FUNCTION queue_throughput(since interval, bucket interval, queue text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.queue_throughput(since interval, bucket interval, queue text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.queue_throughput(since interval, bucket interval, queue text) TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.queue_throughput(since interval, bucket interval, queue text) TO pgfirst_admin;

--
-- Name: FUNCTION rate_limit_cleanup(max_rows integer, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.rate_limit_cleanup(max_rows integer, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.rate_limit_cleanup(max_rows integer, now timestamp with time zone) TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.rate_limit_cleanup(max_rows integer, now timestamp with time zone) TO pgfirst_admin;

--
-- Name: FUNCTION rate_limit_hit(key text, max_hits integer, per interval, cost integer, tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.rate_limit_hit(key text, max_hits integer, per interval, cost integer, tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.rate_limit_hit(key text, max_hits integer, per interval, cost integer, tenant text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION rate_limit_peek(key text, max_hits integer, per interval, tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.rate_limit_peek(key text, max_hits integer, per interval, tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.rate_limit_peek(key text, max_hits integer, per interval, tenant text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION rate_limit_reset(key text, tenant text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.rate_limit_reset(key text, tenant text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.rate_limit_reset(key text, tenant text) TO pgfirst_app;

--
-- Name: FUNCTION refresh_all_dropdown_mvs(); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.refresh_all_dropdown_mvs() FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.refresh_all_dropdown_mvs() TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.refresh_all_dropdown_mvs() TO pgfirst_admin;

--
-- Name: FUNCTION refresh_materialized_views(); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.refresh_materialized_views() FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.refresh_materialized_views() TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.refresh_materialized_views() TO pgfirst_admin;

--
-- Name: FUNCTION schedule_delete(name text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.schedule_delete(name text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.schedule_delete(name text) TO pgfirst_admin;

--
-- Name: FUNCTION schedule_disable(name text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.schedule_disable(name text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.schedule_disable(name text) TO pgfirst_admin;

--
-- Name: FUNCTION schedule_enable(name text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.schedule_enable(name text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.schedule_enable(name text) TO pgfirst_admin;

--
-- Name: FUNCTION schedule_next(name text, after timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.schedule_next(name text, after timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.schedule_next(name text, after timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION schedule_run_now(name text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.schedule_run_now(name text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.schedule_run_now(name text) TO pgfirst_admin;

--
-- Name: FUNCTION schedule_set(name text, task text, cron text, every interval, payload jsonb, queue text, timezone text, missed text, enabled boolean, tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.schedule_set(name text, task text, cron text, every interval, payload jsonb, queue text, timezone text, missed text, enabled boolean, tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.schedule_set(name text, task text, cron text, every interval, payload jsonb, queue text, timezone text, missed text, enabled boolean, tenant text, now timestamp with time zone) TO pgfirst_admin;

--
-- Name: FUNCTION schedule_tick(now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.schedule_tick(now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.schedule_tick(now timestamp with time zone) TO pgfirst_worker;

--
-- Name: FUNCTION session_all(tenant text, max_rows integer, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.session_all(tenant text, max_rows integer, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.session_all(tenant text, max_rows integer, now timestamp with time zone) TO pgfirst_admin;

--
-- Name: FUNCTION session_cleanup(max_rows integer, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.session_cleanup(max_rows integer, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.session_cleanup(max_rows integer, now timestamp with time zone) TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.session_cleanup(max_rows integer, now timestamp with time zone) TO pgfirst_admin;

--
-- Name: FUNCTION session_clear(tenant text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.session_clear(tenant text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.session_clear(tenant text) TO pgfirst_admin;

--
-- Name: FUNCTION session_count(tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.session_count(tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.session_count(tenant text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION session_create(user_id text, data jsonb, tenant text, idle_timeout interval, absolute_timeout interval, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.session_create(user_id text, data jsonb, tenant text, idle_timeout interval, absolute_timeout interval, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.session_create(user_id text, data jsonb, tenant text, idle_timeout interval, absolute_timeout interval, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION session_destroy(token text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.session_destroy(token text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.session_destroy(token text) TO pgfirst_app;

--
-- Name: FUNCTION session_destroy_user(user_id text, tenant text, except_token text); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.session_destroy_user(user_id text, tenant text, except_token text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.session_destroy_user(user_id text, tenant text, except_token text) TO pgfirst_app;

--
-- Name: FUNCTION session_get(token text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.session_get(token text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.session_get(token text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION session_list(user_id text, tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.session_list(user_id text, tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.session_list(user_id text, tenant text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION session_patch(token text, patch jsonb, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.session_patch(token text, patch jsonb, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.session_patch(token text, patch jsonb, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION session_put(token text, user_id text, data jsonb, tenant text, idle_timeout interval, absolute_timeout interval, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.session_put(token text, user_id text, data jsonb, tenant text, idle_timeout interval, absolute_timeout interval, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.session_put(token text, user_id text, data jsonb, tenant text, idle_timeout interval, absolute_timeout interval, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION session_rotate(token text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.session_rotate(token text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.session_rotate(token text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION session_set(token text, data jsonb, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.session_set(token text, data jsonb, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.session_set(token text, data jsonb, now timestamp with time zone) TO pgfirst_app;

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
-- Name: FUNCTION stats(); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.stats() FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.stats() TO pgfirst_worker;
GRANT ALL ON FUNCTION pgfirst.stats() TO pgfirst_admin;

--
-- Name: FUNCTION version(); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.version() FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.version() TO pgfirst_app;

--
-- Name: FUNCTION workflow_enqueue(spec jsonb, name text, tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.workflow_enqueue(spec jsonb, name text, tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.workflow_enqueue(spec jsonb, name text, tenant text, now timestamp with time zone) TO pgfirst_app;

--
-- Name: FUNCTION workflow_status(workflow_id bigint); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.workflow_status(workflow_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.workflow_status(workflow_id bigint) TO pgfirst_app;

--
-- Name: FUNCTION age_clamped(later timestamp with time zone, earlier timestamp with time zone); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.age_clamped(later timestamp with time zone, earlier timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION archive_maintain(now timestamp with time zone, batch integer); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.archive_maintain(now timestamp with time zone, batch integer) FROM PUBLIC;

--
-- Name: FUNCTION arg_limits(); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.arg_limits() FROM PUBLIC;

--
-- Name: FUNCTION arg_time(ts timestamp with time zone, name text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.arg_time(ts timestamp with time zone, name text) FROM PUBLIC;

--
-- Name: FUNCTION arg_time_ok(ts timestamp with time zone); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.arg_time_ok(ts timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION audit_write(action text, target text, detail jsonb); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.audit_write(action text, target text, detail jsonb) FROM PUBLIC;

--
-- Name: FUNCTION cache_address_ok(namespace text, tenant text, key text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.cache_address_ok(namespace text, tenant text, key text) FROM PUBLIC;

--
-- Name: FUNCTION cache_check(namespace text, tenant text, keys text[]); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.cache_check(namespace text, tenant text, keys text[]) FROM PUBLIC;

--
-- Name: FUNCTION cache_check_value(value jsonb); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.cache_check_value(value jsonb) FROM PUBLIC;

--
-- Name: FUNCTION cache_expiry(namespace text, ttl interval, now timestamp with time zone); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.cache_expiry(namespace text, ttl interval, now timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION cache_incr_value(value jsonb, delta bigint); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.cache_incr_value(value jsonb, delta bigint) FROM PUBLIC;

--
-- Name: FUNCTION cache_stat_sample(namespace text, tenant text, hits bigint, misses bigint, rate double precision); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.cache_stat_sample(namespace text, tenant text, hits bigint, misses bigint, rate double precision) FROM PUBLIC;

--
-- Name: FUNCTION cache_sweep(max_rows bigint, now timestamp with time zone, only_namespace text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.cache_sweep(max_rows bigint, now timestamp with time zone, only_namespace text) FROM PUBLIC;

--
-- Name: FUNCTION cache_write(namespace text, key text, value jsonb, ttl interval, tenant text, now timestamp with time zone, only_if_dead boolean); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.cache_write(namespace text, key text, value jsonb, ttl interval, tenant text, now timestamp with time zone, only_if_dead boolean) FROM PUBLIC;

--
-- Name: FUNCTION cron_field_parse(field text, field_name text, lo integer, hi integer, names text[], name_base integer); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.cron_field_parse(field text, field_name text, lo integer, hi integer, names text[], name_base integer) FROM PUBLIC;

--
-- Name: FUNCTION cron_local_instant(local_time timestamp without time zone, timezone text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.cron_local_instant(local_time timestamp without time zone, timezone text) FROM PUBLIC;

--
-- Name: FUNCTION cron_next_local(spec pgfirst_private.cron_spec, from_local timestamp without time zone, until_local timestamp without time zone); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.cron_next_local(spec pgfirst_private.cron_spec, from_local timestamp without time zone, until_local timestamp without time zone) FROM PUBLIC;

--
-- Name: FUNCTION cron_next_spec(spec pgfirst_private.cron_spec, after timestamp with time zone, timezone text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.cron_next_spec(spec pgfirst_private.cron_spec, after timestamp with time zone, timezone text) FROM PUBLIC;

--
-- Name: FUNCTION cron_parse(cron text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.cron_parse(cron text) FROM PUBLIC;

--
-- Name: FUNCTION dropdown_cursor_decode(cursor text, OUT sort_key text, OUT id text, OUT rank integer); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.dropdown_cursor_decode(cursor text, OUT sort_key text, OUT id text, OUT rank integer) FROM PUBLIC;

--
-- Name: FUNCTION dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[]); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[], text[], integer, text, text[]) FROM PUBLIC;

--
-- Name: FUNCTION dropdown_dispatch_rebuild(regenerate boolean); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.dropdown_dispatch_rebuild(regenerate boolean) FROM PUBLIC;

--
-- Name: FUNCTION dropdown_ext_schema(extension text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.dropdown_ext_schema(extension text) FROM PUBLIC;

--
-- Name: FUNCTION dropdown_fold(value text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.dropdown_fold(value text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst_private.dropdown_fold(value text) TO pgfirst_dropdown;

--
-- Name: FUNCTION dropdown_generate(dropdown_id integer); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.dropdown_generate(dropdown_id integer) FROM PUBLIC;

--
-- Name: FUNCTION dropdown_grants_check(probe regclass); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.dropdown_grants_check(probe regclass) FROM PUBLIC;

--
-- Name: FUNCTION dropdown_normalize(value text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.dropdown_normalize(value text) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst_private.dropdown_normalize(value text) TO pgfirst_dropdown;

--
-- Name: FUNCTION dropdown_query_check(query text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.dropdown_query_check(query text) FROM PUBLIC;

--
-- Name: FUNCTION dropdown_source_changed(); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.dropdown_source_changed() FROM PUBLIC;

--
-- Name: FUNCTION dropdown_source_writes(sources regclass[]); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.dropdown_source_writes(sources regclass[]) FROM PUBLIC;

--
-- Name: FUNCTION dropdown_view_create(dropdown_id integer); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.dropdown_view_create(dropdown_id integer) FROM PUBLIC;

--
-- Name: FUNCTION dropdown_view_own(view_name text, view_schema text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.dropdown_view_own(view_name text, view_schema text) FROM PUBLIC;

--
-- Name: FUNCTION hot_cache_stats_sample_rate(); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.hot_cache_stats_sample_rate() FROM PUBLIC;

--
-- Name: FUNCTION hot_session_touch_interval(); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.hot_session_touch_interval() FROM PUBLIC;

--
-- Name: FUNCTION hot_settings_sync(); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.hot_settings_sync() FROM PUBLIC;

--
-- Name: FUNCTION job_backoff(id bigint, attempt integer); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_backoff(id bigint, attempt integer) FROM PUBLIC;

--
-- Name: FUNCTION job_cancel_audit(id bigint, was text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_cancel_audit(id bigint, was text) FROM PUBLIC;

--
-- Name: FUNCTION job_claim_pick(queue text, cursor text, key_concurrency integer, slots integer, now timestamp with time zone, OUT ids bigint[], OUT last_key text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_claim_pick(queue text, cursor text, key_concurrency integer, slots integer, now timestamp with time zone, OUT ids bigint[], OUT last_key text) FROM PUBLIC;

--
-- Name: FUNCTION job_dead_purge(now timestamp with time zone, max_rows integer); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_dead_purge(now timestamp with time zone, max_rows integer) FROM PUBLIC;

--
-- Name: FUNCTION job_dead_revive(ids bigint[], run_at timestamp with time zone, now timestamp with time zone); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_dead_revive(ids bigint[], run_at timestamp with time zone, now timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION job_depend(job_id bigint, depends_on bigint[], now timestamp with time zone); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_depend(job_id bigint, depends_on bigint[], now timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION job_enqueue_flow(id bigint, concurrency_key text, sequence_key text, max_run_time interval, unique_for interval, now timestamp with time zone, existing bigint); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_enqueue_flow(id bigint, concurrency_key text, sequence_key text, max_run_time interval, unique_for interval, now timestamp with time zone, existing bigint) FROM PUBLIC;

--
-- Name: FUNCTION job_enqueue_keyed(task text, payload jsonb, queue text, run_at timestamp with time zone, priority integer, max_attempts integer, job_key text, job_key_mode text, tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_enqueue_keyed(task text, payload jsonb, queue text, run_at timestamp with time zone, priority integer, max_attempts integer, job_key text, job_key_mode text, tenant text, now timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION job_error_push(errors jsonb, entry jsonb); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_error_push(errors jsonb, entry jsonb) FROM PUBLIC;

--
-- Name: FUNCTION job_filter_check(state text, states text[], queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, size integer, size_name text, max_size integer); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_filter_check(state text, states text[], queue text, task text, tenant text, since timestamp with time zone, until timestamp with time zone, size integer, size_name text, max_size integer) FROM PUBLIC;

--
-- Name: FUNCTION job_finished(jobs pgfirst_private.job[], state text, now timestamp with time zone); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_finished(jobs pgfirst_private.job[], state text, now timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION job_list_page(p_state text, p_queue text, p_task text, p_tenant text, p_since timestamp with time zone, p_until timestamp with time zone, p_before_id bigint, p_page_size integer); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_list_page(p_state text, p_queue text, p_task text, p_tenant text, p_since timestamp with time zone, p_until timestamp with time zone, p_before_id bigint, p_page_size integer) FROM PUBLIC;

--
-- Name: FUNCTION job_notify(queue text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_notify(queue text) FROM PUBLIC;

--
-- Name: FUNCTION job_resolve(children bigint[], now timestamp with time zone); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_resolve(children bigint[], now timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION job_result_purge(now timestamp with time zone, max_rows integer); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_result_purge(now timestamp with time zone, max_rows integer) FROM PUBLIC;

--
-- Name: FUNCTION job_settle(jobs pgfirst_private.job[], state text, now timestamp with time zone); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.job_settle(jobs pgfirst_private.job[], state text, now timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION login_lockout_rows(p_tenant text, p_page_size integer); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.login_lockout_rows(p_tenant text, p_page_size integer) FROM PUBLIC;

--
-- Name: FUNCTION login_subjects(username text, ip inet); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.login_subjects(username text, ip inet) FROM PUBLIC;

--
-- Name: FUNCTION login_username_normalize(username text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.login_username_normalize(username text) FROM PUBLIC;

--
-- Name: FUNCTION queue_throughput_rows(p_since interval, p_bucket interval, p_queue text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.queue_throughput_rows(p_since interval, p_bucket interval, p_queue text) FROM PUBLIC;

--
-- Name: FUNCTION rate_limit_check_args(key text, max_hits integer, per interval, cost integer, tenant text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.rate_limit_check_args(key text, max_hits integer, per interval, cost integer, tenant text) FROM PUBLIC;

--
-- Name: FUNCTION schedule_next_tick(spec pgfirst_private.cron_spec, every interval, timezone text, anchor timestamp with time zone, after timestamp with time zone); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.schedule_next_tick(spec pgfirst_private.cron_spec, every interval, timezone text, anchor timestamp with time zone, after timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION session_check_data(data jsonb, what text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.session_check_data(data jsonb, what text) FROM PUBLIC;

--
-- Name: FUNCTION session_check_new(user_id text, tenant text, idle_timeout interval, absolute_timeout interval); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.session_check_new(user_id text, tenant text, idle_timeout interval, absolute_timeout interval) FROM PUBLIC;

--
-- Name: FUNCTION session_token_hash(token text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.session_token_hash(token text) FROM PUBLIC;

--
-- Name: FUNCTION session_token_new(); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.session_token_new() FROM PUBLIC;

--
-- Name: FUNCTION setting_check(name text, value jsonb); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.setting_check(name text, value jsonb) FROM PUBLIC;

--
-- Name: FUNCTION setting_hot_sync(); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.setting_hot_sync() FROM PUBLIC;

--
-- Name: FUNCTION setting_int(name text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.setting_int(name text) FROM PUBLIC;

--
-- Name: FUNCTION setting_interval(name text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.setting_interval(name text) FROM PUBLIC;

--
-- Name: FUNCTION setting_register(name text, type text, default_value jsonb, description text, min_value jsonb, max_value jsonb, pattern text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.setting_register(name text, type text, default_value jsonb, description text, min_value jsonb, max_value jsonb, pattern text) FROM PUBLIC;

--
-- Name: FUNCTION setting_value(name text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.setting_value(name text) FROM PUBLIC;

--
-- Name: FUNCTION timezone_check(timezone text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.timezone_check(timezone text) FROM PUBLIC;

--
-- Name: FUNCTION workflow_build(node jsonb, deps bigint[], workflow_id bigint, tenant text, path text, group_id text, depth integer, now timestamp with time zone); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.workflow_build(node jsonb, deps bigint[], workflow_id bigint, tenant text, path text, group_id text, depth integer, now timestamp with time zone) FROM PUBLIC;

--
-- Name: TABLE dropdown_status; Type: ACL; Schema: pgfirst; Owner: -
--

GRANT SELECT ON TABLE pgfirst.dropdown_status TO pgfirst_admin;

--
-- Name: TABLE schedules; Type: ACL; Schema: pgfirst; Owner: -
--

GRANT SELECT ON TABLE pgfirst.schedules TO pgfirst_app;

--
-- Name: TABLE settings; Type: ACL; Schema: pgfirst; Owner: -
--

GRANT SELECT ON TABLE pgfirst.settings TO pgfirst_app;

--
-- PostgreSQL database dump complete
--
