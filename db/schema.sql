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
-- Name: login_attempt(text, inet, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.login_attempt(username text, ip inet DEFAULT NULL::inet, tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(allowed boolean, failures integer, locked_until timestamp with time zone, retry_after interval)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
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
  if tenant is null then
    raise exception 'tenant must not be null'
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
-- Name: login_succeeded(text, inet, text); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.login_succeeded(username text, ip inet DEFAULT NULL::inet, tenant text DEFAULT ''::text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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
-- Name: rate_limit_cleanup(integer, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.rate_limit_cleanup(max_rows integer DEFAULT 10000, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
  v_window interval;
  v_reset interval;
  v_limits bigint;
  v_logins bigint;
begin
  if max_rows is null or max_rows < 1 then
    raise exception 'max_rows must be a positive integer'
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
  v_now timestamptz := coalesce(now, pg_catalog.now());
  v_per_us bigint := pgfirst_private.rate_limit_check_args(key, max_hits, per, cost, tenant);
  v_per interval := v_per_us * interval '1 microsecond';
  v_inc interval := pg_catalog.floor((v_per_us::numeric * cost) / max_hits)::bigint * interval '1 microsecond';
  v_tat timestamptz;
begin
  insert into pgfirst_private.rate_limit as r (tenant, key, tat)
  values (rate_limit_hit.tenant, rate_limit_hit.key, v_now + v_inc)
  on conflict on constraint rate_limit_pkey do update
     set tat = greatest(r.tat, v_now) + v_inc
   where greatest(r.tat, v_now) + v_inc <= v_now + v_per
  returning r.tat into v_tat;

  if v_tat is not null then
    return query select true,
      pg_catalog.floor((v_per_us - extract(epoch from v_tat - v_now) * 1000000) * max_hits / v_per_us)::integer,
      null::interval,
      v_tat - v_now;
    return;
  end if;

  select greatest(r.tat, v_now) into v_tat
    from pgfirst_private.rate_limit r
   where r.tenant = rate_limit_hit.tenant and r.key = rate_limit_hit.key;
  return query select false,
    greatest(pg_catalog.floor((v_per_us - extract(epoch from v_tat - v_now) * 1000000) * max_hits / v_per_us), 0)::integer,
    v_tat + v_inc - v_per - v_now,
    v_tat - v_now;
end;
$$;

--
-- Name: FUNCTION rate_limit_hit(key text, max_hits integer, per interval, cost integer, tenant text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.rate_limit_hit(key text, max_hits integer, per interval, cost integer, tenant text, now timestamp with time zone) IS 'GCRA rate limit on the database clock: allows at most max_hits (weighted by cost) per `per`, bursts included, exactly even under concurrency (row lock). Returns allowed, hits remaining, retry_after (null when allowed) and reset_after (until fully replenished). A denied hit consumes nothing. One upsert.';

--
-- Name: rate_limit_peek(text, integer, interval, text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.rate_limit_peek(key text, max_hits integer, per interval, tenant text DEFAULT ''::text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(allowed boolean, remaining integer, retry_after interval, reset_after interval)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
  v_per_us bigint := pgfirst_private.rate_limit_check_args(key, max_hits, per, 1, tenant);
  v_per interval := v_per_us * interval '1 microsecond';
  v_inc interval := pg_catalog.floor(v_per_us::numeric / max_hits)::bigint * interval '1 microsecond';
  v_tat timestamptz;
begin
  select greatest(r.tat, v_now) into v_tat
    from pgfirst_private.rate_limit r
   where r.tenant = rate_limit_peek.tenant and r.key = rate_limit_peek.key;
  v_tat := coalesce(v_tat, v_now);
  return query select v_tat + v_inc <= v_now + v_per,
    greatest(pg_catalog.floor((v_per_us - extract(epoch from v_tat - v_now) * 1000000) * max_hits / v_per_us), 0)::integer,
    case when v_tat + v_inc > v_now + v_per then v_tat + v_inc - v_per - v_now end,
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
-- Name: session_all(text, integer, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_all(tenant text DEFAULT ''::text, max_rows integer DEFAULT 1000, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(session_id text, user_id text, data jsonb, created_at timestamp with time zone, last_seen_at timestamp with time zone, expires_at timestamp with time zone)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select s.session_id::text, s.user_id, s.data, s.created_at, s.last_seen_at,
         least(s.last_seen_at + s.idle_timeout, s.absolute_expires_at)
    from pgfirst_private.session s
   where s.tenant = session_all.tenant
     and s.revoked_at is null
     and s.absolute_expires_at > coalesce(session_all.now, pg_catalog.now())
     and s.last_seen_at + s.idle_timeout > coalesce(session_all.now, pg_catalog.now())
   order by s.created_at, s.session_id
   limit session_all.max_rows
$$;

--
-- Name: FUNCTION session_all(tenant text, max_rows integer, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.session_all(tenant text, max_rows integer, now timestamp with time zone) IS 'Up to max_rows live sessions of a tenant with their data, keyed by public session_id (tokens are not stored, so they cannot be listed). Admin only: it reads every user''s session data.';

--
-- Name: session_cleanup(integer, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_cleanup(max_rows integer DEFAULT 10000, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
  v_count bigint;
begin
  if max_rows is null or max_rows < 1 then
    raise exception 'max_rows must be a positive integer'
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

COMMENT ON FUNCTION pgfirst.session_count(tenant text, now timestamp with time zone) IS 'Sessions per tenant: live, expired (awaiting session_cleanup) and destroyed (tombstones). Counts only, no data; a full scan of the tenant''s rows.';

--
-- Name: session_create(text, jsonb, text, interval, interval, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_create(user_id text, data jsonb DEFAULT '{}'::jsonb, tenant text DEFAULT ''::text, idle_timeout interval DEFAULT NULL::interval, absolute_timeout interval DEFAULT NULL::interval, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
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
  v_now timestamptz := coalesce(now, pg_catalog.now());
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
         -- same value as pgfirst_private.setting_interval('session.touch_interval'), inlined
         v_now - (select (coalesce(st.value, st.default_value) #>> '{}')::interval
                    from pgfirst_private.setting st
                   where st.name = 'session.touch_interval') as touch_before
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
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
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
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
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

COMMENT ON FUNCTION pgfirst.session_put(token text, user_id text, data jsonb, tenant text, idle_timeout interval, absolute_timeout interval, now timestamp with time zone) IS 'Upsert for stores that mint their own tokens (>= 32 chars, PF207): creates the session if the token is new, else replaces the data of the live session; false (no change) for a destroyed or expired one, which therefore never comes back. One statement.';

--
-- Name: session_rotate(text, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_rotate(token text, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
  v_hash bytea := pgfirst_private.session_token_hash(token);
  v_new text := pgfirst_private.session_token_new();
begin
  update pgfirst_private.session s
     set token_hash = pgfirst_private.session_token_hash(v_new),
         last_seen_at = greatest(s.last_seen_at, v_now)
   where s.token_hash = v_hash
     and s.revoked_at is null
     and s.absolute_expires_at > v_now
     and s.last_seen_at + s.idle_timeout > v_now;
  if not found then
    return null;
  end if;
  return v_new;
end;
$$;

--
-- Name: FUNCTION session_rotate(token text, now timestamp with time zone); Type: COMMENT; Schema: pgfirst; Owner: -
--

COMMENT ON FUNCTION pgfirst.session_rotate(token text, now timestamp with time zone) IS 'Gives a live session a new token (returned) and invalidates the old one in the same UPDATE; null when the session is unknown, expired or destroyed. Call it on login and on privilege change (defeats session fixation).';

--
-- Name: session_set(text, jsonb, timestamp with time zone); Type: FUNCTION; Schema: pgfirst; Owner: -
--

CREATE FUNCTION pgfirst.session_set(token text, data jsonb, now timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
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
declare
  v text := username;
begin
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

COMMENT ON FUNCTION pgfirst_private.login_username_normalize(username text) IS 'Internal: the form under which a username is counted: NFC (UTF8 databases), trimmed, inner whitespace collapsed to one space, lower case; PF306 when empty.';

--
-- Name: rate_limit_check_args(text, integer, interval, integer, text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.rate_limit_check_args(key text, max_hits integer, per interval, cost integer, tenant text) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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
  if tenant is null then
    raise exception 'tenant must not be null'
      using errcode = 'PF301', hint = 'Use '''' when tenants are not used.';
  end if;
  if max_hits is null or max_hits < 1 then
    raise exception 'max_hits must be at least 1'
      using errcode = 'PF302', detail = pg_catalog.format('Got %s.', max_hits);
  end if;
  v_per_us := extract(epoch from per) * 1000000;
  if per is null or v_per_us <= 0 then
    raise exception 'per must be a positive interval'
      using errcode = 'PF303', detail = pg_catalog.format('Got %s.', per);
  end if;
  if cost is null or cost < 1 then
    raise exception 'cost must be at least 1'
      using errcode = 'PF304', detail = pg_catalog.format('Got %s.', cost);
  end if;
  if cost > max_hits then
    raise exception 'cost must not exceed max_hits: such a hit could never be allowed'
      using errcode = 'PF305', detail = pg_catalog.format('cost %s, max_hits %s.', cost, max_hits);
  end if;
  return pg_catalog.floor(v_per_us)::bigint;
end;
$$;

--
-- Name: FUNCTION rate_limit_check_args(key text, max_hits integer, per interval, cost integer, tenant text); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.rate_limit_check_args(key text, max_hits integer, per interval, cost integer, tenant text) IS 'Internal: validates rate-limit arguments (PF301 key/tenant, PF302 max_hits, PF303 per, PF304 cost, PF305 cost > max_hits) and returns per in microseconds.';

--
-- Name: session_check_data(jsonb, text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.session_check_data(data jsonb, what text DEFAULT 'data'::text) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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
begin
  if user_id is null or tenant is null then
    raise exception 'a session needs a non-null user_id and tenant'
      using errcode = 'PF206',
            hint = 'Use '''' for an anonymous session or when tenants are not used.';
  end if;
  if idle_timeout <= interval '0' or absolute_timeout <= interval '0' then
    raise exception 'session timeouts must be positive intervals'
      using errcode = 'PF205',
            detail = pg_catalog.format('idle_timeout %s, absolute_timeout %s.', idle_timeout, absolute_timeout);
  end if;
end;
$$;

--
-- Name: FUNCTION session_check_new(user_id text, tenant text, idle_timeout interval, absolute_timeout interval); Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON FUNCTION pgfirst_private.session_check_new(user_id text, tenant text, idle_timeout interval, absolute_timeout interval) IS 'Internal: raises PF206 for a null user_id or tenant and PF205 for a non-positive timeout.';

--
-- Name: session_token_hash(text); Type: FUNCTION; Schema: pgfirst_private; Owner: -
--

CREATE FUNCTION pgfirst_private.session_token_hash(token text) RETURNS bytea
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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
    CONSTRAINT session_idle_timeout_positive CHECK ((idle_timeout > '00:00:00'::interval)),
    CONSTRAINT session_token_hash_is_sha256 CHECK ((octet_length(token_hash) = 32))
);

--
-- Name: TABLE session; Type: COMMENT; Schema: pgfirst_private; Owner: -
--

COMMENT ON TABLE pgfirst_private.session IS 'Server-side sessions keyed by sha256(token); logged; last_seen_at unindexed so touches stay HOT; revoked rows are tombstones until absolute expiry.';

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
-- Name: login_throttle_user_subject_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX login_throttle_user_subject_idx ON pgfirst_private.login_throttle USING btree (tenant, user_subject) WHERE (scope = 'user_ip'::text);

--
-- Name: session_user_idx; Type: INDEX; Schema: pgfirst_private; Owner: -
--

CREATE INDEX session_user_idx ON pgfirst_private.session USING btree (tenant, user_id);

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
-- Name: FUNCTION login_attempt(username text, ip inet, tenant text, now timestamp with time zone); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.login_attempt(username text, ip inet, tenant text, now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.login_attempt(username text, ip inet, tenant text, now timestamp with time zone) TO pgfirst_app;

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
-- Name: FUNCTION version(); Type: ACL; Schema: pgfirst; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst.version() FROM PUBLIC;
GRANT ALL ON FUNCTION pgfirst.version() TO pgfirst_app;

--
-- Name: FUNCTION login_subjects(username text, ip inet); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.login_subjects(username text, ip inet) FROM PUBLIC;

--
-- Name: FUNCTION login_username_normalize(username text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.login_username_normalize(username text) FROM PUBLIC;

--
-- Name: FUNCTION rate_limit_check_args(key text, max_hits integer, per interval, cost integer, tenant text); Type: ACL; Schema: pgfirst_private; Owner: -
--

REVOKE ALL ON FUNCTION pgfirst_private.rate_limit_check_args(key text, max_hits integer, per interval, cost integer, tenant text) FROM PUBLIC;

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
