--! Previous: sha1:a1f9ec6c466d3edcb5a29aecbc28e69d01a4f560
--! Hash: sha1:035622a753727570c81a40793062f9a0e1c64277
--! Message: security, bounds, plpgsql style

-- Tables, types, indexes, then one include line per sql/ file this change touches.

-- >>> sec-bounds
-- Issue 10 items 2, 5-9: upper bounds on arguments, no infinite timestamps, settings
-- validated against a declared range, reports that survive extreme stored values.
-- Idempotent (graphile-migrate re-runs current.sql).

-- The bounds, as one composite row (pgfirst_private.arg_limits() returns it, inlined).
do $$
begin
  if pg_catalog.to_regtype('pgfirst_private.arg_limits') is null then
    create type pgfirst_private.arg_limits as (
      interval_max interval,
      time_min timestamptz,
      time_max timestamptz,
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
    comment on type pgfirst_private.arg_limits is 'The fixed upper bounds on pgfirst arguments (see pgfirst_private.arg_limits()).';
  end if;
end
$$;

-- Sessions: timeouts are at most 100 years (session_check_new, PF205). Rows stored before
-- the bound (idle_timeout '300000 years' made last_seen_at + idle_timeout overflow in
-- session_cleanup, maintenance, session_count, session_list) are clamped, then a CHECK
-- keeps them so (added NOT VALID, then validated: the scan runs under SHARE UPDATE
-- EXCLUSIVE, so sessions stay readable and writable meanwhile).
update pgfirst_private.session s
   set idle_timeout = interval '100 years'
 where s.idle_timeout > interval '100 years';
alter table pgfirst_private.session drop constraint if exists session_idle_timeout_bounded;
alter table pgfirst_private.session
  add constraint session_idle_timeout_bounded check (idle_timeout <= interval '100 years') not valid;
alter table pgfirst_private.session validate constraint session_idle_timeout_bounded;
-- Cache namespace policies: same bound (cache_configure, PF103).
update pgfirst_private.cache_namespace p
   set default_ttl = least(p.default_ttl, interval '100 years'),
       stale_ttl = least(p.stale_ttl, interval '100 years')
 where p.default_ttl > interval '100 years' or p.stale_ttl > interval '100 years';
update pgfirst_private.job_queue q
   set keep_finished = interval '100 years'
 where q.keep_finished > interval '100 years';

--! Included functions/_internal/arg_limits.sql
-- The fixed upper bounds on pgfirst's arguments (issue 10): one place, as a row of
-- constants. A `language sql` function without a SET clause, so callers inline it and the
-- planner folds `(pgfirst_private.arg_limits()).interval_max` to a constant: the bounds
-- cost nothing on the hot paths. Its search_path is not pinned on purpose: it names only
-- its own type, schema-qualified (listed in search_path_exempt of 00-api-surface.test.sql).
-- Bounds are not settings: they protect the arithmetic and the indexes, whatever an
-- operator configures. The per-module docs list them (argument -> bound -> PF code).
create or replace function pgfirst_private.arg_limits()
returns pgfirst_private.arg_limits
language sql
immutable
parallel safe
as $$
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

comment on function pgfirst_private.arg_limits() is
  'Internal, inlined: the fixed upper bounds on arguments (intervals, timestamps, batch sizes, name/key/tenant/payload sizes) as one row of constants.';
revoke all on function pgfirst_private.arg_limits() from public;
--! EndIncluded functions/_internal/arg_limits.sql
--! Included functions/_internal/arg_time.sql
-- Timestamps pgfirst accepts as arguments: finite and in years 1..9999, so that
-- `now + interval` (bounded by arg_limits().interval_max) and `now - stored value` stay in
-- PostgreSQL's range, and no row or loop is driven by an infinite instant
-- (maintenance(now => 'infinity') used to loop; a job at run_at '-infinity' broke health).
--
-- arg_time_ok is the rule as one boolean expression for the hot paths: `language sql`
-- without SET, so it is inlined and no call happens (listed in search_path_exempt of
-- 00-api-surface.test.sql; it names only arg_limits, schema-qualified). Callers run
-- arg_time, which raises PF006, only when it is false. Null is ok (null = the current time).
create or replace function pgfirst_private.arg_time_ok(ts timestamptz)
returns boolean
language sql
immutable
parallel safe
as $$
  select ts is null
      or (ts >= (pgfirst_private.arg_limits()).time_min and ts < (pgfirst_private.arg_limits()).time_max)
$$;

comment on function pgfirst_private.arg_time_ok(timestamptz) is
  'Internal, inlined: true when ts is null or a finite timestamp in years 1..9999 (arg_time raises PF006 otherwise).';
revoke all on function pgfirst_private.arg_time_ok(timestamptz) from public;

create or replace function pgfirst_private.arg_time(ts timestamptz, name text)
returns timestamptz
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.arg_time(timestamptz, text) is
  'Internal: returns ts unchanged when it is null or finite in years 1..9999; raises PF006 naming the argument otherwise.';
revoke all on function pgfirst_private.arg_time(timestamptz, text) from public;
--! EndIncluded functions/_internal/arg_time.sql
--! Included functions/_internal/age_clamped.sql
-- later - earlier for reports (health, queue_stats, stats, metrics) that must never fail
-- because of one row: both instants are first clamped into years 1..9999, so an infinite
-- or extreme stored value (a job at run_at '-infinity' from before the bounds existed)
-- yields a large but finite interval instead of 22008 "timestamp out of range".
create or replace function pgfirst_private.age_clamped(later timestamptz, earlier timestamptz)
returns interval
language sql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
  -- least/greatest skip nulls: test for them first, or a null would become a clamp bound
  select case when later is not null and earlier is not null then
           least(greatest(later, (pgfirst_private.arg_limits()).time_min), (pgfirst_private.arg_limits()).time_max)
         - least(greatest(earlier, (pgfirst_private.arg_limits()).time_min), (pgfirst_private.arg_limits()).time_max)
         end
$$;

comment on function pgfirst_private.age_clamped(timestamptz, timestamptz) is
  'Internal: later - earlier with both clamped into years 1..9999, so reports survive infinite or extreme stored timestamps; null when either is null.';
revoke all on function pgfirst_private.age_clamped(timestamptz, timestamptz) from public;
--! EndIncluded functions/_internal/age_clamped.sql
--! Included functions/_internal/cache_check.sql
-- One place for the cache's input rules, called first by every cache function.
-- Limits are fixed (not settings) because the primary key's btree entry must stay far
-- below PostgreSQL's ~2.7 kB index-tuple limit: 128 + 256 + 1024 bytes leaves room.
create or replace function pgfirst_private.cache_check(namespace text, tenant text, keys text[])
returns boolean
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.cache_check(text, text, text[]) is
  'Internal: raises PF101 (namespace), PF110 (tenant), PF113 (more than 10000 keys) or PF102 (a key) for invalid cache addresses; returns true otherwise.';
revoke all on function pgfirst_private.cache_check(text, text, text[]) from public;
--! EndIncluded functions/_internal/cache_check.sql
--! Included functions/_internal/cache_expiry.sql
-- Expiry for a write: now + ttl, else now + the namespace's default_ttl, else null (never).
create or replace function pgfirst_private.cache_expiry(namespace text, ttl interval, now timestamptz)
returns timestamptz
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.cache_expiry(text, interval, timestamptz) is
  'Internal: expiry for a cache write (now + ttl, else the namespace default, else null = never); raises PF103 for a ttl <= 0 or over 100 years.';
revoke all on function pgfirst_private.cache_expiry(text, interval, timestamptz) from public;
--! EndIncluded functions/_internal/cache_expiry.sql
--! Included functions/_internal/cache_sweep.sql
-- The cache's maintenance step, shared by cache_cleanup and cleanup_select2_cache.
--
-- Finding expired rows without an index on expires_at (which would cost an index insert
-- on every write and make every update non-HOT): the heap is swept in chunks of
-- cache.cleanup_chunk_blocks blocks with a TID range scan (PostgreSQL 14+), each chunk
-- handed out by nextval() so concurrent cleaners take different chunks without blocking
-- each other. One call covers at most one lap of the table (every chunk once) and deletes
-- at most max_rows rows (null: no row limit). Rows are locked FOR UPDATE SKIP LOCKED, so a
-- row being written or deleted elsewhere is left for the next lap, and no row is deleted
-- twice. Kept back: rows inside the namespace's stale_ttl window and rows under an active
-- lease. Expired rows are also recycled in place by the next write of their key.
--
-- Then entry caps: for each (tenant, namespace) above its namespace's max_entries, the
-- excess is evicted, expired rows first, then least recently written; one cleaner per
-- namespace at a time (a row lock on its cache_namespace row), so two cleaners never over-evict.
create or replace function pgfirst_private.cache_sweep(max_rows bigint, now timestamptz, only_namespace text)
returns bigint
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.cache_sweep(bigint, timestamptz, text) is
  'Internal: removes expired cache rows (one lap of chunked TID range scans at most, SKIP LOCKED) and enforces entry caps, at most max_rows in all (null: no limit); optionally one namespace only. Returns rows removed.';
revoke all on function pgfirst_private.cache_sweep(bigint, timestamptz, text) from public;
--! EndIncluded functions/_internal/cache_sweep.sql
--! Included functions/_internal/cache_write.sql
-- The single-key write shared by cache_set (always) and cache_add (only over a dead row:
-- missing, expired or a lease placeholder). Under concurrency the row lock serializes
-- writers and each re-checks the row as the previous one left it, so among concurrent
-- cache_add calls on one key exactly one stores. Any write ends a pending lease.
create or replace function pgfirst_private.cache_write(
  namespace text,
  key text,
  value jsonb,
  ttl interval,
  tenant text,
  now timestamptz,
  only_if_dead boolean
)
returns boolean
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.cache_write(text, text, jsonb, interval, text, timestamptz, boolean) is
  'Internal: validates and upserts one cache entry (only over a dead row when only_if_dead); true when it stored.';
revoke all on function pgfirst_private.cache_write(text, text, jsonb, interval, text, timestamptz, boolean) from public;
--! EndIncluded functions/_internal/cache_write.sql
--! Included functions/_internal/job_backoff.sql
-- Retry delay after failed attempt number `attempt` of job `id`:
--   base   = least(job.backoff_max, job.backoff_base * 2^(attempt - 1))
--   f      = (hashtext(id || ':' || attempt) & 65535) / 65535.0        -- in [0, 1]
--   delay  = base * (1 - jitter / 2 + jitter * f)                       -- jitter = job.backoff_jitter
-- The jitter is deterministic per (job, attempt): spread across jobs (no thundering herd
-- after an outage), reproducible in tests that pin `now`.
create or replace function pgfirst_private.job_backoff(id bigint, attempt integer)
returns interval
language sql
stable
called on null input
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.job_backoff(bigint, integer) is
  'Internal: exponential retry delay with deterministic per-(job, attempt) jitter; formula in docs/jobs.md.';
revoke all on function pgfirst_private.job_backoff(bigint, integer) from public;
--! EndIncluded functions/_internal/job_backoff.sql
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
$$;

comment on function pgfirst_private.login_username_normalize(text) is
  'Internal: the form under which a username is counted: NFC (UTF8 databases), trimmed, inner whitespace collapsed to one space, lower case; PF306 when empty or over 512 bytes (checked before any normalisation).';
revoke all on function pgfirst_private.login_username_normalize(text) from public;
--! EndIncluded functions/_internal/login_username_normalize.sql
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

comment on function pgfirst_private.rate_limit_check_args(text, integer, interval, integer, text) is
  'Internal: validates rate-limit arguments (PF301 key/tenant, PF302 max_hits, PF303 per (positive, at most 100 years), PF304 cost, PF305 cost > max_hits) and returns the emission interval floor(per / max_hits) in microseconds (>= 1).';
revoke all on function pgfirst_private.rate_limit_check_args(text, integer, interval, integer, text) from public;
--! EndIncluded functions/_internal/rate_limit_check_args.sql
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

comment on function pgfirst_private.session_check_new(text, text, interval, interval) is
  'Internal: raises PF206 for a null or oversized user_id or tenant and PF205 for a timeout that is not positive or exceeds 100 years.';
revoke all on function pgfirst_private.session_check_new(text, text, interval, interval) from public;
--! EndIncluded functions/_internal/session_check_new.sql
--! Included functions/_internal/timezone_check.sql
-- Raises PF503 unless the time zone is a name in pg_timezone_names (IANA names such as
-- Europe/London, plus UTC, EST5EDT and the like that ship as tz database files). PostgreSQL
-- also accepts POSIX specs ('UTC+5', 'EST5', 'FOO-3') whose sign is inverted against ISO
-- 8601 (UTC+5 is five hours WEST), and abbreviations ('CEST') that are a fixed offset
-- without daylight-saving rules: both would silently shift every run, so both are refused.
-- pg_timezone_names reads the tz database (some 40 ms), so it is only consulted for names
-- outside the fast path below (EST5EDT, CET, ...); schedule_tick does not call this.
create or replace function pgfirst_private.timezone_check(timezone text)
returns text
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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
$$;

comment on function pgfirst_private.timezone_check(text) is
  'Internal: returns the time zone unchanged, or raises PF503 unless it is a name in pg_timezone_names (POSIX specs such as UTC+5 and abbreviations such as CEST are refused).';
revoke all on function pgfirst_private.timezone_check(text) from public;
--! EndIncluded functions/_internal/timezone_check.sql
--! Included functions/cache/cache_cleanup.sql
create or replace function pgfirst.cache_cleanup(
  max_rows integer default 10000,
  now timestamptz default null
)
returns bigint
language plpgsql
volatile
security definer -- deletes from pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.cache_cleanup(integer, timestamptz) is
  'Removes expired entries (past their stale_ttl, without an active lease) and evicts entries above namespace caps, at most max_rows per call, scanning at most one lap of the table in block chunks with SKIP LOCKED: safe to run from several processes at once. Returns rows removed.';
revoke all on function pgfirst.cache_cleanup(integer, timestamptz) from public;
grant execute on function pgfirst.cache_cleanup(integer, timestamptz) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/cache/cache_cleanup.sql
--! Included functions/cache/cache_configure.sql
create or replace function pgfirst.cache_configure(
  namespace text,
  default_ttl interval default null,
  max_entries bigint default null,
  stale_ttl interval default null
)
returns void
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_namespace
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.cache_configure(text, interval, bigint, interval) is
  'Sets the whole policy of a namespace (null = none): default_ttl for writes without ttl, max_entries per (tenant, namespace) enforced by cache_cleanup (expired, then least recently written first), stale_ttl during which an expired value is still served by cache_lease. Applies to later writes and cleanups.';
revoke all on function pgfirst.cache_configure(text, interval, bigint, interval) from public;
grant execute on function pgfirst.cache_configure(text, interval, bigint, interval) to pgfirst_admin;
--! EndIncluded functions/cache/cache_configure.sql

-- >>> ci-truth
-- plpgsql_check findings: schedule_set qualifies its parameters (a name shared with a column
-- is the column under #variable_conflict use_column); job_enqueue_many drops an unused variable.
--! Included functions/schedule/schedule_set.sql
create or replace function pgfirst.schedule_set(
  name text,
  task text,
  cron text default null,
  every interval default null,
  payload jsonb default '{}',
  queue text default 'default',
  timezone text default 'UTC',
  missed text default 'once',
  enabled boolean default true,
  tenant text default '',
  now timestamptz default null
)
returns void
language plpgsql
volatile
security definer -- writes pgfirst_private.schedule
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.schedule_set(text, text, text, interval, jsonb, text, text, text, boolean, text, timestamptz) is
  'Creates or replaces a schedule (exactly one of cron or every). Idempotent: calling it again with the same timing keeps next_run; a new timing or re-enabling starts from now without back-fill. PF501-PF511 on bad input.';
revoke all on function pgfirst.schedule_set(text, text, text, interval, jsonb, text, text, text, boolean, text, timestamptz) from public;
grant execute on function pgfirst.schedule_set(text, text, text, interval, jsonb, text, text, text, boolean, text, timestamptz) to pgfirst_admin;
--! EndIncluded functions/schedule/schedule_set.sql
--! Included functions/job/job_enqueue_many.sql
create or replace function pgfirst.job_enqueue_many(jobs jsonb)
returns setof bigint
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
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
                                         'job_key', 'job_key_mode', 'tenant', 'now']) <> '{}'::jsonb
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
            hint = 'Each element is an object with task (required) and optionally payload, queue, run_at, priority, max_attempts, job_key, job_key_mode, tenant.';
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

  if not pg_catalog.jsonb_path_exists(jobs, '$[*].job_key ? (@ != null)') then
    -- The common case, no job_key anywhere: one INSERT in input order (ids ascend with it).
    begin
      with ins as (
        insert into pgfirst_private.job
          (tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at)
        select coalesce(e.value ->> 'tenant', ''),
               coalesce(e.value ->> 'queue', 'default'),
               e.value ->> 'task',
               coalesce(e.value -> 'payload', '{}'),
               coalesce((e.value ->> 'priority')::integer, 0),
               coalesce((e.value ->> 'run_at')::timestamptz, (e.value ->> 'now')::timestamptz, v_now),
               coalesce((e.value ->> 'max_attempts')::integer, 25),
               coalesce((e.value ->> 'now')::timestamptz, v_now),
               coalesce((e.value ->> 'now')::timestamptz, v_now)
          from pg_catalog.jsonb_array_elements(jobs) with ordinality e
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
        (id, tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at)
      select n.id,
             coalesce(n.v ->> 'tenant', ''),
             coalesce(n.v ->> 'queue', 'default'),
             n.v ->> 'task',
             coalesce(n.v -> 'payload', '{}'),
             coalesce((n.v ->> 'priority')::integer, 0),
             coalesce((n.v ->> 'run_at')::timestamptz, (n.v ->> 'now')::timestamptz, v_now),
             coalesce((n.v ->> 'max_attempts')::integer, 25),
             coalesce((n.v ->> 'now')::timestamptz, v_now),
             coalesce((n.v ->> 'now')::timestamptz, v_now)
        from numbered n
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
          v_kid := pgfirst_private.job_enqueue_keyed(
            v_keyed.v ->> 'task', coalesce(v_keyed.v -> 'payload', '{}'),
            coalesce(v_keyed.v ->> 'queue', 'default'),
            coalesce((v_keyed.v ->> 'run_at')::timestamptz, (v_keyed.v ->> 'now')::timestamptz, v_now),
            coalesce((v_keyed.v ->> 'priority')::integer, 0),
            coalesce((v_keyed.v ->> 'max_attempts')::integer, 25),
            v_keyed.v ->> 'job_key', coalesce(v_keyed.v ->> 'job_key_mode', 'replace'),
            coalesce(v_keyed.v ->> 'tenant', ''), coalesce((v_keyed.v ->> 'now')::timestamptz, v_now));
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
$$;

comment on function pgfirst.job_enqueue_many(jsonb) is
  'Enqueues a JSON array of jobs (fields as job_enqueue, plus optional now) and returns their ids in input order. Unkeyed jobs go in one INSERT; keyed jobs are deduplicated as in job_enqueue. All or nothing; one NOTIFY per ready queue.';
revoke all on function pgfirst.job_enqueue_many(jsonb) from public;
grant execute on function pgfirst.job_enqueue_many(jsonb) to pgfirst_app;
--! EndIncluded functions/job/job_enqueue_many.sql
-- One #variable_conflict style (use_column) in every plpgsql function: `npx tsx scripts/variable-conflict.ts`
--! Included functions/_internal/archive_maintain.sql
-- Archive partitions: creates the daily partitions for today .. today + archive.days_ahead
-- (UTC) and detaches + drops every partition whose whole day is older than the longest
-- keep_finished of any queue. Serialised by a row lock on pgfirst_private.lock_slot (archive_maintain): a second
-- concurrent caller skips this part (reports "skipped") instead of queueing behind DDL.
-- Rows that landed in the default partition (maintenance down for days) are removed in
-- bounded batches once past retention; a day that has rows in the default partition gets
-- no partition of its own (PostgreSQL would refuse it).
-- Partition DDL needs an ACCESS EXCLUSIVE lock on job_archive. Waiting for it behind a long
-- reader would queue every job completion and job_get behind the waiting DDL, so each DDL
-- statement waits at most archive.lock_timeout; on timeout it is skipped (reported under
-- "deferred") and retried by the next maintenance run.
create or replace function pgfirst_private.archive_maintain(now timestamptz, batch integer)
returns jsonb
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
set lock_timeout = '2s'  -- restored on exit; the body sets archive.lock_timeout
as $$
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
$$;

comment on function pgfirst_private.archive_maintain(timestamptz, integer) is
  'Internal: creates job archive partitions ahead and drops partitions past retention (detach + drop); one caller at a time (row lock, others skip); DDL that cannot get its lock within archive.lock_timeout is deferred to the next run.';
revoke all on function pgfirst_private.archive_maintain(timestamptz, integer) from public;
--! EndIncluded functions/_internal/archive_maintain.sql
--! Included functions/_internal/cache_check_value.sql
create or replace function pgfirst_private.cache_check_value(value jsonb)
returns boolean
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.cache_check_value(jsonb) is
  'Internal: raises PF108 for an SQL null value and PF104 for a value larger than cache.max_value_bytes (jsonb datum size); returns true otherwise.';
revoke all on function pgfirst_private.cache_check_value(jsonb) from public;
--! EndIncluded functions/_internal/cache_check_value.sql
--! Included functions/_internal/cache_incr_value.sql
-- cache_incr on a live value: the value must be a JSON integer (or a JSON string holding
-- one, as Redis keeps counters as strings); the result must fit a bigint. Computed in
-- numeric so an overflow becomes PF107 instead of a generic error, without a subtransaction.
create or replace function pgfirst_private.cache_incr_value(value jsonb, delta bigint)
returns jsonb
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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
$$;

comment on function pgfirst_private.cache_incr_value(jsonb, bigint) is
  'Internal: value + delta as a jsonb integer; PF106 when value is not an integer, PF107 on bigint overflow.';
revoke all on function pgfirst_private.cache_incr_value(jsonb, bigint) from public;
--! EndIncluded functions/_internal/cache_incr_value.sql
--! Included functions/_internal/cache_stat_sample.sql
-- Hit/miss stats without a write per read. A read draws random() < rate (setting
-- cache.stats_sample_rate, which the caller already read in its lookup statement) and
-- only then calls this, which appends one row with counts / rate (no index, no conflict,
-- so a sample never waits on another session). Skipped in read-only transactions, where
-- any write would fail.
create or replace function pgfirst_private.cache_stat_sample(namespace text, tenant text, hits bigint, misses bigint, rate double precision)
returns boolean
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.cache_stat_sample(text, text, bigint, bigint, double precision) is
  'Internal: records a sampled read''s hits and misses, weighted by 1/rate, as one appended stats row; false (nothing recorded) in a read-only transaction.';
revoke all on function pgfirst_private.cache_stat_sample(text, text, bigint, bigint, double precision) from public;
--! EndIncluded functions/_internal/cache_stat_sample.sql
--! Included functions/_internal/cron_field_parse.sql
-- One cron field ("*", "5", "1-5", "*/15", "10-50/10", "mon-fri", "jan,jul", lists of those)
-- as a bitmask: bit v is set when value v is allowed. Names are matched case-insensitively;
-- names[i] stands for value name_base + i - 1. "a/n" means "a-hi/n" (as cronie accepts it).
create or replace function pgfirst_private.cron_field_parse(
  field text,
  field_name text,
  lo integer,
  hi integer,
  names text[] default null,
  name_base integer default 0
)
returns bigint
language plpgsql
immutable
called on null input
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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
$$;

comment on function pgfirst_private.cron_field_parse(text, text, integer, integer, text[], integer) is
  'Internal: one cron field as a bitmask of allowed values; raises PF501 on malformed input.';
revoke all on function pgfirst_private.cron_field_parse(text, text, integer, integer, text[], integer) from public;
--! EndIncluded functions/_internal/cron_field_parse.sql
--! Included functions/_internal/cron_local_instant.sql
-- The instant at which a wall-clock time happens in a time zone, by pgfirst's DST rule:
--  * a time shown twice (fall-back) maps to its FIRST occurrence (the earlier instant);
--  * a time that does not exist (spring-forward gap) maps to the instant it would have had
--    under the offset in force before the jump, i.e. it is shifted forward by the gap length
--    (02:30 on a day whose clocks jump 02:00 -> 03:00 becomes 03:30 new time). A caller
--    detects that case as (result at time zone timezone) <> local_time.
-- PostgreSQL's own "timestamp AT TIME ZONE" picks the later instant for ambiguous times, so
-- the offsets either side are compared explicitly. Assumes at most one transition within a
-- day of the wall time (true of every zone since 1970 except a few historical date-line moves).
-- A scalar result keeps calls on PL/pgSQL's fast expression path (a composite result costs
-- a full executor round per call).
create or replace function pgfirst_private.cron_local_instant(
  local_time timestamp,
  timezone text
)
returns timestamptz
language plpgsql
stable
strict
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.cron_local_instant(timestamp, text) is
  'Internal: wall-clock time in a zone -> instant (fall-back: first occurrence; spring-forward gap: shifted forward by the gap).';
revoke all on function pgfirst_private.cron_local_instant(timestamp, text) from public;
--! EndIncluded functions/_internal/cron_local_instant.sql
--! Included functions/_internal/cron_next_local.sql
-- The first local wall-clock minute at or after from_local (already minute-aligned) that the
-- spec matches, or null when none comes before until_local. Wall-clock arithmetic on
-- timestamp without time zone: no DST here. Jumps by field (month, day, hour, minute), so
-- the loop runs a few dozen times, not once per minute.
create or replace function pgfirst_private.cron_next_local(
  spec pgfirst_private.cron_spec,
  from_local timestamp,
  until_local timestamp
)
returns timestamp
language plpgsql
immutable
strict
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.cron_next_local(pgfirst_private.cron_spec, timestamp, timestamp) is
  'Internal: next wall-clock minute >= from_local matching the cron spec (Vixie day rule), or null before until_local.';
revoke all on function pgfirst_private.cron_next_local(pgfirst_private.cron_spec, timestamp, timestamp) from public;
--! EndIncluded functions/_internal/cron_next_local.sql
--! Included functions/_internal/cron_next_spec.sql
-- The first instant strictly after "after" at which a parsed cron spec fires in a time zone
-- (wall-clock rule in cron_local_instant), or null when none within 30 years. A wall time in
-- a spring-forward gap fires shifted forward, so near a transition the search starts up to
-- three hours of wall time earlier and keeps the earliest instant after "after".
create or replace function pgfirst_private.cron_next_spec(
  spec pgfirst_private.cron_spec,
  after timestamptz,
  timezone text
)
returns timestamptz
language plpgsql
stable
strict
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.cron_next_spec(pgfirst_private.cron_spec, timestamptz, text) is
  'Internal: next firing instant of a parsed cron spec strictly after "after" in a time zone; null if none within 30 years.';
revoke all on function pgfirst_private.cron_next_spec(pgfirst_private.cron_spec, timestamptz, text) from public;
--! EndIncluded functions/_internal/cron_next_spec.sql
--! Included functions/_internal/cron_parse.sql
-- A cron expression (5 fields or an @macro) as a pgfirst_private.cron_spec of bitmasks.
-- dom_star / dow_star follow Vixie cron: a field that begins with "*" (also "*/2") counts as
-- unrestricted for the day-of-month / day-of-week OR rule.
create or replace function pgfirst_private.cron_parse(cron text)
returns pgfirst_private.cron_spec
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.cron_parse(text) is
  'Internal: parses a 5-field cron expression or @macro into bitmasks; raises PF501 (malformed) or PF502 (@reboot).';
revoke all on function pgfirst_private.cron_parse(text) from public;
--! EndIncluded functions/_internal/cron_parse.sql
--! Included functions/_internal/dropdown_cursor_decode.sql
-- Inverse of the cursor dropdown_search emits in "next": base64url of the JSON array
-- [sort_key, id] of the last row of the page. Anything else is PF606.
create or replace function pgfirst_private.dropdown_cursor_decode(cursor text, out sort_key text, out id text)
language plpgsql
immutable
strict
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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
  if v_json is null or pg_catalog.jsonb_typeof(v_json) <> 'array' or pg_catalog.jsonb_array_length(v_json) <> 2
     or pg_catalog.jsonb_typeof(v_json -> 0) <> 'string' or pg_catalog.jsonb_typeof(v_json -> 1) <> 'string' then
    raise exception 'the paging cursor is not one that dropdown_search returned' using errcode = 'PF606',
      detail = pg_catalog.format('after = %s', pg_catalog.left(cursor, 80)),
      hint = 'Pass the "next" value of the previous page unchanged, or null for the first page.';
  end if;
  sort_key := v_json ->> 0;
  id := v_json ->> 1;
end;
$$;

comment on function pgfirst_private.dropdown_cursor_decode(text) is
  'Internal: decodes a dropdown_search keyset cursor into (sort_key, id); raises PF606 for anything else.';
revoke all on function pgfirst_private.dropdown_cursor_decode(text) from public;
--! EndIncluded functions/_internal/dropdown_cursor_decode.sql
--! Included functions/_internal/dropdown_dispatch_rebuild.sql
-- Rewrites pgfirst_private.dropdown_dispatch, a static IF chain from dropdown id to its
-- generated function, so dropdown_search needs no dynamic SQL. With regenerate = true the
-- generated functions are rewritten from the current template first.
create or replace function pgfirst_private.dropdown_dispatch_rebuild(regenerate boolean default false)
returns void
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
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
           pg_catalog.format('%s $1 = %s then return query select * from pgfirst_private.%I($2, $3, $4, $5, $6, $7, $8, $9);',
                  case when d.rn = 1 then 'if' else 'elsif' end, d.id, d.function_name),
           E'\n      ' order by d.id)
         || E'\n      end if;'
    into v_body
    from (select x.id, x.function_name, pg_catalog.row_number() over (order by x.id) as rn
            from pgfirst_private.dropdown x) d;
  execute pg_catalog.format($f$
    create or replace function pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[])
    returns table(r_id text, r_text text, r_sort_key text, r_group text)
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
  comment on function pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[]) is
    'Internal, generated: routes a dropdown id to its generated search function (rows for dropdown_search and dropdown_lookup).';
  revoke all on function pgfirst_private.dropdown_dispatch(integer, text, text, integer, integer, integer, text, text, text[]) from public;
end;
$$;

comment on function pgfirst_private.dropdown_dispatch_rebuild(boolean) is
  'Internal: rewrites the dispatcher from the registry (and, with regenerate, every generated search function).';
revoke all on function pgfirst_private.dropdown_dispatch_rebuild(boolean) from public;
--! EndIncluded functions/_internal/dropdown_dispatch_rebuild.sql
--! Included functions/_internal/dropdown_generate.sql
-- Writes the search function of one dropdown: static SQL against its materialized view, so
-- plans are prepared once per session and reused (no dynamic SQL per search). Called by
-- dropdown_define and, for every dropdown, by each migration that changes this template.
-- mode: 0 = every row, 1 = prefix of `search` (range scan), 2 = `search LIKE pattern`
-- (trigram GIN), 3 = lookup by ids. With after_id set, rows strictly after the keyset cursor.
create or replace function pgfirst_private.dropdown_generate(dropdown_id integer)
returns void
language plpgsql
volatile
strict
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_d pgfirst_private.dropdown;
  v_mv text;
  v_cols text := 'm.id, m.text, m.sort_key, m.group_label';
  v_order text := 'order by m.sort_key, m.id';
  v_after text := 'and (m.sort_key, m.id) > ($6 collate "C", $7 collate "C")';
begin
  select * into strict v_d from pgfirst_private.dropdown d where d.id = dropdown_generate.dropdown_id;
  v_mv := pg_catalog.format('%I.%I', v_d.view_schema, v_d.view_name);
  execute pg_catalog.format($f$
    create or replace function pgfirst_private.%2$I(text, text, integer, integer, integer, text, text, text[])
    returns table(r_id text, r_text text, r_sort_key text, r_group text)
    language plpgsql
    stable
    parallel safe
    -- Generic plans, made once per session: the plan shapes are fixed by construction (page
    -- index walk, prefix range, trigram bitmap + top-N sort). With custom plans the LIMIT
    -- and OFFSET parameters make every call re-plan, which costs more than the query.
    set plan_cache_mode = force_generic_plan
    set search_path = pg_catalog, pg_temp
    as $b$
    -- generated by pgfirst_private.dropdown_generate for dropdown %3$L: do not edit
    -- $1 tenant, $2 term or pattern, $3 mode, $4 limit, $5 offset, $6/$7 cursor, $8 ids
    begin
      if $3 = 3 then
        return query select %4$s from %1$s m where m.tenant = $1 and m.id = any ($8);
      elsif $3 = 0 then
        if $7 is null then
          return query select %4$s from %1$s m where m.tenant = $1 %5$s limit $4 offset $5;
        else
          return query select %4$s from %1$s m where m.tenant = $1 %6$s %5$s limit $4;
        end if;
      elsif $3 = 1 then
        -- prefix: in (search, id) order, the cursor holds search instead of sort_key
        if $7 is null then
          return query select m.id, m.text, m.search, m.group_label from %1$s m where m.tenant = $1
             and m.search >= $2 collate "C" and m.search < ($2 || pg_catalog.chr(1114111)) collate "C"
             order by m.search, m.id limit $4 offset $5;
        else
          return query select m.id, m.text, m.search, m.group_label from %1$s m where m.tenant = $1
             and m.search >= $2 collate "C" and m.search < ($2 || pg_catalog.chr(1114111)) collate "C"
             and (m.search, m.id) > ($6 collate "C", $7 collate "C")
             order by m.search, m.id limit $4;
        end if;
      else
        -- substring: always through the trigram index, then a top-N sort of the matches.
        -- Walking the page index and filtering looks cheaper to the planner but is not when
        -- the matches cluster in sort order (a surname when sorting by surname), so the
        -- order key is an expression the page index cannot provide.
        if $7 is null then
          return query select %4$s from %1$s m where m.tenant = $1 and m.search like $2
             order by m.sort_key || '', m.id limit $4 offset $5;
        else
          return query select %4$s from %1$s m where m.tenant = $1 and m.search like $2
             %6$s order by m.sort_key || '', m.id limit $4;
        end if;
      end if;
    end
    $b$
  $f$, v_mv, v_d.function_name, v_d.name, v_cols, v_order, v_after);
  execute pg_catalog.format('comment on function pgfirst_private.%I(text, text, integer, integer, integer, text, text, text[]) is %L',
    v_d.function_name, pg_catalog.format('Internal, generated: search and lookup rows of dropdown %s (%s).', v_d.name, v_mv));
  execute pg_catalog.format('revoke all on function pgfirst_private.%I(text, text, integer, integer, integer, text, text, text[]) from public',
    v_d.function_name);
end;
$$;

comment on function pgfirst_private.dropdown_generate(integer) is
  'Internal: (re)creates the generated static-SQL search function of one dropdown.';
revoke all on function pgfirst_private.dropdown_generate(integer) from public;
--! EndIncluded functions/_internal/dropdown_generate.sql
--! Included functions/_internal/job_dead_purge.sql
-- Bounded purge of old dead letters, for the maintenance run (schedules module): deletes at
-- most max_rows dead or cancelled jobs that finished before now - job.dead_retention.
-- Safe when several processes call it at once (SKIP LOCKED: each row is deleted once).
create or replace function pgfirst_private.job_dead_purge(now timestamptz default null, max_rows integer default 1000)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
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
  return v_n;
end;
$$;

comment on function pgfirst_private.job_dead_purge(timestamptz, integer) is
  'Internal (maintenance): deletes up to max_rows dead letters older than job.dead_retention; returns how many.';
revoke all on function pgfirst_private.job_dead_purge(timestamptz, integer) from public;
--! EndIncluded functions/_internal/job_dead_purge.sql
--! Included functions/_internal/job_finished.sql
-- THE "job finished" transition: every path that removes a job from the hot table
-- (complete, fail → dead, reap → dead, cancel) deletes the rows and hands them here, in
-- one call per statement. Dead and cancelled jobs become dead letters; done jobs are
-- dropped. The job archive (queue keep_finished) hooks in here and nowhere else.
create or replace function pgfirst_private.job_finished(
  jobs pgfirst_private.job[],
  state text,
  now timestamptz
)
returns void
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  -- Job archive (schedule/maintenance module): queues configured with keep_finished keep a
  -- copy of every finished job in the partitioned pgfirst_private.job_archive.
  if state in ('done', 'dead', 'cancelled')
     and exists (select 1 from pgfirst_private.job_queue q where q.keep_finished is not null) then
    insert into pgfirst_private.job_archive
      (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts,
       job_key, last_error, errors, created_at, updated_at, finished_at)
    select j.id, j.tenant, j.queue, j.task, j.payload, j.priority, j.run_at, job_finished.state,
           j.attempt, j.max_attempts, j.job_key, j.last_error, j.errors, j.created_at,
           job_finished.now, job_finished.now
      from pg_catalog.unnest(jobs) j
     where j.queue in (select q.queue from pgfirst_private.job_queue q where q.keep_finished is not null);
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
end;
$$;

comment on function pgfirst_private.job_finished(pgfirst_private.job[], text, timestamptz) is
  'Internal: records jobs that just left the hot table in their final state (done, dead, cancelled); the single hook for dead letters and the archive.';
revoke all on function pgfirst_private.job_finished(pgfirst_private.job[], text, timestamptz) from public;
--! EndIncluded functions/_internal/job_finished.sql
--! Included functions/_internal/job_notify.sql
-- Wakes idle workers (NOTIFY on the channel pgfirst.job_listen_channel() names, empty
-- payload) when jobs of `queue` become ready, but only from
-- one transaction per queue at a time. A transaction that sent NOTIFY takes a cluster-wide
-- lock at commit and holds it across the WAL flush, so notifying transactions cannot share
-- a group commit: with 32 concurrent enqueuers all notifying, enqueue throughput collapses
-- to one fsync per job. The slot row lock below (SKIP LOCKED; a row of a private table, so no role without
-- pgfirst grants can hold it, unlike an advisory lock) lets one in-flight transaction per queue notify;
-- the others commit without NOTIFY (their jobs are found by the woken workers' next claim,
-- which follows every finished job, or by the poll). Identical notifications inside one
-- transaction are folded by PostgreSQL itself.
create or replace function pgfirst_private.job_notify(queue text)
returns void
language plpgsql
volatile
called on null input
parallel unsafe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.job_notify(text) is
  'Internal: NOTIFY (secret channel, empty payload) for a queue, from at most one in-flight transaction per queue (keeps group commit for concurrent enqueues).';
revoke all on function pgfirst_private.job_notify(text) from public;
--! EndIncluded functions/_internal/job_notify.sql
--! Included functions/_internal/session_check_data.sql
-- Session data must be a JSON object no larger than session.max_data_bytes (its JSON text).
create or replace function pgfirst_private.session_check_data(data jsonb, what text default 'data')
returns void
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.session_check_data(jsonb, text) is
  'Internal: raises PF202 unless data is a JSON object and PF203 when its JSON text exceeds session.max_data_bytes.';
revoke all on function pgfirst_private.session_check_data(jsonb, text) from public;
--! EndIncluded functions/_internal/session_check_data.sql
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

comment on function pgfirst_private.session_token_hash(text) is
  'Internal: sha256 of a session token (the stored key); raises PF201 for a null or empty token.';
revoke all on function pgfirst_private.session_token_hash(text) from public;
--! EndIncluded functions/_internal/session_token_hash.sql
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

comment on function pgfirst_private.setting_value(text) is
  'Internal: effective jsonb value of a registered setting; raises PF001 when the setting is not registered.';
revoke all on function pgfirst_private.setting_value(text) from public;
--! EndIncluded functions/_internal/setting_value.sql
--! Included functions/cache/cache_add.sql
create or replace function pgfirst.cache_add(
  namespace text,
  key text,
  value jsonb,
  ttl interval default null,
  tenant text default '',
  now timestamptz default null
)
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  return pgfirst_private.cache_write(cache_add.namespace, cache_add.key, cache_add.value, cache_add.ttl,
                                     cache_add.tenant, cache_add.now, only_if_dead => true);
end;
$$;

comment on function pgfirst.cache_add(text, text, jsonb, interval, text, timestamptz) is
  'Stores value only when the key is missing or expired (Redis SET NX); true when it stored. Exactly one of several concurrent callers on one key gets true. One statement.';
revoke all on function pgfirst.cache_add(text, text, jsonb, interval, text, timestamptz) from public;
grant execute on function pgfirst.cache_add(text, text, jsonb, interval, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/cache/cache_add.sql
--! Included functions/cache/cache_clear.sql
create or replace function pgfirst.cache_clear(
  namespace text default null,
  tenant text default null
)
returns bigint
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.cache_clear(text, text) is
  'Removes every entry of a tenant (all namespaces), of a namespace within a tenant, or (tenant => null, pgfirst_admin only, else PF112) of a namespace across all tenants; returns rows removed (live and expired). PF109 when neither is given. One DELETE.';
revoke all on function pgfirst.cache_clear(text, text) from public;
grant execute on function pgfirst.cache_clear(text, text) to pgfirst_app;
--! EndIncluded functions/cache/cache_clear.sql
--! Included functions/cache/cache_delete.sql
create or replace function pgfirst.cache_delete(
  namespace text,
  key text,
  tenant text default ''
)
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.cache_delete(text, text, text) is
  'Removes the key (Redis DEL); true when a live value was removed, false when it was missing or already expired (an expired row is removed too).';
revoke all on function pgfirst.cache_delete(text, text, text) from public;
grant execute on function pgfirst.cache_delete(text, text, text) to pgfirst_app;
--! EndIncluded functions/cache/cache_delete.sql
--! Included functions/cache/cache_delete_many.sql
create or replace function pgfirst.cache_delete_many(
  namespace text,
  keys text[],
  tenant text default ''
)
returns integer
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.cache_delete_many(text, text[], text) is
  'Removes every listed key in one DELETE (Redis DEL k1 k2 …); returns how many live values were removed (expired rows are removed too but not counted).';
revoke all on function pgfirst.cache_delete_many(text, text[], text) from public;
grant execute on function pgfirst.cache_delete_many(text, text[], text) to pgfirst_app;
--! EndIncluded functions/cache/cache_delete_many.sql
--! Included functions/cache/cache_get.sql
create or replace function pgfirst.cache_get(
  namespace text,
  key text,
  tenant text default '',
  now timestamptz default null
)
returns jsonb
language plpgsql
volatile -- records a sampled hit/miss (cache.stats_sample_rate)
security definer -- reads pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
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
  -- One statement for the lookup and the stats sample rate.
  select e.value, (coalesce(s.value, s.default_value) #>> '{}')::double precision
    into v_value, v_rate
    from pgfirst_private.setting s
    left join pgfirst_private.cache_entry e
      on e.tenant = cache_get.tenant
     and e.namespace = cache_get.namespace
     and e.key = cache_get.key
     and (e.expires_at is null or e.expires_at > coalesce(cache_get.now, pg_catalog.now()))
   where s.name = 'cache.stats_sample_rate';
  if pg_catalog.random() < v_rate then
    v_ok := pgfirst_private.cache_stat_sample(cache_get.namespace, cache_get.tenant,
                                              (v_value is not null)::int, (v_value is null)::int, v_rate);
  end if;
  return v_value;
end;
$$;

comment on function pgfirst.cache_get(text, text, text, timestamptz) is
  'The live value of (tenant, namespace, key), or null when missing or expired (Redis GET). Never deletes; one primary-key lookup; a sampled fraction of calls records the hit/miss.';
revoke all on function pgfirst.cache_get(text, text, text, timestamptz) from public;
grant execute on function pgfirst.cache_get(text, text, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/cache/cache_get.sql
--! Included functions/cache/cache_get_many.sql
create or replace function pgfirst.cache_get_many(
  namespace text,
  keys text[],
  tenant text default '',
  now timestamptz default null
)
returns table (key text, value jsonb)
language plpgsql
volatile -- records a sampled hit/miss (cache.stats_sample_rate)
security definer -- reads pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_ok boolean;
  v_found bigint;
  v_bad_keys bigint;
  v_rate double precision;
begin
  -- One statement for the rules (address test inlined) and the stats sample rate;
  -- cache_check raises the precise PF error only when a rule is broken (a null list
  -- counts as an invalid key).
  select count(*) filter (where not pgfirst_private.cache_address_ok(cache_get_many.namespace, cache_get_many.tenant, k.k)),
         (select (coalesce(s.value, s.default_value) #>> '{}')::double precision
            from pgfirst_private.setting s where s.name = 'cache.stats_sample_rate')
    into v_bad_keys, v_rate
    from unnest(coalesce(cache_get_many.keys, array[null::text])) k(k);
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

comment on function pgfirst.cache_get_many(text, text[], text, timestamptz) is
  'The live entries among keys, one row per key found (missing and expired keys are left out; Redis MGET). One index scan with the key array; never deletes.';
revoke all on function pgfirst.cache_get_many(text, text[], text, timestamptz) from public;
grant execute on function pgfirst.cache_get_many(text, text[], text, timestamptz) to pgfirst_app;
--! EndIncluded functions/cache/cache_get_many.sql
--! Included functions/cache/cache_incr.sql
create or replace function pgfirst.cache_incr(
  namespace text,
  key text,
  delta bigint default 1,
  ttl interval default null,
  tenant text default '',
  now timestamptz default null
)
returns bigint
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.cache_incr(text, text, bigint, interval, text, timestamptz) is
  'Adds delta to an integer value atomically and returns the result (Redis INCRBY); a missing or expired key starts at 0 with expiry ttl (null = namespace default), a live key keeps its expiry. PF106 when the value is not an integer. One statement.';
revoke all on function pgfirst.cache_incr(text, text, bigint, interval, text, timestamptz) from public;
grant execute on function pgfirst.cache_incr(text, text, bigint, interval, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/cache/cache_incr.sql
--! Included functions/cache/cache_lease.sql
create or replace function pgfirst.cache_lease(
  namespace text,
  key text,
  lease interval default '30 seconds',
  tenant text default '',
  now timestamptz default null
)
returns table (value jsonb, hit boolean, leased boolean, stale boolean)
language plpgsql
volatile
security definer -- reads and writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.cache_lease(text, text, interval, text, timestamptz) is
  'Stampede-safe read. Hit: (value, hit, not leased). Miss: exactly one concurrent caller gets leased = true until now + lease and should compute and cache_set the value; the others get leased = false. Within the namespace''s stale_ttl after expiry every caller also gets the old value with stale = true.';
revoke all on function pgfirst.cache_lease(text, text, interval, text, timestamptz) from public;
grant execute on function pgfirst.cache_lease(text, text, interval, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/cache/cache_lease.sql
--! Included functions/cache/cache_set_many.sql
create or replace function pgfirst.cache_set_many(
  namespace text,
  entries jsonb,
  ttl interval default null,
  tenant text default '',
  now timestamptz default null
)
returns integer
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.cache_set_many(text, jsonb, interval, text, timestamptz) is
  'Stores every key of the JSON object entries with its value and one expiry (Redis MSET / pipelined SET EX) in one INSERT … ON CONFLICT; returns the number of keys written.';
revoke all on function pgfirst.cache_set_many(text, jsonb, interval, text, timestamptz) from public;
grant execute on function pgfirst.cache_set_many(text, jsonb, interval, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/cache/cache_set_many.sql
--! Included functions/cache/cache_touch.sql
create or replace function pgfirst.cache_touch(
  namespace text,
  key text,
  ttl interval,
  tenant text default '',
  now timestamptz default null
)
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.cache_touch(text, text, interval, text, timestamptz) is
  'Gives a live key a new expiry now + ttl (Redis EXPIRE; ttl null = the namespace default, else no expiry, like PERSIST); false when the key is missing or expired. HOT update of one row.';
revoke all on function pgfirst.cache_touch(text, text, interval, text, timestamptz) from public;
grant execute on function pgfirst.cache_touch(text, text, interval, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/cache/cache_touch.sql
--! Included functions/core/health.sql
-- Core checks plus the job, schedule, maintenance, archive and table checks. Thresholds are
-- settings (health.*, schedule.missed_grace, archive.days_ahead). Ages are in seconds.
-- Every check reads catalog statistics or small indexed sets: cheap enough for a probe.
-- Ages go through age_clamped, so one row's extreme or infinite timestamp cannot make
-- the whole report fail; now => must be finite (PF006).
create or replace function pgfirst.health(now timestamptz default null)
returns table("check" text, status text, value numeric, detail text)
language sql
stable
security definer -- reads pgfirst_private and graphile-migrate bookkeeping
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.health(timestamptz) is
  'Health checks as rows ("check", status ok|warn|crit, value, detail): schema, roles, settings, oldest ready job, dead jobs and reaped leases in the last hour, maintenance freshness, overdue schedules, table bloat, archive partitions ahead, long transactions (client backends), dropdown staleness (warn past max_staleness, crit past ten times it). Thresholds in pgfirst.settings (health.*). Read-only, one round trip.';
revoke all on function pgfirst.health(timestamptz) from public;
grant execute on function pgfirst.health(timestamptz) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/core/health.sql
--! Included functions/core/maintenance.sql
-- Every module's bounded cleanup in one call. Modules are optional: a cleanup function that
-- is not installed (cache, sessions, rate limits live in other migrations) is looked up with
-- to_regprocedure and skipped when absent, then called through format('%I') + EXECUTE USING,
-- so maintenance works whatever set of modules is installed. Safe to run from several
-- processes at once: the cleanups delete in bounded SKIP LOCKED batches (each row once),
-- job_reap uses SKIP LOCKED, and archive DDL is serialised by a row lock.
create or replace function pgfirst.maintenance(now timestamptz default null)
returns jsonb
language plpgsql
volatile
security definer -- runs private cleanups, partition DDL and the module cleanup functions
set search_path = pg_catalog, pg_temp
as $$
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
  v_archive jsonb;
  v_log bigint;
begin
  v_reaped := pgfirst.job_reap(now => v_now);

  v_dead := pgfirst_private.job_dead_purge(now => v_now, max_rows => v_batch);

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

  v_result := pg_catalog.jsonb_build_object(
    'at', v_now,
    'jobs_reaped', v_reaped,
    'dead_purged', v_dead,
    'archive', v_archive,
    'cleanup', v_cleanup,
    'not_installed', pg_catalog.to_jsonb(v_missing),
    'log_pruned', v_log);
  insert into pgfirst_private.maintenance_run (at, result) values (v_now, v_result);
  return v_result;
end;
$$;

comment on function pgfirst.maintenance(timestamptz) is
  'Runs every installed module''s bounded cleanup (job reaping, dead-letter retention, archive partitions ahead and retention, cache/session/rate-limit cleanups when installed) and returns what it did as jsonb. Safe from several processes at once; installed as the schedule pgfirst.maintenance (every minute).';
revoke all on function pgfirst.maintenance(timestamptz) from public;
grant execute on function pgfirst.maintenance(timestamptz) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/core/maintenance.sql
--! Included functions/job/job_claim.sql
create or replace function pgfirst.job_claim(
  worker_id text,
  queues text[] default null,
  max_jobs integer default 1,
  lease interval default '30 seconds',
  now timestamptz default null
)
returns table(id bigint, task text, payload jsonb, queue text, tenant text, attempt integer,
              max_attempts integer, lease_expires_at timestamptz)
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- claims rows of pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
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

  -- Queues with a configuration that matters (paused or limited) are few; unlimited
  -- queues pay only this lookup of a tiny table.
  select coalesce(pg_catalog.array_agg(q.queue), '{}') into v_skip
    from pgfirst_private.job_queue q
   where q.paused or q.concurrency is not null;

  -- Limited queues: one claimer at a time per queue (the queue's job_queue row, locked FOR
  -- NO KEY UPDATE until commit: a role without pgfirst grants cannot take it, as it could
  -- an advisory lock; enqueue's key-share checks do not conflict with it).
  -- Under the lock, a fresh snapshot counts running jobs, so the limit holds across all
  -- workers. A queue that looks full without the lock is skipped (no convoy on full
  -- queues); one with a free slot waits for the lock instead of skipping it: a claimer
  -- that skipped could miss the slot a completion freed while another claimer held the
  -- lock with an older count, and both would then sleep until their next poll.
  -- Locks are taken in queue-name order, so claimers never deadlock on them.
  if v_skip <> '{}' then
    for v_limited in
      select q.queue, q.concurrency
        from pgfirst_private.job_queue q
       where q.concurrency is not null and not q.paused
         and (job_claim.queues is null or q.queue = any (job_claim.queues))
       order by q.queue
    loop
      exit when v_remaining <= 0;
      select count(*) into v_running
        from pgfirst_private.job j
       where j.state = 'running' and j.queue = v_limited.queue;
      continue when v_running >= v_limited.concurrency;
      -- nothing ready: no lock (a row lock makes the transaction write: an idle poll would
      -- pay a WAL flush). A job that becomes ready after this check sends a notification.
      continue when not exists (
        select from pgfirst_private.job j
         where j.state in ('pending', 'failed') and j.run_at <= v_now and j.queue = v_limited.queue);
      perform from pgfirst_private.job_queue q where q.queue = v_limited.queue for no key update;
      select count(*) into v_running
        from pgfirst_private.job j
       where j.state = 'running' and j.queue = v_limited.queue;
      v_slots := least(v_limited.concurrency - v_running, v_remaining);
      continue when v_slots <= 0;
      return query
        with c as (
          select j.id
            from pgfirst_private.job j
           where j.state in ('pending', 'failed')
             and j.run_at <= v_now
             and j.queue = v_limited.queue
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
        returning j.id, j.task, j.payload, j.queue, j.tenant, j.attempt, j.max_attempts, j.lease_expires_at;
      get diagnostics v_got = row_count;
      v_remaining := v_remaining - v_got;
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
    returning j.id, j.task, j.payload, j.queue, j.tenant, j.attempt, j.max_attempts, j.lease_expires_at;
end;
$$;

comment on function pgfirst.job_claim(text, text[], integer, interval, timestamptz) is
  'Claims up to max_jobs ready jobs (highest priority, then earliest run_at, then id) for worker_id with FOR UPDATE SKIP LOCKED and a lease; skips paused queues and honours queue concurrency limits across all workers. Call in its own transaction (READ COMMITTED).';
revoke all on function pgfirst.job_claim(text, text[], integer, interval, timestamptz) from public;
grant execute on function pgfirst.job_claim(text, text[], integer, interval, timestamptz) to pgfirst_worker;
--! EndIncluded functions/job/job_claim.sql
--! Included functions/job/job_complete.sql
create or replace function pgfirst.job_complete(
  ids bigint[],
  worker_id text,
  now timestamptz default null,
  attempts integer[] default null
)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- deletes from pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
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
  perform pgfirst_private.job_finished(v_done, 'done', v_now);
  return pg_catalog.cardinality(v_done);
end;
$$;

comment on function pgfirst.job_complete(bigint[], text, timestamptz, integer[]) is
  'Marks jobs done and removes them from the hot table, in one statement. Fenced: only jobs still leased to worker_id (and to the given attempts, when passed) count; others are left alone. Returns how many were completed.';
revoke all on function pgfirst.job_complete(bigint[], text, timestamptz, integer[]) from public;
grant execute on function pgfirst.job_complete(bigint[], text, timestamptz, integer[]) to pgfirst_worker;
--! EndIncluded functions/job/job_complete.sql
--! Included functions/job/job_enqueue.sql
create or replace function pgfirst.job_enqueue(
  task text,
  payload jsonb default '{}',
  queue text default 'default',
  run_at timestamptz default null,
  priority integer default 0,
  max_attempts integer default 25,
  job_key text default null,
  job_key_mode text default 'replace',
  tenant text default '',
  now timestamptz default null
)
returns bigint
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_run_at timestamptz := coalesce(run_at, v_now);
  v_id bigint;
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
  if not pgfirst_private.arg_time_ok(run_at) then
    v_run_at := pgfirst_private.arg_time(run_at, 'run_at');
  end if;

  if job_key is null then
    insert into pgfirst_private.job
      (tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at)
    values (coalesce(tenant, ''), queue, task, coalesce(payload, '{}'), coalesce(priority, 0),
            v_run_at, max_attempts, v_now, v_now)
    returning id into v_id;
  else
    v_id := pgfirst_private.job_enqueue_keyed(task, coalesce(payload, '{}'), queue, v_run_at,
              coalesce(priority, 0), max_attempts, job_key, job_key_mode, coalesce(tenant, ''), v_now);
  end if;

  -- Wake idle workers (one notifying transaction per queue at a time: see job_notify).
  if v_run_at <= v_now then
    perform pgfirst_private.job_notify(queue);
  end if;
  return v_id;
end;
$$;

comment on function pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz) is
  'Enqueues one job and returns its id (with job_key: the id of the deduplicated job, per job_key_mode replace | preserve_run_at | keep). One statement, callable from triggers; wakes listening workers (NOTIFY on pgfirst.job_listen_channel(), empty payload) when ready now.';
revoke all on function pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz) from public;
grant execute on function pgfirst.job_enqueue(text, jsonb, text, timestamptz, integer, integer, text, text, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/job/job_enqueue.sql
--! Included functions/job/job_fail.sql
create or replace function pgfirst.job_fail(
  id bigint,
  worker_id text,
  error text,
  retry_delay interval default null,
  now timestamptz default null,
  attempt integer default null
)
returns text
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.job_fail(bigint, text, text, interval, timestamptz, integer) is
  'Records a failed attempt of a job leased to worker_id. Returns the new state: failed (retried at now + retry_delay, or the exponential backoff with jitter), dead (max_attempts spent), cancelled (cancellation was requested), or null when the job is not leased to this worker (fenced, nothing changed).';
revoke all on function pgfirst.job_fail(bigint, text, text, interval, timestamptz, integer) from public;
grant execute on function pgfirst.job_fail(bigint, text, text, interval, timestamptz, integer) to pgfirst_worker;
--! EndIncluded functions/job/job_fail.sql
--! Included functions/job/job_heartbeat.sql
create or replace function pgfirst.job_heartbeat(
  worker_id text,
  lease interval default null,
  now timestamptz default null
)
returns table(id bigint, cancel_requested boolean)
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.job_heartbeat(text, interval, timestamptz) is
  'Extends every lease worker_id holds to now + lease (default: each job''s claim lease) in one statement; returns the jobs still held and whether cancellation was requested. A job missing from the result was reaped: stop working on it.';
revoke all on function pgfirst.job_heartbeat(text, interval, timestamptz) from public;
grant execute on function pgfirst.job_heartbeat(text, interval, timestamptz) to pgfirst_worker;
--! EndIncluded functions/job/job_heartbeat.sql
--! Included functions/job/job_reap.sql
create or replace function pgfirst.job_reap(now timestamptz default null)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
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
  with x as (
    select j.id
      from pgfirst_private.job j
     where j.state = 'running' and j.lease_expires_at < v_now and j.attempt < j.max_attempts
       and not j.cancel_requested
       for update skip locked
  )
  update pgfirst_private.job j
     set state = 'failed', run_at = v_now, worker_id = null,
         lease_expires_at = null, lease_duration = null,
         last_error = 'lease expired',
         errors = pgfirst_private.job_error_push(j.errors, pg_catalog.jsonb_build_object(
                    'at', v_now, 'attempt', j.attempt, 'worker_id', j.worker_id, 'error', 'lease expired')),
         updated_at = v_now
    from x
   where j.id = x.id;
  get diagnostics v_back = row_count;

  -- Expired leases on the last attempt (dead) or of a job whose cancellation was requested
  -- (cancelled: its worker is gone, and running it again would undo the cancel).
  with x as (
    select j.id
      from pgfirst_private.job j
     where j.state = 'running' and j.lease_expires_at < v_now
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
                     'last_error', 'lease expired', 'updated_at', v_now,
                     'errors', pgfirst_private.job_error_push(r.errors, pg_catalog.jsonb_build_object(
                       'at', v_now, 'attempt', r.attempt, 'worker_id', r.worker_id, 'error', 'lease expired')))) as r
              from pg_catalog.unnest(v_dead) r) g;
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

comment on function pgfirst.job_reap(timestamptz) is
  'Returns jobs whose lease expired before now to the queue (ready at once, the attempt counted), to dead when it was the last attempt, or to cancelled when job_cancel had flagged it; returns how many. Safe to call from many processes (SKIP LOCKED); reads only the small running index.';
revoke all on function pgfirst.job_reap(timestamptz) from public;
grant execute on function pgfirst.job_reap(timestamptz) to pgfirst_worker;
--! EndIncluded functions/job/job_reap.sql
--! Included functions/job/job_release.sql
create or replace function pgfirst.job_release(
  ids bigint[],
  worker_id text,
  now timestamptz default null
)
returns integer
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- updates pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.job_release(bigint[], text, timestamptz) is
  'Hands jobs leased to worker_id back to the queue without counting the attempt (graceful shutdown); a job flagged by job_cancel becomes cancelled instead. Fenced like job_complete. Returns how many jobs left this worker.';
revoke all on function pgfirst.job_release(bigint[], text, timestamptz) from public;
grant execute on function pgfirst.job_release(bigint[], text, timestamptz) to pgfirst_worker;
--! EndIncluded functions/job/job_release.sql
--! Included functions/job/job_retry.sql
create or replace function pgfirst.job_retry(id bigint, run_at timestamptz default null)
returns boolean
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- moves rows from pgfirst_private.job_dead to pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_id bigint;
  v_dead pgfirst_private.job_dead;
begin
  if not pgfirst_private.arg_time_ok(job_retry.run_at) then
    perform pgfirst_private.arg_time(job_retry.run_at, 'run_at');
  end if;
  -- Same id, fresh attempts. If a live job already holds the job_key, the dead one is left
  -- where it is (the live job covers the work) and false is returned.
  select x.* into v_dead from pgfirst_private.job_dead x where x.id = job_retry.id for update;
  if not found then
    return false;
  end if;
  insert into pgfirst_private.job as j
    (id, tenant, queue, task, payload, priority, run_at, state, attempt, max_attempts, job_key,
     last_error, errors, created_at, updated_at)
  values (v_dead.id, v_dead.tenant, v_dead.queue, v_dead.task, v_dead.payload, v_dead.priority,
          coalesce(job_retry.run_at, v_now), 'pending', 0, v_dead.max_attempts, v_dead.job_key,
          v_dead.last_error, v_dead.errors, v_dead.created_at, v_now)
  on conflict (tenant, job_key) where job_key is not null do nothing
  returning j.id into v_id;
  if v_id is null then
    return false;
  end if;
  delete from pgfirst_private.job_dead x where x.id = job_retry.id;
  if coalesce(job_retry.run_at, v_now) <= v_now then
    perform pgfirst_private.job_notify(v_dead.queue);
  end if;
  return true;
end;
$$;

comment on function pgfirst.job_retry(bigint, timestamptz) is
  'Moves a dead or cancelled job back to pending (same id, attempts reset) to run at run_at (default now). False when there is no such dead letter or a live job holds its job_key.';
revoke all on function pgfirst.job_retry(bigint, timestamptz) from public;
grant execute on function pgfirst.job_retry(bigint, timestamptz) to pgfirst_admin;
--! EndIncluded functions/job/job_retry.sql
--! Included functions/job/queue_configure.sql
create or replace function pgfirst.queue_configure(
  queue text,
  concurrency integer default null,
  paused boolean default false,
  keep_finished interval default null
)
returns void
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job_queue
set search_path = pg_catalog, pg_temp
as $$
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
  insert into pgfirst_private.job_queue as q (queue, concurrency, paused, keep_finished, updated_at)
  values (queue_configure.queue, queue_configure.concurrency, coalesce(queue_configure.paused, false),
          queue_configure.keep_finished, pg_catalog.now())
  on conflict on constraint job_queue_pkey do update
     set concurrency = excluded.concurrency, paused = excluded.paused,
         keep_finished = excluded.keep_finished, updated_at = excluded.updated_at;
  if not coalesce(queue_configure.paused, false) then
    perform pgfirst_private.job_notify(queue_configure.queue);
  end if;
end;
$$;

comment on function pgfirst.queue_configure(text, integer, boolean, interval) is
  'Sets a queue''s whole configuration: concurrency (max running jobs across all workers; 1 = serial; null = unlimited) and paused (claims skip the queue). Takes effect on the next claim. keep_finished (null = off) copies the queue''s finished jobs into the partitioned job archive, kept at least that long (PF512 if not positive).';
revoke all on function pgfirst.queue_configure(text, integer, boolean, interval) from public;
grant execute on function pgfirst.queue_configure(text, integer, boolean, interval) to pgfirst_admin;
--! EndIncluded functions/job/queue_configure.sql
--! Included functions/job/queue_stats.sql
create or replace function pgfirst.queue_stats()
returns table(queue text, pending bigint, scheduled bigint, running bigint, dead bigint,
              oldest_pending_age interval)
language sql
stable
called on null input
parallel safe
security definer -- reads pgfirst_private job tables
set search_path = pg_catalog, pg_temp
as $$
  with live as (
    select j.queue,
           count(*) filter (where j.state <> 'running' and j.run_at <= pg_catalog.now()) as pending,
           count(*) filter (where j.state <> 'running' and j.run_at > pg_catalog.now()) as scheduled,
           count(*) filter (where j.state = 'running') as running,
           pg_catalog.min(j.run_at) filter (where j.state <> 'running' and j.run_at <= pg_catalog.now()) as oldest
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

comment on function pgfirst.queue_stats() is
  'Per queue: ready (pending), future (scheduled), running and dead job counts and the age of the oldest ready job. One scan of the live-jobs table (small by design) plus the dead letters.';
revoke all on function pgfirst.queue_stats() from public;
grant execute on function pgfirst.queue_stats() to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/job/queue_stats.sql
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

comment on function pgfirst.login_attempt(text, inet, text, timestamptz) is
  'Call before checking a password: reserves the attempt on the username, IP and username+IP counters atomically (row locks), so at most login.max_failures checks per window get through whatever the parallelism. Returns allowed, the username''s failures counting this attempt, locked_until (set as soon as this attempt reaches a limit: it applies if the attempt fails) and retry_after when denied. PF306 empty username.';
revoke all on function pgfirst.login_attempt(text, inet, text, timestamptz) from public;
grant execute on function pgfirst.login_attempt(text, inet, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/rate_limit/login_attempt.sql
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

comment on function pgfirst.rate_limit_cleanup(integer, timestamptz) is
  'Deletes up to max_rows dead rate-limit and login-throttle rows (fully replenished keys; expired windows and locks with forgotten escalation); returns how many. SKIP LOCKED: concurrent runs share the work.';
revoke all on function pgfirst.rate_limit_cleanup(integer, timestamptz) from public;
grant execute on function pgfirst.rate_limit_cleanup(integer, timestamptz) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/rate_limit/rate_limit_cleanup.sql
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

comment on function pgfirst.rate_limit_peek(text, integer, interval, text, timestamptz) is
  'What rate_limit_hit with cost 1 would answer, without consuming anything or writing. Read-only.';
revoke all on function pgfirst.rate_limit_peek(text, integer, interval, text, timestamptz) from public;
grant execute on function pgfirst.rate_limit_peek(text, integer, interval, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/rate_limit/rate_limit_peek.sql
--! Included functions/schedule/cron_next.sql
-- STABLE, not IMMUTABLE: the answer depends on the server's time zone database, which an
-- OS or PostgreSQL upgrade can change (an IMMUTABLE result could be frozen into an index).
create or replace function pgfirst.cron_next(
  cron text,
  after timestamptz,
  timezone text default 'UTC'
)
returns timestamptz
language plpgsql
stable
parallel safe
security definer -- calls the pgfirst_private cron helpers
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.cron_next(text, timestamptz, text) is
  'The first instant strictly after "after" at which the cron expression fires, evaluated in the wall-clock time of "timezone" (DST: a time shown twice fires once, at its first occurrence; a time skipped by a spring-forward jump fires shifted forward by the jump). Null when after is null or nothing fires within 30 years. PF501 malformed, PF502 @reboot, PF503 unknown zone.';
revoke all on function pgfirst.cron_next(text, timestamptz, text) from public;
grant execute on function pgfirst.cron_next(text, timestamptz, text) to pgfirst_app;
--! EndIncluded functions/schedule/cron_next.sql
--! Included functions/schedule/schedule_next.sql
create or replace function pgfirst.schedule_next(name text, after timestamptz default null)
returns timestamptz
language sql
stable
security definer -- reads pgfirst_private.schedule
set search_path = pg_catalog, pg_temp
as $$
  -- first statement: refuse an infinite or out-of-range after (PF006) even when no row is read
  select pgfirst_private.arg_time(schedule_next.after, 'after');
  -- after = null: the stored next run (may be in the past when a tick is due but not yet run)
  select case when schedule_next.after is null then s.next_run
              else pgfirst_private.schedule_next_tick(s.spec, s.every, s.timezone, s.anchor, schedule_next.after) end
    from pgfirst_private.schedule s
   where s.name = schedule_next.name and s.enabled
$$;

comment on function pgfirst.schedule_next(text, timestamptz) is
  'The next run of an enabled schedule: the stored next_run, or the first tick strictly after "after". Null for an unknown or disabled schedule.';
revoke all on function pgfirst.schedule_next(text, timestamptz) from public;
grant execute on function pgfirst.schedule_next(text, timestamptz) to pgfirst_app;
--! EndIncluded functions/schedule/schedule_next.sql
--! Included functions/schedule/schedule_tick.sql
-- Exactly-once per tick without a leader: each due schedule row is locked FOR UPDATE SKIP
-- LOCKED, its due ticks are enqueued and next_run moves past them in the same transaction.
-- A concurrent caller skips the locked row, and one that reads it after the commit re-checks
-- "next_run <= now" on the new row version (READ COMMITTED re-evaluation) and leaves it.
-- The loop only computes ticks; all jobs are then enqueued by ONE job_enqueue_many call.
-- Built-in schedules (names starting with "pgfirst.") enqueue with job_key
-- 'pgfirst.schedule:<name>' in mode keep: while one of their jobs is pending, waiting to retry
-- or running, a new tick is coalesced into it (the tick still advances next_run).
create or replace function pgfirst.schedule_tick(now timestamptz default null)
returns integer
language plpgsql
volatile
security definer -- reads and advances pgfirst_private.schedule, enqueues jobs
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.schedule_tick(timestamptz) is
  'Enqueues every due schedule tick as a job, exactly once even when many processes call it at once (row lock + SKIP LOCKED + atomic next_run advance). Bounded: schedule.tick_batch schedules and schedule.catchup_limit ticks per schedule per call. Built-in schedules (name prefix pgfirst.) keep at most one outstanding job (job_key pgfirst.schedule:<name>, mode keep). Returns the number of jobs enqueued.';
revoke all on function pgfirst.schedule_tick(timestamptz) from public;
grant execute on function pgfirst.schedule_tick(timestamptz) to pgfirst_worker;
--! EndIncluded functions/schedule/schedule_tick.sql
--! Included functions/session/session_all.sql
-- plpgsql (it was one SQL statement) so that max_rows and now are checked before the scan.
create or replace function pgfirst.session_all(tenant text default '', max_rows integer default 1000, now timestamptz default null)
returns table(session_id text, user_id text, data jsonb, created_at timestamptz, last_seen_at timestamptz, expires_at timestamptz)
language plpgsql
stable
security definer -- reads pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.session_all(text, integer, timestamptz) is
  'Up to max_rows (1..10000, PF208) live sessions of a tenant with their data, keyed by public session_id (tokens are not stored, so they cannot be listed). Admin only: it reads every user''s session data.';
revoke all on function pgfirst.session_all(text, integer, timestamptz) from public;
grant execute on function pgfirst.session_all(text, integer, timestamptz) to pgfirst_admin;
--! EndIncluded functions/session/session_all.sql
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

comment on function pgfirst.session_cleanup(integer, timestamptz) is
  'Deletes up to max_rows expired sessions (and tombstones past their absolute expiry); returns how many. SKIP LOCKED: concurrent runs share the work.';
revoke all on function pgfirst.session_cleanup(integer, timestamptz) from public;
grant execute on function pgfirst.session_cleanup(integer, timestamptz) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/session/session_cleanup.sql
--! Included functions/session/session_count.sql
create or replace function pgfirst.session_count(tenant text default null, now timestamptz default null)
returns table(tenant text, live bigint, expired bigint, destroyed bigint)
language sql
stable
security definer -- reads pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.session_count(text, timestamptz) is
  'Sessions per tenant: live, expired (awaiting session_cleanup) and destroyed (tombstones of destroyed sessions and rotated-away tokens). Counts only, no data; a full scan of the tenant''s rows.';
revoke all on function pgfirst.session_count(text, timestamptz) from public;
grant execute on function pgfirst.session_count(text, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_count.sql
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

comment on function pgfirst.session_create(text, jsonb, text, interval, interval, timestamptz) is
  'Creates a session and returns its opaque token (256 bits from two gen_random_uuid(), 244 of them random, base64url); only sha256(token) is stored. Null timeouts take session.idle_timeout / session.absolute_timeout. One insert.';
revoke all on function pgfirst.session_create(text, jsonb, text, interval, interval, timestamptz) from public;
grant execute on function pgfirst.session_create(text, jsonb, text, interval, interval, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_create.sql
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
--! Included functions/session/session_list.sql
create or replace function pgfirst.session_list(user_id text, tenant text default null, now timestamptz default null)
returns table(session_id text, created_at timestamptz, last_seen_at timestamptz, expires_at timestamptz, data jsonb)
language sql
stable
security definer -- reads pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.session_list(text, text, timestamptz) is
  'The user''s live sessions, most recently used first ("your devices"). session_id is a public id that never reveals or derives the token. Read-only.';
revoke all on function pgfirst.session_list(text, text, timestamptz) from public;
grant execute on function pgfirst.session_list(text, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_list.sql

--! Included functions/cache/cache_set.sql
create or replace function pgfirst.cache_set(
  namespace text,
  key text,
  value jsonb,
  ttl interval default null,
  tenant text default '',
  now timestamptz default null
)
returns void
language plpgsql
volatile
security definer -- writes pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_stored boolean;
begin
  -- An assignment, not PERFORM: a simple expression skips the SPI query machinery.
  v_stored := pgfirst_private.cache_write(cache_set.namespace, cache_set.key, cache_set.value, cache_set.ttl,
                                          cache_set.tenant, cache_set.now, only_if_dead => false);
end;
$$;

comment on function pgfirst.cache_set(text, text, jsonb, interval, text, timestamptz) is
  'Stores value under (tenant, namespace, key), replacing any previous value (Redis SET [EX]); ttl null = the namespace default_ttl, else no expiry. Ends a pending cache_lease on the key. One statement.';
revoke all on function pgfirst.cache_set(text, text, jsonb, interval, text, timestamptz) from public;
grant execute on function pgfirst.cache_set(text, text, jsonb, interval, text, timestamptz) to pgfirst_app;
--! EndIncluded functions/cache/cache_set.sql
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

comment on function pgfirst.setting_set(text, jsonb) is
  'Overrides a setting after checking the value against its registered type (PF002 unknown name, PF003 wrong type) and its declared range or pattern (PF005); null resets to the default. Returns the effective value.';
revoke all on function pgfirst.setting_set(text, jsonb) from public;
grant execute on function pgfirst.setting_set(text, jsonb) to pgfirst_admin;
--! EndIncluded functions/core/setting_set.sql
--! Included functions/dropdown/dropdown_define.sql
create or replace function pgfirst.dropdown_define(
  name text,
  query text,
  sources regclass[],
  debounce interval default '1 second',
  max_staleness interval default '30 seconds',
  view_schema text default 'pgfirst_mv'
)
returns void
language plpgsql
volatile
security definer -- writes the registry, creates the view (then owned by pgfirst_dropdown) and triggers on the sources, runs the first refresh
set search_path = pg_catalog, pg_temp
-- the lexical check in dropdown_query_check reads strings as the parser will
set standard_conforming_strings = on
as $$
#variable_conflict use_column
declare
  v_query text;
  v_columns text[];
  v_missing text[];
  v_view text := 'mv_' || name || '_dropdown';
  v_id integer;
  v_source regclass;
  v_kind "char";
  v_trgm text := pgfirst_private.dropdown_ext_schema('pg_trgm');
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

  -- Rows without tenant or id cannot be paged or looked up: they are left out.
  execute pg_catalog.format($f$
    create materialized view %1$I.%2$I as
    select q.tenant::text collate "C" as tenant,
           q.id::text collate "C" as id,
           coalesce(q.text::text, q.id::text) as text,
           coalesce(%3$s, '') collate "C" as sort_key,
           pg_catalog.left(coalesce(pgfirst_private.dropdown_normalize(%4$s), ''), 1000) collate "C" as search,
           %5$s as group_label
      from (%6$s
           ) q
     where q.tenant is not null and q.id is not null
     -- stored in page order: rows a search finds often sit together (a surname when sorting
     -- by surname), so a page touches few heap blocks; refreshes keep most rows in place
     order by 1, 4, 2
    with no data
  $f$, view_schema, v_view,
    case when 'sort_key' = any (v_columns) then 'q.sort_key::text'
         else 'pgfirst_private.dropdown_normalize(q.text::text)' end,
    case when 'search' = any (v_columns) then 'coalesce(q.search::text, q.text::text)' else 'q.text::text' end,
    case when 'group_label' = any (v_columns) then 'q.group_label::text' else 'null::text' end,
    v_query);
  -- unique: required by REFRESH CONCURRENTLY, and the lookup path
  execute pg_catalog.format('create unique index %I on %I.%I (tenant, id)', v_view || '_key', view_schema, v_view);
  -- first page and keyset paging, covering (index-only once the visibility map is set)
  execute pg_catalog.format('create index %I on %I.%I (tenant, sort_key, id) include (text, group_label)',
    v_view || '_page', view_schema, v_view);
  -- 1-2 character prefix search: a range scan on the C-collated normalised text, already in
  -- (search, id) order, so a page costs the same however many rows match
  execute pg_catalog.format('create index %I on %I.%I (tenant, search, id)', v_view || '_prefix', view_schema, v_view);
  -- 3+ character %term% search: trigram GIN, tenant inside the same index through btree_gin
  execute pg_catalog.format('create index %I on %I.%I using gin (tenant, search %I.gin_trgm_ops)',
    v_view || '_trgm', view_schema, v_view, v_trgm);
  execute pg_catalog.format('comment on materialized view %I.%I is %L', view_schema, v_view,
    pg_catalog.format('pgfirst dropdown %s: read it through pgfirst.dropdown_search (tenant isolation lives there); refreshed by pgfirst.dropdown_refresh.', name));
  execute pg_catalog.format('revoke all on %I.%I from public', view_schema, v_view);
  -- Owned by pgfirst_dropdown: REFRESH runs the query as the view's owner (in a
  -- security-restricted operation), so the query's code never has more rights than that role.
  perform pgfirst_private.dropdown_view_own(v_view, view_schema);

  for v_source in select distinct s from pg_catalog.unnest(sources) s loop
    execute pg_catalog.format(
      'create trigger %I after insert or update or delete or truncate on %s for each statement execute function pgfirst_private.dropdown_source_changed(%L)',
      'pgfirst_dropdown_' || name, v_source, v_id);
  end loop;

  perform pgfirst_private.dropdown_generate(v_id);
  perform pgfirst_private.dropdown_dispatch_rebuild();
  perform pgfirst.dropdown_refresh(name);
end;
$$;

comment on function pgfirst.dropdown_define(text, text, regclass[], interval, interval, text) is
  'Creates or replaces dropdown <name>: materialized view <view_schema>.mv_<name>_dropdown from query (tenant, id, text; optional sort_key, search, group_label) with its unique, first-page, prefix and trigram indexes, statement-level change triggers on sources, and a first (plain) refresh. The query must be exactly one SELECT (PF614); the view is owned by pgfirst_dropdown, so the query runs only with that role''s grants (PF615 names any it lacks). Takes strong locks on the sources while adding triggers.';
revoke all on function pgfirst.dropdown_define(text, text, regclass[], interval, interval, text) from public;
grant execute on function pgfirst.dropdown_define(text, text, regclass[], interval, interval, text) to pgfirst_admin;
--! EndIncluded functions/dropdown/dropdown_define.sql
--! Included functions/dropdown/dropdown_drop.sql
create or replace function pgfirst.dropdown_drop(name text)
returns boolean
language plpgsql
volatile
security definer -- removes a view, triggers and registry rows owned by pgfirst
set search_path = pg_catalog, pg_temp
as $$
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
    execute pg_catalog.format('drop function if exists pgfirst_private.%I(text, text, integer, integer, integer, text, text, text[])',
      v_d.function_name);
  end if;
  -- refresh jobs still queued for it find no dropdown and finish without work
  return true;
end;
$$;

comment on function pgfirst.dropdown_drop(text) is
  'Removes dropdown <name>: its change triggers, materialized view, generated search function and registry row. Returns false when no such dropdown exists.';
revoke all on function pgfirst.dropdown_drop(text) from public;
grant execute on function pgfirst.dropdown_drop(text) to pgfirst_admin;
--! EndIncluded functions/dropdown/dropdown_drop.sql
--! Included functions/dropdown/dropdown_lookup.sql
create or replace function pgfirst.dropdown_lookup(name text, tenant text, ids text[])
returns table(id text, text text)
language plpgsql
stable
security definer -- reads the dropdown views, which application roles cannot read: the tenant filter is enforced here
set search_path = pg_catalog, pg_temp
as $$
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
      from pgfirst_private.dropdown_dispatch(v_id, dropdown_lookup.tenant, null, 3, null, null, null, null, ids) x
      join lateral (select pg_catalog.min(o.n) as n
                      from pg_catalog.unnest(ids) with ordinality as o(v, n) where o.v = x.r_id) o on true
     order by o.n;
end;
$$;

comment on function pgfirst.dropdown_lookup(text, text, text[]) is
  'Labels of preselected values: (id, text) for the given ids of one tenant, in the order given; ids that do not exist for that tenant are absent.';
revoke all on function pgfirst.dropdown_lookup(text, text, text[]) from public;
grant execute on function pgfirst.dropdown_lookup(text, text, text[]) to pgfirst_app;
--! EndIncluded functions/dropdown/dropdown_lookup.sql
--! Included functions/dropdown/dropdown_refresh.sql
create or replace function pgfirst.dropdown_refresh(name text)
returns void
language plpgsql
volatile
security definer -- refreshes a view owned by pgfirst and records figures in pgfirst_private
set search_path = pg_catalog, pg_temp
as $$
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
  -- markers aimed at this generation (or older, or -1) are now reflected in the view
  delete from pgfirst_private.dropdown_change c
   where c.dropdown_id = v_d.id and c.generation <= v_generation;
end;
$$;

comment on function pgfirst.dropdown_refresh(text) is
  'Refreshes dropdown <name>: REFRESH MATERIALIZED VIEW CONCURRENTLY (plain the first time), never blocking readers; single flight per dropdown; records duration, row count and refresh time. Raises PF601 for an unknown name.';
revoke all on function pgfirst.dropdown_refresh(text) from public;
grant execute on function pgfirst.dropdown_refresh(text) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/dropdown/dropdown_refresh.sql
--! Included functions/dropdown/dropdown_search.sql
create or replace function pgfirst.dropdown_search(
  name text,
  tenant text,
  term text default '',
  page integer default 1,
  page_size integer default 30,
  after text default null
)
returns jsonb
language plpgsql
stable
security definer -- reads the dropdown views, which application roles cannot read: the tenant filter is enforced here
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_id integer;
  v_as_of timestamptz;
  v_term text;
  v_mode integer;
  v_sort text;
  v_after_id text;
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
    select c.sort_key, c.id into v_sort, v_after_id from pgfirst_private.dropdown_cursor_decode(after) c;
  end if;

  -- 1-2 characters: prefix of the normalised search text (a trigram needs 3);
  -- longer: substring through the trigram index, LIKE wildcards in the term escaped
  v_term := pg_catalog.btrim(coalesce(term, ''));
  if v_term <> '' then
    v_term := pgfirst_private.dropdown_normalize(v_term);
  end if;
  if v_term = '' then
    v_mode := 0;
  elsif pg_catalog.length(v_term) <= 2 then
    v_mode := 1;
  else
    v_mode := 2;
    v_term := '%' || pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(v_term, '\', '\\'), '%', '\%'), '_', '\_') || '%';
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
                         (pg_catalog.array_agg(pg_catalog.jsonb_build_array(x.r_sort_key, x.r_id)) filter (where x.n = page_size))[1]::text,
                         'UTF8'), 'base64'), E'+/=\n', '-_')
                     end)::jsonb
      into v_result
      from pgfirst_private.dropdown_dispatch(v_id, tenant, v_term, v_mode, page_size + 1,
             case when after is null then (page - 1) * page_size else 0 end, v_sort, v_after_id, null)
           with ordinality as x(r_id, r_text, r_sort_key, r_group, n);
    return v_result;
  end if;

  -- grouped: consecutive rows with the same group_label form one Select2 group
  with r as (
    select x.r_id as id, x.r_text as text, x.r_sort_key as sort_key, x.r_group as grp, x.n
      from pgfirst_private.dropdown_dispatch(v_id, tenant, v_term, v_mode, page_size + 1,
             case when after is null then (page - 1) * page_size else 0 end, v_sort, v_after_id, null)
           with ordinality as x(r_id, r_text, r_sort_key, r_group, n)
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
                             pg_catalog.jsonb_build_array(l.sort_key, l.id)::text, 'UTF8'), 'base64'), E'+/=\n', '-_')
                      from r l where l.n = page_size and exists (select from r where r.n > page_size)))
    into v_result;
  return v_result;
end;
$$;

comment on function pgfirst.dropdown_search(text, text, text, integer, integer, text) is
  'Select2 AJAX page of dropdown <name> for one tenant: {"results":[{"id","text"}] (or groups with "children"), "pagination":{"more"}, "as_of": refresh time, "next": keyset cursor for after}. Accent- and case-insensitive; prefix match for 1-2 characters, substring (trigram) for longer terms; no COUNT. One statement, static plans.';
revoke all on function pgfirst.dropdown_search(text, text, text, integer, integer, text) from public;
grant execute on function pgfirst.dropdown_search(text, text, text, integer, integer, text) to pgfirst_app;
--! EndIncluded functions/dropdown/dropdown_search.sql
--! Included functions/dropdown/refresh_materialized_views.sql
create or replace function pgfirst.refresh_materialized_views()
returns integer
language plpgsql
volatile
security definer -- refreshes views owned by pgfirst, reads the registry and the catalog
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.refresh_materialized_views() is
  'Compatible entry point: refreshes every registered (dropdown) materialized view, views that others read first (dependency order), in one transaction; returns how many.';
revoke all on function pgfirst.refresh_materialized_views() from public;
grant execute on function pgfirst.refresh_materialized_views() to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/dropdown/refresh_materialized_views.sql
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

comment on function pgfirst.login_unlock(text, text) is
  'Admin: lifts every lock and forgets every failure of a username (its username and username+IP counters, escalation included); true when there was any. Per-IP counters are left alone.';
revoke all on function pgfirst.login_unlock(text, text) from public;
grant execute on function pgfirst.login_unlock(text, text) to pgfirst_admin;
--! EndIncluded functions/rate_limit/login_unlock.sql
--! Included functions/rate_limit/rate_limit_reset.sql
create or replace function pgfirst.rate_limit_reset(key text, tenant text default '')
returns boolean
language plpgsql
volatile
security definer -- deletes from pgfirst_private.rate_limit
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.rate_limit_reset(text, text) is
  'Forgets a key''s rate-limit state (its next hit starts with a full burst); true when there was state. E.g. after a solved CAPTCHA.';
revoke all on function pgfirst.rate_limit_reset(text, text) from public;
grant execute on function pgfirst.rate_limit_reset(text, text) to pgfirst_app;
--! EndIncluded functions/rate_limit/rate_limit_reset.sql
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

comment on function pgfirst.session_destroy_user(text, text, text) is
  '"Log out everywhere": destroys every live session of the user (in one tenant, or all tenants when tenant is null) except the one for except_token; returns how many. Uses the per-user index.';
revoke all on function pgfirst.session_destroy_user(text, text, text) from public;
grant execute on function pgfirst.session_destroy_user(text, text, text) to pgfirst_app;
--! EndIncluded functions/session/session_destroy_user.sql
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

comment on function pgfirst.session_patch(text, jsonb, timestamptz) is
  'Merges top-level keys into a live session''s data atomically (a JSON null removes the key); concurrent patches of different keys all survive. False when the session is unknown, expired or destroyed (never creates). PF204 malformed patch, PF203 too large.';
revoke all on function pgfirst.session_patch(text, jsonb, timestamptz) from public;
grant execute on function pgfirst.session_patch(text, jsonb, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_patch.sql
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

comment on function pgfirst.session_put(text, text, jsonb, text, interval, interval, timestamptz) is
  'Upsert for stores that mint their own tokens (>= 32 chars, PF207): creates the session if the token is new, else replaces the data (and, when given, the idle timeout; never the absolute expiry) of the live session; false (no change) for a destroyed or expired one, which therefore never comes back. One statement.';
revoke all on function pgfirst.session_put(text, text, jsonb, text, interval, interval, timestamptz) from public;
grant execute on function pgfirst.session_put(text, text, jsonb, text, interval, interval, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_put.sql
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

comment on function pgfirst.session_rotate(text, timestamptz) is
  'Gives a live session a new token (returned) and invalidates the old one in the same transaction, leaving a tombstone so no late write can revive the old token; null when the session is unknown, expired or destroyed. Call it on login and on privilege change (defeats session fixation). Two statements, one round trip.';
revoke all on function pgfirst.session_rotate(text, timestamptz) from public;
grant execute on function pgfirst.session_rotate(text, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_rotate.sql
--! Included functions/session/session_set.sql
-- Update only, never upsert: a destroyed (or expired) session stays gone.
create or replace function pgfirst.session_set(token text, data jsonb, now timestamptz default null)
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.session_set(text, jsonb, timestamptz) is
  'Replaces the data of a live session (true) and counts as activity; false when the token is unknown, expired or destroyed: never creates a row. PF202/PF203 for bad data.';
revoke all on function pgfirst.session_set(text, jsonb, timestamptz) from public;
grant execute on function pgfirst.session_set(text, jsonb, timestamptz) to pgfirst_app;
--! EndIncluded functions/session/session_set.sql
-- Settings: each declares the range or shape its value must have (setting_register's
-- min_value / max_value / pattern, checked by setting_check in setting_set, PF005).
alter table pgfirst_private.setting add column if not exists min_value jsonb;
alter table pgfirst_private.setting add column if not exists max_value jsonb;
alter table pgfirst_private.setting add column if not exists pattern text;
comment on column pgfirst_private.setting.min_value is 'Smallest allowed value (interval/integer/number settings); null = unbounded.';
comment on column pgfirst_private.setting.max_value is 'Largest allowed value (interval/integer/number settings); null = unbounded.';
comment on column pgfirst_private.setting.pattern is 'Regular expression a text setting must match; null = any.';
drop function if exists pgfirst_private.setting_register(text, text, jsonb, text);
--! Included functions/_internal/setting_register.sql
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
--! EndIncluded functions/_internal/setting_register.sql
--! Included functions/_internal/setting_check.sql
-- The range/shape rule a setting was declared with (pgfirst_private.setting: min_value,
-- max_value, pattern; null = no rule on that side). Called by setting_set after the type
-- check, and by the migration that introduced the rules to reset overrides that break them.
-- Values that would break a module are refused: login.max_failures -1 silently switched
-- throttling off, dropdown.queue '""' made every write to a dropdown source fail,
-- maintenance.batch 0 and cache.max_value_bytes 0 stopped cleanup and caching.
create or replace function pgfirst_private.setting_check(name text, value jsonb)
returns jsonb
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.setting_check(text, jsonb) is
  'Internal: returns value unchanged when it lies within the setting''s declared min_value/max_value and matches its pattern; raises PF005 otherwise (the type is checked by the caller).';
revoke all on function pgfirst_private.setting_check(text, jsonb) from public;
--! EndIncluded functions/_internal/setting_check.sql
-- The rules of the settings registered by migrations 000001-000011 (new settings pass
-- them to setting_register). Intervals are capped at 100 years like every interval argument.
update pgfirst_private.setting s
   set min_value = r.min_value, max_value = r.max_value, pattern = r.pattern
  from (values
    ('session.idle_timeout',          '"1 second"'::jsonb, '"100 years"'::jsonb, null::text),
    ('session.absolute_timeout',      '"1 second"', '"100 years"', null),
    ('session.touch_interval',        '"0 seconds"', '"1 day"', null),
    ('session.max_data_bytes',        '2', '268435456', null),
    ('login.max_failures',            '1', '1000000', null),
    ('login.user_ip_max_failures',    '0', '1000000', null),   -- 0 = no separate limit (documented)
    ('login.ip_max_failures',         '0', '1000000', null),   -- 0 = no per-IP limit (e.g. behind a proxy)
    ('login.window',                  '"1 second"', '"100 years"', null),
    ('login.lockout',                 '"1 second"', '"100 years"', null),
    ('login.lockout_escalation',      '1', '1000', null),
    ('login.lockout_max',             '"1 second"', '"100 years"', null),
    ('login.escalation_reset',        '"1 second"', '"100 years"', null),
    ('job.backoff_base',              '"0 seconds"', '"100 years"', null),
    ('job.backoff_max',               '"0 seconds"', '"100 years"', null),
    ('job.backoff_jitter',            '0', '1', null),
    ('job.error_history',             '1', '1000', null),
    ('job.dead_retention',            '"0 seconds"', '"100 years"', null),
    ('cache.max_value_bytes',         '1', '1073741823', null),
    ('cache.stats_sample_rate',       '0', '1', null),
    ('cache.cleanup_chunk_blocks',    '1', '131072', null),
    ('schedule.missed_grace',         '"0 seconds"', '"100 years"', null),
    ('schedule.catchup_window',       '"0 seconds"', '"100 years"', null),
    ('schedule.catchup_limit',        '1', '10000', null),
    ('schedule.tick_batch',           '1', '10000', null),
    ('archive.days_ahead',            '0', '366', null),
    ('archive.lock_timeout',          '"1 millisecond"', '"1 hour"', null),  -- 0 would mean wait forever
    ('maintenance.batch',             '1', '10000', null),
    ('health.oldest_pending_warn',    '"0 seconds"', '"100 years"', null),
    ('health.oldest_pending_crit',    '"0 seconds"', '"100 years"', null),
    ('health.dead_last_hour_warn',    '0', '2147483647', null),
    ('health.dead_last_hour_crit',    '0', '2147483647', null),
    ('health.reaped_last_hour_warn',  '0', '2147483647', null),
    ('health.reaped_last_hour_crit',  '0', '2147483647', null),
    ('health.schedule_overdue_crit',  '"0 seconds"', '"100 years"', null),
    ('health.bloat_warn',             '0', '1', null),
    ('health.bloat_crit',             '0', '1', null),
    ('health.long_transaction_warn',  '"0 seconds"', '"100 years"', null),
    ('health.long_transaction_crit',  '"0 seconds"', '"100 years"', null),
    ('health.maintenance_stale',      '"1 second"', '"100 years"', null),
    -- a job queue name: 1-200 characters, no spaces or quotes (job_enqueue's bound is 200 bytes)
    ('dropdown.queue',                null, null, '^[A-Za-z0-9_.:/-]{1,200}$'),
    ('dropdown.refresh_priority',     '-1000000', '1000000', null)
  ) as r(name, min_value, max_value, pattern)
 where s.name = r.name;
-- Overrides that break their new rule are reset to the default, with a NOTICE naming them.
do $$
declare
  r record;
begin
  for r in select s.name, s.value from pgfirst_private.setting s where s.value is not null order by s.name loop
    begin
      perform pgfirst_private.setting_check(r.name, r.value);
    exception when sqlstate 'PF005' then
      update pgfirst_private.setting s set value = null, updated_at = pg_catalog.now() where s.name = r.name;
      raise notice 'setting % was % (out of its range): reset to its default', r.name, r.value;
    end;
  end loop;
end
$$;
--! Included views/settings.sql
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
--! EndIncluded views/settings.sql
-- <<< sec-bounds
-- >>> sec-dropdown
-- Dropdown privilege model (issue 10, item 1): dropdown views live in schema pgfirst_mv and
-- are owned by pgfirst_dropdown, a NOLOGIN role with no rights but those a DBA grants, so
-- REFRESH runs a dropdown query with that role's rights only.
do $do$
declare
  v_role pg_catalog.pg_roles;
begin
  select * into v_role from pg_catalog.pg_roles r where r.rolname = 'pgfirst_dropdown';
  if not found then
    create role pgfirst_dropdown nologin;
  elsif v_role.rolsuper or v_role.rolcreaterole or v_role.rolcreatedb or v_role.rolbypassrls
        or v_role.rolreplication or v_role.rolcanlogin then
    -- fails for a non-superuser migrator when the role is a superuser: as it should
    alter role pgfirst_dropdown nosuperuser nocreaterole nocreatedb nobypassrls noreplication nologin;
  end if;
  if exists (select from pg_catalog.pg_auth_members m
              where m.member = (select r.oid from pg_catalog.pg_roles r where r.rolname = 'pgfirst_dropdown')) then
    raise exception 'role pgfirst_dropdown must not be a member of any role'
      using hint = 'Revoke its memberships (\du pgfirst_dropdown), then run the migrations again.';
  end if;
  if not (select r.rolsuper from pg_catalog.pg_roles r where r.rolname = current_user) then
    -- a non-superuser owner refreshes (must own) and reads the views through membership
    execute pg_catalog.format('grant pgfirst_dropdown to %I', current_user);
  end if;
end
$do$;
comment on role pgfirst_dropdown is
  'pgfirst: owns the dropdown materialized views; dropdown queries run with its rights only. Grant it USAGE on source schemas and SELECT on source tables, nothing else.';

create schema if not exists pgfirst_mv;
comment on schema pgfirst_mv is
  'pgfirst dropdown materialized views (owned by pgfirst_dropdown; read through pgfirst.dropdown_search).';
revoke all on schema pgfirst_mv from public;
-- REFRESH … CONCURRENTLY runs its diff queries as the view owner, naming the view
grant usage on schema pgfirst_mv to pgfirst_dropdown;
-- the view's own expressions (accent folding) run as pgfirst_dropdown at refresh
grant usage on schema pgfirst_ext to pgfirst_dropdown;
grant execute on function pgfirst_private.dropdown_normalize(text) to pgfirst_dropdown;

--! Included functions/_internal/dropdown_query_check.sql
-- Lexical check of a dropdown query, run before any of its text reaches the parser or the
-- executor: it must be exactly one statement (no ';' outside quotes and comments except
-- trailing ones), its parentheses must balance (so it cannot close the subquery it is
-- wrapped in), and its first word (after '(' and comments) must be SELECT or WITH.
-- It scans like PostgreSQL's lexer with standard_conforming_strings on (dropdown_define
-- pins that): '…' with '' doubling, E'…' with backslash escapes, "…" identifiers,
-- $tag$…$tag$, -- comments and nested /* */ comments. Where the two readings could differ
-- (a quote or a dollar sign glued to a number, a backslash escape in E'…' we cannot place)
-- it refuses instead of guessing. Returns the query without trailing ';' and whitespace.
create or replace function pgfirst_private.dropdown_query_check(query text)
returns text
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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
$$;

comment on function pgfirst_private.dropdown_query_check(text) is
  'Internal: lexical check that a dropdown query is exactly one SELECT/WITH statement with balanced parentheses (PF614 otherwise, before anything is parsed or run); returns it without trailing semicolons.';
revoke all on function pgfirst_private.dropdown_query_check(text) from public;
--! EndIncluded functions/_internal/dropdown_query_check.sql
--! Included functions/_internal/dropdown_grants_check.sql
-- Before a dropdown view is created: does pgfirst_dropdown, the role its query runs as at
-- every refresh, hold the grants the query needs? probe is a view of the query (parse
-- analysis only); its rule's dependencies name every relation, function and operator the
-- query references. Raises PF615 with the exact GRANT statements the DBA would run, so a
-- missing grant is a clear error at define time rather than a failed refresh job later.
-- Schema USAGE is asked for the schemas of referenced relations and functions (functions
-- whose bodies are parsed at run time look names up as pgfirst_dropdown), except
-- pg_catalog (public) and pgfirst_mv (other dropdowns' views, owned by pgfirst_dropdown).
create or replace function pgfirst_private.dropdown_grants_check(probe regclass)
returns void
language plpgsql
stable
strict
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.dropdown_grants_check(regclass) is
  'Internal: raises PF615, listing the GRANT statements needed, when pgfirst_dropdown lacks USAGE, SELECT or EXECUTE on anything the (probe view of a) dropdown query references.';
revoke all on function pgfirst_private.dropdown_grants_check(regclass) from public;
--! EndIncluded functions/_internal/dropdown_grants_check.sql
--! Included functions/_internal/dropdown_view_own.sql
-- Hands a dropdown view to pgfirst_dropdown. A superuser (the usual pgfirst owner) may do
-- so outright; any other owner needs the new owner to hold CREATE on the schema, which is
-- granted for this one statement only: with CREATE kept, code running as pgfirst_dropdown
-- could replace a view that dropdown_search reads with the owner's rights.
create or replace function pgfirst_private.dropdown_view_own(view_name text, view_schema text default 'pgfirst_mv')
returns void
language plpgsql
volatile
strict
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst_private.dropdown_view_own(text, text) is
  'Internal: makes pgfirst_dropdown the owner of a dropdown view (granting it CREATE on the schema only for the duration of the ALTER when the pgfirst owner is not a superuser).';
revoke all on function pgfirst_private.dropdown_view_own(text, text) from public;
--! EndIncluded functions/_internal/dropdown_view_own.sql

-- Existing dropdowns: move their views to pgfirst_mv, hand them to pgfirst_dropdown, and
-- grant it SELECT (and schema USAGE) on the relations their queries read, which the pgfirst
-- owner read for them until now. Functions are not granted: a query calling one that
-- PUBLIC may not execute (pg_read_file, …) fails its next refresh until a DBA decides.
do $do$
declare
  v_d record;
  v_rel regclass;
begin
  for v_d in select d.id, d.view_schema, d.view_name,
                    pg_catalog.format('%I.%I', d.view_schema, d.view_name)::regclass as mv
               from pgfirst_private.dropdown d order by d.id loop
    for v_rel in
      select distinct dep.refobjid::regclass
        from pg_catalog.pg_rewrite rw
        join pg_catalog.pg_depend dep on dep.classid = 'pg_catalog.pg_rewrite'::regclass and dep.objid = rw.oid
        join pg_catalog.pg_class c on c.oid = dep.refobjid
       where rw.ev_class = v_d.mv and dep.refclassid = 'pg_catalog.pg_class'::regclass and dep.refobjid <> v_d.mv
         and c.relnamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
    loop
      execute pg_catalog.format('grant usage on schema %I to pgfirst_dropdown',
        (select n.nspname from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.oid = v_rel));
      execute pg_catalog.format('grant select on %s to pgfirst_dropdown', v_rel);
    end loop;
    if v_d.view_schema <> 'pgfirst_mv' then
      execute pg_catalog.format('alter materialized view %I.%I set schema pgfirst_mv', v_d.view_schema, v_d.view_name);
      update pgfirst_private.dropdown d set view_schema = 'pgfirst_mv' where d.id = v_d.id;
    end if;
    perform pgfirst_private.dropdown_view_own(v_d.view_name);
  end loop;
  -- the generated search functions name the view: rewrite them
  perform pgfirst_private.dropdown_dispatch_rebuild(true);
end
$do$;

-- dropdown_status readable by pgfirst_admin (issue 10 item 4): no private function call
--! Included views/dropdown_status.sql
create or replace view pgfirst.dropdown_status as
select d.name,
       pg_catalog.format('%I.%I', d.view_schema, d.view_name) as view,
       d.last_refresh_rows as rows,
       d.last_refresh_at,
       d.last_refresh_duration as last_duration,
       d.refresh_count,
       c.stale_since,
       -- approximate (cumulative statistics): rows written to the sources since the last
       -- refresh started; 0 does not prove freshness, stale_since does
       -- (the sum of pgfirst_private.dropdown_source_writes, inlined: a view calls functions
       -- with the reader's rights, and pgfirst_admin has none on pgfirst_private)
       case when d.source_writes_at_refresh is not null
            then greatest(w.writes - d.source_writes_at_refresh, 0)
       end as pending_changes,
       c.stale_since is not null and c.stale_since < pg_catalog.now() - d.max_staleness as staleness_breached,
       d.debounce,
       d.max_staleness,
       d.sources
  from pgfirst_private.dropdown d
  left join lateral (
    select pg_catalog.min(x.changed_at) as stale_since
      from pgfirst_private.dropdown_change x where x.dropdown_id = d.id
  ) c on true
  cross join lateral (
    select coalesce(pg_catalog.sum(s.n_tup_ins + s.n_tup_upd + s.n_tup_del), 0)::bigint as writes
      from pg_catalog.pg_stat_all_tables s
     where s.relid = any (d.sources::oid[])
  ) w;

comment on view pgfirst.dropdown_status is
  'One row per dropdown: view, rows and duration of the last refresh, stale_since (oldest change not yet in the view), approximate pending_changes, and whether max_staleness is breached.';
revoke all on pgfirst.dropdown_status from public;
grant select on pgfirst.dropdown_status to pgfirst_admin;
--! EndIncluded views/dropdown_status.sql

-- Locks any role could take (issue 10 item 3): advisory locks become row locks on private
-- tables, which a role needs UPDATE on pgfirst_private tables (nobody but the owner) to lock.
-- Singletons and hashed slots: job NOTIFY coalescing per queue (1024 slots) and archive
-- maintenance (one row). Rows are only ever locked, never updated: no bloat.
create table if not exists pgfirst_private.lock_slot (
  kind text not null,
  slot integer not null,
  primary key (kind, slot)
);
comment on table pgfirst_private.lock_slot is
  'Rows locked (never updated) instead of advisory locks, which any role could take: (job_notify, 0..1023) per hashed queue, (archive_maintain, 0).';
insert into pgfirst_private.lock_slot (kind, slot)
select 'job_notify', g from pg_catalog.generate_series(0, 1023) g
union all select 'archive_maintain', 0
on conflict do nothing;

-- Dropdown refresh gate: per dropdown and generation parity, 64 lanes. A writer locks one
-- free lane of each parity (FOR NO KEY UPDATE SKIP LOCKED, never waiting); a refresh of
-- generation g locks every lane of parity g % 2 (FOR UPDATE), so it waits for the writers
-- that hold one, and the lanes it already holds are closed to new writers, which then aim
-- at g + 1: no starvation (the lock manager's queue did that for the advisory locks).
create table if not exists pgfirst_private.dropdown_gate (
  dropdown_id integer not null references pgfirst_private.dropdown (id) on delete cascade,
  parity smallint not null check (parity in (0, 1)),
  lane smallint not null check (lane >= 0 and lane < 64),
  primary key (dropdown_id, parity, lane)
);
comment on table pgfirst_private.dropdown_gate is
  'Refresh gate of each dropdown: 2 parities x 64 lanes, only ever row-locked (writers: one lane per parity, SKIP LOCKED; refresh of generation g: all lanes of parity g % 2).';
insert into pgfirst_private.dropdown_gate (dropdown_id, parity, lane)
select d.id, p, l from pgfirst_private.dropdown d, pg_catalog.generate_series(0, 1) p, pg_catalog.generate_series(0, 63) l
on conflict do nothing;

--! Included triggers/dropdown_source__mark_changed.sql
-- Statement-level trigger function attached by dropdown_define to every source table of a
-- dropdown (tg_argv[0] = dropdown id). It never refreshes: it makes sure that one refresh
-- job which will see this change is queued, and usually does nothing at all.
--
-- Protocol (READ COMMITTED writers). A dropdown has a generation g = refreshes completed.
-- The refresh of generation g, before taking its snapshot, locks every lane of parity g % 2
-- in pgfirst_private.dropdown_gate and so waits for every writer holding one of them.
-- A writer first tries, without waiting, to lock a lane of BOTH parities, then reads g
-- (a snapshot taken after the locks):
--   * it holds the parity of g: refresh g has not passed its lock and will wait for this
--     transaction, so its snapshot will contain this change -> aim at g;
--   * it holds only the other parity: refresh g holds (or waits for) the lock of g, i.e. it
--     may already have its snapshot; refresh g+1 will wait for us -> aim at g+1.
-- (A refresh committing between the locks and the read is harmless: the read then shows
-- g+1, whose parity is the one the writer holds.) If a committed marker for the target
-- exists (recent enough, see max_staleness), its writer already queued that refresh:
-- nothing to do. Otherwise append a marker and enqueue the job keyed by (dropdown, target
-- generation) in mode 'keep', which neither duplicates nor postpones it. Writers only
-- append rows and lock gate lanes (never updated): no registry row is updated, so writers
-- never queue behind one another on it. The usual path (no refresh running, a fresh marker
-- exists) is the two lock tries and one probe of the marker index, without the registry;
-- each marker stores fresh_until = changed_at + max_staleness for that probe.
-- Other isolation levels read g from an older snapshot, so they enqueue a refresh of their
-- own (keyed by their transaction; the job only becomes visible when they commit, so it sees
-- the change) and a marker with generation -1 that any later refresh clears: correct,
-- but not deduplicated across transactions.
create or replace function pgfirst_private.dropdown_source_changed()
returns trigger
language plpgsql
volatile
security definer -- writes pgfirst_private.dropdown_change and enqueues a job on behalf of any writer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_id integer := tg_argv[0]::integer;
  v_even boolean;
  v_odd boolean;
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
    -- a free lane of each parity: this backend's own lane of both in one probe (lane =
    -- pid % 64), another free one only for a parity where a concurrent writer holds it.
    -- Rows of a private table: no role without pgfirst grants can hold them.
    select pg_catalog.bool_or(g.parity = 0), pg_catalog.bool_or(g.parity = 1) into v_even, v_odd
      from (select g.parity from pgfirst_private.dropdown_gate g
             where g.dropdown_id = v_id and g.lane = pg_catalog.pg_backend_pid() & 63
               for no key update skip locked) g;
    if not coalesce(v_even, false) then
      perform from pgfirst_private.dropdown_gate g where g.dropdown_id = v_id and g.parity = 0
        limit 1 for no key update skip locked;
      v_even := found;
    end if;
    if not coalesce(v_odd, false) then
      perform from pgfirst_private.dropdown_gate g where g.dropdown_id = v_id and g.parity = 1
        limit 1 for no key update skip locked;
      v_odd := found;
    end if;
    -- Fast path, one probe of one index: holding BOTH parities means no refresh has passed
    -- its lock (one that commits before our snapshot shows in it; one that comes later waits
    -- for us). Every visible marker then aims at the current generation g (or at g + 1, left
    -- by a writer during a refresh of g that rolled back): in both cases its job has not taken
    -- its snapshot yet and will see this change.
    if v_even and v_odd and exists (
         select from pgfirst_private.dropdown_change c
          where c.dropdown_id = v_id and c.generation >= 0
            and c.fresh_until > pg_catalog.statement_timestamp()) then
      return null;
    end if;
    select d.name, d.debounce, d.max_staleness, t.target,
           exists (select from pgfirst_private.dropdown_change c
                    where c.dropdown_id = d.id and c.generation = t.target
                      and c.changed_at > pg_catalog.statement_timestamp() - d.max_staleness) as queued
      into v_d
      from pgfirst_private.dropdown d
      cross join lateral (
        select case when (d.generation % 2 = 0 and v_even) or (d.generation % 2 = 1 and v_odd) then d.generation
                    when v_even or v_odd then d.generation + 1 end as target) t
     where d.id = v_id;
    if not found then
      return null; -- dropped meanwhile
    end if;
    if v_d.queued then
      return null; -- a refresh that will see this change is already queued
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

comment on function pgfirst_private.dropdown_source_changed() is
  'Internal trigger (statement level) on dropdown sources: records that a refresh is needed and enqueues at most one debounced refresh job per generation; never refreshes in the writer''s transaction.';
revoke all on function pgfirst_private.dropdown_source_changed() from public;
--! EndIncluded triggers/dropdown_source__mark_changed.sql

-- NOTIFY payloads reveal nothing (issue 10 item 10): a random channel name per database,
-- known to pgfirst_worker and pgfirst_admin through pgfirst.job_listen_channel(), and empty
-- payloads. LISTEN needs no privilege, so the name is the secret.
create table if not exists pgfirst_private.job_channel (
  singleton boolean primary key default true check (singleton),
  name text not null check (name ~ '^pgfirst_jobs_[0-9a-f]{32}$')
);
comment on table pgfirst_private.job_channel is
  'The NOTIFY channel of this database (one row): pgfirst_jobs_ + 32 random hex digits; read through pgfirst.job_listen_channel().';
insert into pgfirst_private.job_channel (name)
values ('pgfirst_jobs_' || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', ''))
on conflict do nothing;
--! Included functions/job/job_listen_channel.sql
create or replace function pgfirst.job_listen_channel()
returns text
language sql
stable
strict
parallel safe
security definer -- reads pgfirst_private.job_channel, which no pgfirst role may read directly
set search_path = pg_catalog, pg_temp
as $$
  select c.name from pgfirst_private.job_channel c
$$;

comment on function pgfirst.job_listen_channel() is
  'The NOTIFY channel on which pgfirst wakes idle workers (pgfirst_jobs_ + 32 hex digits, random per database, stable across migrations): LISTEN on it. Payloads are empty; a notification means "claim again". Workers and admins only: a role that cannot learn the name hears nothing.';
revoke all on function pgfirst.job_listen_channel() from public;
grant execute on function pgfirst.job_listen_channel() to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/job/job_listen_channel.sql
-- <<< sec-dropdown

-- <<< ci-truth
