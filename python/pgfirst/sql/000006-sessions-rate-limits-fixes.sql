--! Previous: sha1:2a3973b2aa6b3dc486bda613a76653b3b5d52536
--! Hash: sha1:122f2a98b231f82edb3c12efedb1576efdd39c06
--! Message: sessions and rate limits: review fixes (GCRA burst rounding, rotated-token revival, store idle timeout)

-- ==== session / rate_limit review fixes ====
-- GCRA: the burst is max_hits whole emission intervals (no extra hit from rounding), and
-- rates above one hit per microsecond are refused (PF303) instead of becoming unlimited.
--! Included functions/_internal/rate_limit_check_args.sql
-- Validates rate_limit_hit/peek arguments and returns the GCRA emission interval (the time
-- one unit of cost buys) in whole microseconds: floor(per / max_hits), with a '1 day' of
-- 86400 s and a '1 month' of 30 days (the same arithmetic on every call). Callers measure
-- the burst as max_hits emission intervals, never as `per` itself: with a rounded-down
-- interval, `per` could hold one hit more than max_hits (1500 per second: 1501 x 666 us).
-- A rate above one hit per microsecond cannot be represented and is rejected (PF303)
-- rather than rounded to a zero interval, which would let every hit through.
create or replace function pgfirst_private.rate_limit_check_args(key text, max_hits integer, per interval, cost integer, tenant text)
returns bigint
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.rate_limit_check_args(text, integer, interval, integer, text) is
  'Internal: validates rate-limit arguments (PF301 key/tenant, PF302 max_hits, PF303 per, PF304 cost, PF305 cost > max_hits) and returns the emission interval floor(per / max_hits) in microseconds (>= 1).';
revoke all on function pgfirst_private.rate_limit_check_args(text, integer, interval, integer, text) from public;
--! EndIncluded functions/_internal/rate_limit_check_args.sql
--! Included functions/rate_limit/rate_limit_hit.sql
-- GCRA (generic cell rate algorithm). State: one theoretical arrival time (tat) per key.
-- One unit of cost is worth an emission interval e = floor(per / max_hits) microseconds;
-- a hit advances tat by cost * e and is allowed when the advanced tat lies within the burst
-- (max_hits * e) of now. The burst is counted in whole intervals so that rounding e down can
-- never fit a hit more than max_hits (it only refills under a microsecond per hit faster).
-- The allowed case is one upsert whose conflict branch updates only when the hit fits: the
-- row lock taken by ON CONFLICT makes concurrent hits on one key queue and each re-check
-- against the committed tat (exact, no overshoot); a denied hit changes nothing. Only a
-- denial reads the row again (still locked by us) to say when to retry.
create or replace function pgfirst.rate_limit_hit(
  key text,
  max_hits integer,
  per interval,
  cost integer default 1,
  tenant text default '',
  now timestamptz default null
)
returns table(allowed boolean, remaining integer, retry_after interval, reset_after interval)
language plpgsql
volatile
security definer -- writes pgfirst_private.rate_limit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
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
     or max_hits is null or max_hits < 1 or per is null or v_per_us < max_hits
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

comment on function pgfirst.rate_limit_hit(text, integer, interval, integer, text, timestamptz) is
  'GCRA rate limit on the database clock: a burst of max_hits (weighted by cost) refilled at max_hits per `per`, exact even under concurrency (row lock). Returns allowed, hits remaining, retry_after (null when allowed) and reset_after (until fully replenished). A denied hit consumes nothing. One upsert. PF303 also for a rate above one hit per microsecond.';
revoke all on function pgfirst.rate_limit_hit(text, integer, interval, integer, text, timestamptz) from public;
grant execute on function pgfirst.rate_limit_hit(text, integer, interval, integer, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/rate_limit/rate_limit_hit.sql
--! Included functions/rate_limit/rate_limit_peek.sql
create or replace function pgfirst.rate_limit_peek(
  key text,
  max_hits integer,
  per interval,
  tenant text default '',
  now timestamptz default null
)
returns table(allowed boolean, remaining integer, retry_after interval, reset_after interval)
language plpgsql
stable
security definer -- reads pgfirst_private.rate_limit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
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

comment on function pgfirst.rate_limit_peek(text, integer, interval, text, timestamptz) is
  'What rate_limit_hit with cost 1 would answer, without consuming anything or writing. Read-only.';
revoke all on function pgfirst.rate_limit_peek(text, integer, interval, text, timestamptz) from public;
grant execute on function pgfirst.rate_limit_peek(text, integer, interval, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/rate_limit/rate_limit_peek.sql
-- session_rotate leaves a tombstone for the old token; session_put follows an explicit idle timeout.
--! Included functions/session/session_rotate.sql
-- Rotation rewrites the primary key in one UPDATE: from its commit on, the old token
-- finds nothing. Session id, data, creation time and absolute expiry are kept. The old
-- token then gets a tombstone (as session_destroy leaves one), inserted in the same
-- transaction: without it, a late session_put with the old token (a store writing back
-- the request it loaded before the rotation, or one queued on the row lock meanwhile) would
-- find no row and create a fresh session under the old, possibly fixated, token.
create or replace function pgfirst.session_rotate(token text, now timestamptz default null)
returns text
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
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

comment on function pgfirst.session_rotate(text, timestamptz) is
  'Gives a live session a new token (returned) and invalidates the old one in the same transaction, leaving a tombstone so no late write can revive the old token; null when the session is unknown, expired or destroyed. Call it on login and on privilege change (defeats session fixation). Two statements, one round trip.';
revoke all on function pgfirst.session_rotate(text, timestamptz) from public;
grant execute on function pgfirst.session_rotate(text, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_rotate.sql
--! Included functions/session/session_put.sql
-- For session stores that mint their own ids (express-session's uid-safe sid): creates the
-- session if the token was never seen, else replaces the data of the live session. A
-- destroyed session keeps a tombstone until its absolute expiry, and the conflict branch
-- only updates live rows, so a late write from a request still in flight cannot revive it.
create or replace function pgfirst.session_put(
  token text,
  user_id text,
  data jsonb,
  tenant text default '',
  idle_timeout interval default null,
  absolute_timeout interval default null,
  now timestamptz default null
)
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.session_put(text, text, jsonb, text, interval, interval, timestamptz) is
  'Upsert for stores that mint their own tokens (>= 32 chars, PF207): creates the session if the token is new, else replaces the data (and, when given, the idle timeout; never the absolute expiry) of the live session; false (no change) for a destroyed or expired one, which therefore never comes back. One statement.';
revoke all on function pgfirst.session_put(text, text, jsonb, text, interval, interval, timestamptz) from public;
grant execute on function pgfirst.session_put(text, text, jsonb, text, interval, interval, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_put.sql
--! Included functions/session/session_count.sql
create or replace function pgfirst.session_count(tenant text default null, now timestamptz default null)
returns table(tenant text, live bigint, expired bigint, destroyed bigint)
language sql
stable
security definer -- reads pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.session_count(text, timestamptz) is
  'Sessions per tenant: live, expired (awaiting session_cleanup) and destroyed (tombstones of destroyed sessions and rotated-away tokens). Counts only, no data; a full scan of the tenant''s rows.';
revoke all on function pgfirst.session_count(text, timestamptz) from public;
grant execute on function pgfirst.session_count(text, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_count.sql
