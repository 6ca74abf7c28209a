--! Previous: sha1:745f0a0a4138123417bfd6eab1a79a187156070a
--! Hash: sha1:06fa79601fd3f87a0ae0a7221f5cf51829052f6a
--! Message: sessions, rate limits, login throttling

-- Tables, types, indexes, then one include line per sql/ file this change touches.

-- ==== session module ====
-- Durability: LOGGED. Losing sessions on a crash would log every user out, and a lost
-- revocation could bring a destroyed session back. Keyed by sha256(token): the token itself
-- is never stored (a leaked table or backup does not hand out live sessions).
drop table if exists pgfirst_private.session cascade;
create table pgfirst_private.session (
  token_hash bytea not null,
  -- public, stable id (survives rotation): what session_list shows and a UI may display
  session_id uuid not null default pg_catalog.gen_random_uuid(),
  tenant text not null,
  user_id text not null,
  data jsonb not null,
  created_at timestamptz not null,
  -- rewritten at most once per session.touch_interval; deliberately NOT indexed so the
  -- touch stays a HOT update (no index maintenance, no index bloat)
  last_seen_at timestamptz not null,
  idle_timeout interval not null,
  absolute_expires_at timestamptz not null,
  -- a destroyed session keeps a tombstone (data emptied) until its absolute expiry, so no
  -- late write (session_put from a store) can bring it back
  revoked_at timestamptz,
  constraint session_pkey primary key (token_hash),
  constraint session_token_hash_is_sha256 check (octet_length(token_hash) = 32),
  constraint session_data_is_object check (jsonb_typeof(data) = 'object'),
  constraint session_idle_timeout_positive check (idle_timeout > interval '0')
);
-- per-user: log out everywhere, list a user's devices
create index session_user_idx on pgfirst_private.session (tenant, user_id);
comment on table pgfirst_private.session is
  'Server-side sessions keyed by sha256(token); logged; last_seen_at unindexed so touches stay HOT; revoked rows are tombstones until absolute expiry.';

select pgfirst_private.setting_register('session.idle_timeout', 'interval', '"2 hours"',
  'Default idle timeout: a session not used for this long expires (session_create idle_timeout => overrides).');
select pgfirst_private.setting_register('session.absolute_timeout', 'interval', '"7 days"',
  'Default absolute lifetime: a session expires this long after creation however active it is.');
select pgfirst_private.setting_register('session.touch_interval', 'interval', '"1 minute"',
  'session_get writes last_seen_at at most once per this interval (the idle expiry is therefore exact to within it).');
select pgfirst_private.setting_register('session.max_data_bytes', 'integer', '65536',
  'Largest session data accepted (bytes of its JSON text); larger writes raise PF203.');

--! Included functions/_internal/session_token_hash.sql
-- The only form in which a session token is ever stored or compared: SHA-256 of its UTF-8
-- bytes. A plain (unsalted, fast) hash is right here: the token carries >= 128 random bits,
-- so there is nothing to brute-force, and lookups must stay one index probe.
create or replace function pgfirst_private.session_token_hash(token text)
returns bytea
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
begin
  if token is null or token = '' then
    raise exception 'a session token must be a non-empty string'
      using errcode = 'PF201',
            hint = 'Pass the token returned by session_create or session_rotate.';
  end if;
  return pg_catalog.sha256(pg_catalog.convert_to(token, 'UTF8'));
end;
$$;

comment on function pgfirst_private.session_token_hash(text) is
  'Internal: sha256 of a session token (the stored key); raises PF201 for a null or empty token.';
revoke all on function pgfirst_private.session_token_hash(text) from public;
--! EndIncluded functions/_internal/session_token_hash.sql
--! Included functions/_internal/session_check_data.sql
-- Session data must be a JSON object no larger than session.max_data_bytes (its JSON text).
create or replace function pgfirst_private.session_check_data(data jsonb, what text default 'data')
returns void
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.session_check_data(jsonb, text) is
  'Internal: raises PF202 unless data is a JSON object and PF203 when its JSON text exceeds session.max_data_bytes.';
revoke all on function pgfirst_private.session_check_data(jsonb, text) from public;
--! EndIncluded functions/_internal/session_check_data.sql
--! Included functions/_internal/session_check_new.sql
-- Arguments every new session needs: an owner (user_id, tenant; '' allowed) and positive
-- timeouts (already defaulted from the settings by the caller).
create or replace function pgfirst_private.session_check_new(user_id text, tenant text, idle_timeout interval, absolute_timeout interval)
returns void
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.session_check_new(text, text, interval, interval) is
  'Internal: raises PF206 for a null user_id or tenant and PF205 for a non-positive timeout.';
revoke all on function pgfirst_private.session_check_new(text, text, interval, interval) from public;
--! EndIncluded functions/_internal/session_check_new.sql
--! Included functions/_internal/session_token_new.sql
-- A new session token: 32 bytes from two gen_random_uuid() calls (built in since
-- PostgreSQL 13, drawn from pg_strong_random, i.e. OpenSSL or the kernel CSPRNG): 244
-- random bits once the fixed uuid version/variant bits are discounted; no pgcrypto needed.
-- base64url without padding: 43 characters, safe in cookies and URLs.
create or replace function pgfirst_private.session_token_new()
returns text
language sql
volatile
parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.translate(
           pg_catalog.rtrim(pg_catalog.encode(pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                                              || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()), 'base64'), '='),
           '+/', '-_')
$$;

comment on function pgfirst_private.session_token_new() is
  'Internal: a fresh 43-character base64url session token carrying 244 CSPRNG bits.';
revoke all on function pgfirst_private.session_token_new() from public;
--! EndIncluded functions/_internal/session_token_new.sql
--! Included functions/session/session_create.sql
-- The token comes from pgfirst_private.session_token_new() (244 CSPRNG bits, no pgcrypto).
create or replace function pgfirst.session_create(
  user_id text,
  data jsonb default '{}',
  tenant text default '',
  idle_timeout interval default null,
  absolute_timeout interval default null,
  now timestamptz default null
)
returns text
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.session_create(text, jsonb, text, interval, interval, timestamptz) is
  'Creates a session and returns its opaque token (256 bits from two gen_random_uuid(), 244 of them random, base64url); only sha256(token) is stored. Null timeouts take session.idle_timeout / session.absolute_timeout. One insert.';
revoke all on function pgfirst.session_create(text, jsonb, text, interval, interval, timestamptz) from public;
grant execute on function pgfirst.session_create(text, jsonb, text, interval, interval, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_create.sql
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
         last_seen_at = greatest(s.last_seen_at, v_now)
   where s.revoked_at is null
     and s.tenant = excluded.tenant
     and s.absolute_expires_at > v_now
     and s.last_seen_at + s.idle_timeout > v_now;
  return found;
end;
$$;

comment on function pgfirst.session_put(text, text, jsonb, text, interval, interval, timestamptz) is
  'Upsert for stores that mint their own tokens (>= 32 chars, PF207): creates the session if the token is new, else replaces the data of the live session; false (no change) for a destroyed or expired one, which therefore never comes back. One statement.';
revoke all on function pgfirst.session_put(text, text, jsonb, text, interval, interval, timestamptz) from public;
grant execute on function pgfirst.session_put(text, text, jsonb, text, interval, interval, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_put.sql
--! Included functions/session/session_get.sql
-- The per-request hot path. One round trip: a plain indexed read, and only when the last
-- touch is older than session.touch_interval, a conditional UPDATE sliding the idle expiry
-- (a HOT update: last_seen_at has no index). Most calls therefore run one SELECT and write
-- nothing. The UPDATE re-checks the touch condition on the row it locks, so concurrent
-- readers of a due session write it once, not once each; it also skips a session destroyed
-- in between (the read then returns what was live when it started). The token hash and
-- the setting are computed inline: a nested helper would pay for its own search_path switch
-- (measured: the plain SELECT form costs about a third less server time than a CTE with
-- the UPDATE in it).
create or replace function pgfirst.session_get(token text, now timestamptz default null)
returns table(user_id text, tenant text, data jsonb, created_at timestamptz, last_seen_at timestamptz, expires_at timestamptz)
language plpgsql
volatile
security definer -- reads and touches pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.session_get(text, timestamptz) is
  'The live session for a token (zero rows when unknown, expired or destroyed). Slides the idle expiry but writes at most once per session.touch_interval, so most reads are one index probe and write nothing. One round trip.';
revoke all on function pgfirst.session_get(text, timestamptz) from public;
grant execute on function pgfirst.session_get(text, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_get.sql
--! Included functions/session/session_set.sql
-- Update only, never upsert: a destroyed (or expired) session stays gone.
create or replace function pgfirst.session_set(token text, data jsonb, now timestamptz default null)
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.session_set(text, jsonb, timestamptz) is
  'Replaces the data of a live session (true) and counts as activity; false when the token is unknown, expired or destroyed: never creates a row. PF202/PF203 for bad data.';
revoke all on function pgfirst.session_set(text, jsonb, timestamptz) from public;
grant execute on function pgfirst.session_set(text, jsonb, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_set.sql
--! Included functions/session/session_patch.sql
-- The merge is computed inside the UPDATE from the row it locks: under READ COMMITTED a
-- concurrent patch waits for the row and then re-evaluates `s.data || …` on the committed
-- version, so patches of different keys compose instead of overwriting each other.
create or replace function pgfirst.session_patch(token text, patch jsonb, now timestamptz default null)
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.session_patch(text, jsonb, timestamptz) is
  'Merges top-level keys into a live session''s data atomically (a JSON null removes the key); concurrent patches of different keys all survive. False when the session is unknown, expired or destroyed (never creates). PF204 malformed patch, PF203 too large.';
revoke all on function pgfirst.session_patch(text, jsonb, timestamptz) from public;
grant execute on function pgfirst.session_patch(text, jsonb, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_patch.sql
--! Included functions/session/session_rotate.sql
-- Rotation rewrites the primary key in one UPDATE: from its commit on, the old token
-- finds nothing. Session id, data, creation time and absolute expiry are kept.
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

comment on function pgfirst.session_rotate(text, timestamptz) is
  'Gives a live session a new token (returned) and invalidates the old one in the same UPDATE; null when the session is unknown, expired or destroyed. Call it on login and on privilege change (defeats session fixation).';
revoke all on function pgfirst.session_rotate(text, timestamptz) from public;
grant execute on function pgfirst.session_rotate(text, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_rotate.sql
--! Included functions/session/session_destroy.sql
-- Destroy leaves a tombstone (data emptied, revoked_at set) until the session's absolute
-- expiry: every write path updates live rows only, and session_put's conflict branch finds
-- the tombstone, so no late write can bring the session back.
create or replace function pgfirst.session_destroy(token text)
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.session_destroy(text) is
  'Ends a session for good (true when it had not been destroyed yet). Final: session_set/patch/rotate/put never revive it. Idempotent, one UPDATE.';
revoke all on function pgfirst.session_destroy(text) from public;
grant execute on function pgfirst.session_destroy(text) to pgfirst_app;
--! EndIncluded functions/session/session_destroy.sql
--! Included functions/session/session_destroy_user.sql
create or replace function pgfirst.session_destroy_user(
  user_id text,
  tenant text default null,
  except_token text default null
)
returns integer
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.session_destroy_user(text, text, text) is
  '"Log out everywhere": destroys every live session of the user (in one tenant, or all tenants when tenant is null) except the one for except_token; returns how many. Uses the per-user index.';
revoke all on function pgfirst.session_destroy_user(text, text, text) from public;
grant execute on function pgfirst.session_destroy_user(text, text, text) to pgfirst_app;
--! EndIncluded functions/session/session_destroy_user.sql
--! Included functions/session/session_list.sql
create or replace function pgfirst.session_list(user_id text, tenant text default null, now timestamptz default null)
returns table(session_id text, created_at timestamptz, last_seen_at timestamptz, expires_at timestamptz, data jsonb)
language sql
stable
security definer -- reads pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.session_list(text, text, timestamptz) is
  'The user''s live sessions, most recently used first ("your devices"). session_id is a public id that never reveals or derives the token. Read-only.';
revoke all on function pgfirst.session_list(text, text, timestamptz) from public;
grant execute on function pgfirst.session_list(text, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_list.sql
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
  'Sessions per tenant: live, expired (awaiting session_cleanup) and destroyed (tombstones). Counts only, no data; a full scan of the tenant''s rows.';
revoke all on function pgfirst.session_count(text, timestamptz) from public;
grant execute on function pgfirst.session_count(text, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_count.sql
--! Included functions/session/session_all.sql
create or replace function pgfirst.session_all(tenant text default '', max_rows integer default 1000, now timestamptz default null)
returns table(session_id text, user_id text, data jsonb, created_at timestamptz, last_seen_at timestamptz, expires_at timestamptz)
language sql
stable
security definer -- reads pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.session_all(text, integer, timestamptz) is
  'Up to max_rows live sessions of a tenant with their data, keyed by public session_id (tokens are not stored, so they cannot be listed). Admin only: it reads every user''s session data.';
revoke all on function pgfirst.session_all(text, integer, timestamptz) from public;
grant execute on function pgfirst.session_all(text, integer, timestamptz) to pgfirst_admin;
--! EndIncluded functions/session/session_all.sql
--! Included functions/session/session_clear.sql
create or replace function pgfirst.session_clear(tenant text default '')
returns bigint
language sql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
  with d as (
    update pgfirst_private.session s
       set revoked_at = pg_catalog.now(), data = '{}'::jsonb
     where s.tenant = session_clear.tenant
       and s.revoked_at is null
    returning 1
  )
  select count(*) from d
$$;

comment on function pgfirst.session_clear(text) is
  'Destroys every session of a tenant (tombstones, so none can be revived by a late write); returns how many. Admin only.';
revoke all on function pgfirst.session_clear(text) from public;
grant execute on function pgfirst.session_clear(text) to pgfirst_admin;
--! EndIncluded functions/session/session_clear.sql
--! Included functions/session/session_cleanup.sql
-- Bounded and safe to run from several workers at once (SKIP LOCKED). Expired sessions go
-- at once; tombstones of destroyed sessions only after their absolute expiry. This scans
-- sequentially by design: the expiry columns are rewritten by touches and stay unindexed
-- so touches remain HOT; a periodic bounded scan is cheaper than an index maintained on
-- every touch.
create or replace function pgfirst.session_cleanup(max_rows integer default 10000, now timestamptz default null)
returns bigint
language plpgsql
volatile
security definer -- deletes from pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.session_cleanup(integer, timestamptz) is
  'Deletes up to max_rows expired sessions (and tombstones past their absolute expiry); returns how many. SKIP LOCKED: concurrent runs share the work.';
revoke all on function pgfirst.session_cleanup(integer, timestamptz) from public;
grant execute on function pgfirst.session_cleanup(integer, timestamptz) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/session/session_cleanup.sql

-- ==== rate_limit module ====
-- Durability: UNLOGGED. This is throttling state (one theoretical arrival time per key),
-- rewritten on every hit: no WAL per hit, and commits of hit-only transactions need no WAL
-- flush. A crash (or a failover: unlogged tables are not replicated) empties it, which
-- lets every client burst once more, exactly what a Redis without persistence does.
-- Login lockouts are NOT here: they live in the logged pgfirst_private.login_throttle.
drop table if exists pgfirst_private.rate_limit cascade;
create unlogged table pgfirst_private.rate_limit (
  tenant text not null,
  key text not null,
  -- GCRA theoretical arrival time; unindexed (rewritten by every allowed hit, HOT)
  tat timestamptz not null,
  constraint rate_limit_pkey primary key (tenant, key)
);
comment on table pgfirst_private.rate_limit is
  'GCRA state per (tenant, key): the theoretical arrival time. UNLOGGED: a crash resets throttles (documented in docs/rate-limits.md).';

-- Durability: LOGGED. A lockout that a crash (which an attacker may be able to provoke)
-- silently lifted would defeat its purpose.
drop table if exists pgfirst_private.login_throttle cascade;
create table pgfirst_private.login_throttle (
  tenant text not null,
  -- 'user' (normalised username), 'ip', 'user_ip'
  scope text not null,
  -- keyed sha256 of the subject: no usernames or addresses in clear
  subject bytea not null,
  failures integer not null default 0,
  window_start timestamptz,
  locked_until timestamptz,
  -- lockouts so far (escalation level); forgotten after login.escalation_reset without failures
  lockouts integer not null default 0,
  last_failure_at timestamptz,
  -- on 'user_ip' rows: the 'user' subject of the same username, so login_unlock finds them
  user_subject bytea,
  constraint login_throttle_pkey primary key (tenant, scope, subject),
  constraint login_throttle_scope_known check (scope in ('user', 'ip', 'user_ip'))
);
create index login_throttle_user_subject_idx on pgfirst_private.login_throttle (tenant, user_subject)
  where scope = 'user_ip';
comment on table pgfirst_private.login_throttle is
  'Login attempt counters and lockouts per username, IP and username+IP (subjects stored as keyed SHA-256); logged.';

-- The key for subject hashes: random per installation, never leaves pgfirst_private, so a
-- dump of login_throttle cannot be reversed with a list of likely usernames.
create table if not exists pgfirst_private.login_key (
  id boolean not null default true,
  secret bytea not null,
  constraint login_key_pkey primary key (id),
  constraint login_key_single_row check (id)
);
comment on table pgfirst_private.login_key is 'One random secret (two gen_random_uuid, 244 random bits) keying login subject hashes.';
insert into pgfirst_private.login_key (secret)
values (pg_catalog.uuid_send(pg_catalog.gen_random_uuid()) || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()))
on conflict do nothing;

select pgfirst_private.setting_register('login.max_failures', 'integer', '5',
  'Password checks one username may get per login.window without a success; reaching it locks the username.');
select pgfirst_private.setting_register('login.user_ip_max_failures', 'integer', '5',
  'Password checks one username may get from one IP per login.window (0 = no separate limit).');
select pgfirst_private.setting_register('login.ip_max_failures', 'integer', '100',
  'Login attempts one IP may make per login.window across all usernames (password spraying); successes count too.');
select pgfirst_private.setting_register('login.window', 'interval', '"15 minutes"',
  'Window over which login failures are counted, starting at the first failure.');
select pgfirst_private.setting_register('login.lockout', 'interval', '"15 minutes"',
  'First lockout duration once a limit is reached (a lock never ends before the window does).');
select pgfirst_private.setting_register('login.lockout_escalation', 'number', '2',
  'Each further lockout of the same subject lasts this many times longer (1 = no escalation).');
select pgfirst_private.setting_register('login.lockout_max', 'interval', '"24 hours"',
  'Upper bound of an escalated lockout.');
select pgfirst_private.setting_register('login.escalation_reset', 'interval', '"24 hours"',
  'A subject with no failure for this long starts again at the first lockout duration.');

--! Included functions/_internal/rate_limit_check_args.sql
-- Validates rate_limit_hit/peek arguments and returns the window in whole microseconds
-- (a '1 day' is 86400 s, a '1 month' 30 days: the same arithmetic on every call).
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

comment on function pgfirst_private.rate_limit_check_args(text, integer, interval, integer, text) is
  'Internal: validates rate-limit arguments (PF301 key/tenant, PF302 max_hits, PF303 per, PF304 cost, PF305 cost > max_hits) and returns per in microseconds.';
revoke all on function pgfirst_private.rate_limit_check_args(text, integer, interval, integer, text) from public;
--! EndIncluded functions/_internal/rate_limit_check_args.sql
--! Included functions/_internal/login_username_normalize.sql
-- One person, one counter: "Alice", " alice " and "ALICE" (and a decomposed "é") must
-- share the lockout, or an attacker multiplies the limit by spelling variants.
create or replace function pgfirst_private.login_username_normalize(username text)
returns text
language plpgsql
stable -- lower() follows the database collation; normalize() needs a UTF8 database
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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
$$;

comment on function pgfirst_private.login_username_normalize(text) is
  'Internal: the form under which a username is counted: NFC (UTF8 databases), trimmed, inner whitespace collapsed to one space, lower case; PF306 when empty.';
revoke all on function pgfirst_private.login_username_normalize(text) from public;
--! EndIncluded functions/_internal/login_username_normalize.sql
--! Included functions/_internal/login_subjects.sql
-- The counters one login attempt touches, as keyed hashes (the key lives in
-- pgfirst_private.login_key): 'user', and with an address 'ip' and 'user_ip'. IPv6
-- addresses count per /64 (one subscriber's prefix: per-address counting would give an
-- attacker 2^64 tries); IPv4-mapped IPv6 counts as the IPv4 address.
create or replace function pgfirst_private.login_subjects(username text, ip inet)
returns table(scope text, subject bytea, user_subject bytea)
language sql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.login_subjects(text, inet) is
  'Internal: the (scope, keyed sha256 subject) counters a login attempt touches; user_subject links user_ip rows to their username for login_unlock.';
revoke all on function pgfirst_private.login_subjects(text, inet) from public;
--! EndIncluded functions/_internal/login_subjects.sql
--! Included functions/rate_limit/rate_limit_hit.sql
-- GCRA (generic cell rate algorithm). State: one theoretical arrival time (tat) per key.
-- Each hit advances tat by cost * per / max_hits (rounded down to the microsecond, never
-- letting more than max_hits through); a hit is allowed when the advanced tat is within
-- `per` of now, i.e. when it fits the burst. The allowed case is one upsert whose
-- conflict branch updates only when the hit fits: the row lock taken by ON CONFLICT makes
-- concurrent hits on one key queue and each re-check against the committed tat (exact, no
-- overshoot); a denied hit changes nothing. Only a denial reads the row again (still
-- locked by us) to say when to retry.
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

comment on function pgfirst.rate_limit_hit(text, integer, interval, integer, text, timestamptz) is
  'GCRA rate limit on the database clock: allows at most max_hits (weighted by cost) per `per`, bursts included, exactly even under concurrency (row lock). Returns allowed, hits remaining, retry_after (null when allowed) and reset_after (until fully replenished). A denied hit consumes nothing. One upsert.';
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

comment on function pgfirst.rate_limit_peek(text, integer, interval, text, timestamptz) is
  'What rate_limit_hit with cost 1 would answer, without consuming anything or writing. Read-only.';
revoke all on function pgfirst.rate_limit_peek(text, integer, interval, text, timestamptz) from public;
grant execute on function pgfirst.rate_limit_peek(text, integer, interval, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/rate_limit/rate_limit_peek.sql
--! Included functions/rate_limit/rate_limit_reset.sql
create or replace function pgfirst.rate_limit_reset(key text, tenant text default '')
returns boolean
language plpgsql
volatile
security definer -- deletes from pgfirst_private.rate_limit
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.rate_limit_reset(text, text) is
  'Forgets a key''s rate-limit state (its next hit starts with a full burst); true when there was state. E.g. after a solved CAPTCHA.';
revoke all on function pgfirst.rate_limit_reset(text, text) from public;
grant execute on function pgfirst.rate_limit_reset(text, text) to pgfirst_app;
--! EndIncluded functions/rate_limit/rate_limit_reset.sql
--! Included functions/rate_limit/rate_limit_cleanup.sql
-- Bounded and concurrent-safe (SKIP LOCKED). A rate-limit row is dead once its tat has
-- passed (the key is fully replenished: deleting it changes no answer). A login row is dead
-- once its window and lock are over and its escalation level is forgotten. Both scans are
-- sequential by design: tat is rewritten by every hit and stays unindexed (HOT updates).
create or replace function pgfirst.rate_limit_cleanup(max_rows integer default 10000, now timestamptz default null)
returns bigint
language plpgsql
volatile
security definer -- deletes from pgfirst_private.rate_limit and login_throttle
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.rate_limit_cleanup(integer, timestamptz) is
  'Deletes up to max_rows dead rate-limit and login-throttle rows (fully replenished keys; expired windows and locks with forgotten escalation); returns how many. SKIP LOCKED: concurrent runs share the work.';
revoke all on function pgfirst.rate_limit_cleanup(integer, timestamptz) from public;
grant execute on function pgfirst.rate_limit_cleanup(integer, timestamptz) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/rate_limit/rate_limit_cleanup.sql
--! Included functions/rate_limit/login_attempt.sql
-- Call BEFORE checking the password. The attempt is reserved up front (counted as a
-- failure until login_succeeded clears it), so with a limit of N at most N password checks
-- happen per window however many requests arrive in parallel: the counters' rows are
-- created-or-locked in a fixed order (no deadlocks), so concurrent attempts for one
-- username queue on the row lock and each one sees every earlier reservation.
-- Reaching a limit locks the counter at once until the later of the window's end and
-- now + login.lockout * login.lockout_escalation ^ (lockouts so far), capped at
-- login.lockout_max. A denied attempt changes no counter (it neither counts nor extends
-- the lock), so an attacker hammering a locked account does not lengthen the lock.
create or replace function pgfirst.login_attempt(
  username text,
  ip inet default null,
  tenant text default '',
  now timestamptz default null
)
returns table(allowed boolean, failures integer, locked_until timestamptz, retry_after interval)
language plpgsql
volatile
security definer -- reads and writes pgfirst_private.login_throttle
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.login_attempt(text, inet, text, timestamptz) is
  'Call before checking a password: reserves the attempt on the username, IP and username+IP counters atomically (row locks), so at most login.max_failures checks per window get through whatever the parallelism. Returns allowed, the username''s failures counting this attempt, locked_until (set as soon as this attempt reaches a limit: it applies if the attempt fails) and retry_after when denied. PF306 empty username.';
revoke all on function pgfirst.login_attempt(text, inet, text, timestamptz) from public;
grant execute on function pgfirst.login_attempt(text, inet, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/rate_limit/login_attempt.sql
--! Included functions/rate_limit/login_succeeded.sql
-- Clears the username's counter (failures, lock, escalation) and the username+IP counter
-- of this address. The per-IP counter is NOT cleared: a sprayer holding one valid account
-- must not reset its address's budget by logging into it between guesses.
create or replace function pgfirst.login_succeeded(username text, ip inet default null, tenant text default '')
returns void
language plpgsql
volatile
security definer -- writes pgfirst_private.login_throttle
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.login_succeeded(text, inet, text) is
  'Call after a correct password: clears the username''s failures, lock and escalation and its username+IP counter for this address (the per-IP counter stays). PF306 empty username.';
revoke all on function pgfirst.login_succeeded(text, inet, text) from public;
grant execute on function pgfirst.login_succeeded(text, inet, text) to pgfirst_app;
--! EndIncluded functions/rate_limit/login_succeeded.sql
--! Included functions/rate_limit/login_unlock.sql
create or replace function pgfirst.login_unlock(username text, tenant text default '')
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.login_throttle
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.login_unlock(text, text) is
  'Admin: lifts every lock and forgets every failure of a username (its username and username+IP counters, escalation included); true when there was any. Per-IP counters are left alone.';
revoke all on function pgfirst.login_unlock(text, text) from public;
grant execute on function pgfirst.login_unlock(text, text) to pgfirst_admin;
--! EndIncluded functions/rate_limit/login_unlock.sql
