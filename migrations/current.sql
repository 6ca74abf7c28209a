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

--!include functions/_internal/session_token_hash.sql
--!include functions/_internal/session_check_data.sql
--!include functions/_internal/session_check_new.sql
--!include functions/_internal/session_token_new.sql
--!include functions/session/session_create.sql
--!include functions/session/session_put.sql
--!include functions/session/session_get.sql
--!include functions/session/session_set.sql
--!include functions/session/session_patch.sql
--!include functions/session/session_rotate.sql
--!include functions/session/session_destroy.sql
--!include functions/session/session_destroy_user.sql
--!include functions/session/session_list.sql
--!include functions/session/session_count.sql
--!include functions/session/session_all.sql
--!include functions/session/session_clear.sql
--!include functions/session/session_cleanup.sql

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

--!include functions/_internal/rate_limit_check_args.sql
--!include functions/_internal/login_username_normalize.sql
--!include functions/_internal/login_subjects.sql
--!include functions/rate_limit/rate_limit_hit.sql
--!include functions/rate_limit/rate_limit_peek.sql
--!include functions/rate_limit/rate_limit_reset.sql
--!include functions/rate_limit/rate_limit_cleanup.sql
--!include functions/rate_limit/login_attempt.sql
--!include functions/rate_limit/login_succeeded.sql
--!include functions/rate_limit/login_unlock.sql
