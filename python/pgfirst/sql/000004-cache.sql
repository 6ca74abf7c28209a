--! Previous: sha1:e58407c99fd1a6c99668d593443f8908db657490
--! Hash: sha1:3934d521188f958d645c47482c741368076de5e5
--! Message: cache

-- ==== cache module ====
-- Re-runnable: drop the module's own objects first (graphile-migrate re-runs current.sql).
drop function if exists pgfirst.cache_set(text, text, jsonb, interval, text, timestamptz);
drop function if exists pgfirst.cache_get(text, text, text, timestamptz);
drop function if exists pgfirst.cache_get_many(text, text[], text, timestamptz);
drop function if exists pgfirst.cache_set_many(text, jsonb, interval, text, timestamptz);
drop function if exists pgfirst.cache_add(text, text, jsonb, interval, text, timestamptz);
drop function if exists pgfirst.cache_delete(text, text, text);
drop function if exists pgfirst.cache_delete_many(text, text[], text);
drop function if exists pgfirst.cache_incr(text, text, bigint, interval, text, timestamptz);
drop function if exists pgfirst.cache_touch(text, text, interval, text, timestamptz);
drop function if exists pgfirst.cache_clear(text, text);
drop function if exists pgfirst.cache_lease(text, text, interval, text, timestamptz);
drop function if exists pgfirst.cache_configure(text, interval, bigint, interval);
drop function if exists pgfirst.cache_cleanup(integer, timestamptz);
drop function if exists pgfirst.cleanup_select2_cache();
drop function if exists pgfirst.cache_stats();
drop function if exists pgfirst_private.cache_check(text, text, text[]);
drop function if exists pgfirst_private.cache_check_value(jsonb);
drop function if exists pgfirst_private.cache_address_ok(text, text, text);
drop function if exists pgfirst_private.cache_write(text, text, jsonb, interval, text, timestamptz, boolean);
drop function if exists pgfirst_private.cache_expiry(text, interval, timestamptz);
drop function if exists pgfirst_private.cache_incr_value(jsonb, bigint);
drop function if exists pgfirst_private.cache_stat_sample(text, text, bigint, bigint, double precision);
drop function if exists pgfirst_private.cache_sweep(bigint, timestamptz, text);
drop table if exists pgfirst_private.cache_entry cascade;
drop table if exists pgfirst_private.cache_namespace cascade;
drop table if exists pgfirst_private.cache_stat cascade;
drop sequence if exists pgfirst_private.cache_sweep_chunk;

-- The cache itself. UNLOGGED: no WAL, so writes are cheap, but a crash (not a clean
-- shutdown) empties it and it is not replicated, like Redis without persistence.
-- No index but the primary key: expires_at, value, lease_until and updated_at change on
-- every write, so updates stay HOT; fillfactor leaves room on each page for them.
-- Address columns use COLLATE "C": keys are opaque byte strings, and byte comparison makes
-- every primary-key probe cheaper than a linguistic collation (strcoll) would.
create unlogged table pgfirst_private.cache_entry (
  tenant text collate "C" not null,
  namespace text collate "C" not null,
  key text collate "C" not null,
  value jsonb,
  expires_at timestamptz,     -- null: never expires; '-infinity': a lease placeholder without value
  lease_until timestamptz,    -- cache_lease: recomputation claimed until then
  updated_at timestamptz not null,
  constraint cache_entry_pkey primary key (tenant, namespace, key),
  constraint cache_entry_value_present check (value is not null or expires_at = '-infinity')
) with (fillfactor = 80);
comment on table pgfirst_private.cache_entry is
  'Cache entries keyed by (tenant, namespace, key). UNLOGGED: emptied by a crash. Only the primary key is indexed so updates stay HOT; expiry is swept by cache_cleanup in block ranges.';

-- Per-namespace policy. Logged: configuration must survive a crash.
create table pgfirst_private.cache_namespace (
  namespace text collate "C" not null,
  default_ttl interval,
  max_entries bigint,
  stale_ttl interval,
  updated_at timestamptz not null default now(),
  constraint cache_namespace_pkey primary key (namespace),
  constraint cache_namespace_default_ttl_positive check (default_ttl > interval '0'),
  constraint cache_namespace_max_entries_positive check (max_entries > 0),
  constraint cache_namespace_stale_ttl_positive check (stale_ttl > interval '0')
);
comment on table pgfirst_private.cache_namespace is
  'Cache policy per namespace: default TTL, entry cap per (tenant, namespace), how long an expired value may still be served to cache_lease callers.';

-- Sampled hit/miss counters, append-only: a sampled read INSERTs one row (no index, no
-- conflict, no row lock: never waits on another session, and a long transaction sampling
-- many reads builds no update chain); cache_cleanup folds the rows into one per
-- (namespace, tenant).
create unlogged table pgfirst_private.cache_stat (
  namespace text collate "C" not null,
  tenant text collate "C" not null,
  hits bigint not null,
  misses bigint not null
);
comment on table pgfirst_private.cache_stat is
  'Sampled hit/miss estimates per (namespace, tenant), weighted by 1/sample rate; append-only, folded by cache_cleanup; cache_stats() sums them.';

-- Hands out block ranges to concurrent cache_cleanup calls without a lock (nextval never blocks).
create sequence pgfirst_private.cache_sweep_chunk as bigint cycle;
comment on sequence pgfirst_private.cache_sweep_chunk is
  'cache_cleanup: number of the next block chunk to sweep (modulo the table size).';

select pgfirst_private.setting_register('cache.max_value_bytes', 'integer', '1048576',
  'Largest cache value accepted, in bytes of the jsonb datum (PF104 above it).');
select pgfirst_private.setting_register('cache.stats_sample_rate', 'number', '0.01',
  'Fraction of cache reads whose hit/miss is recorded (weighted by 1/rate). 0 disables stats, 1 counts exactly at the cost of one write per read.');
select pgfirst_private.setting_register('cache.cleanup_chunk_blocks', 'integer', '64',
  'Heap blocks (8 kB each) one cache_cleanup step scans for expired rows.');

--! Included functions/_internal/cache_address_ok.sql
-- The address rules as one boolean expression, for the hot paths (cache_get, cache_lease,
-- cache_write): a `language sql` function without a SET clause, so the planner inlines
-- it into the caller's expression and no function call happens. Callers run
-- cache_check (which raises the precise PF error) only when this is false. Its
-- search_path is not pinned on purpose: it names no object, only pg_catalog operators and
-- functions (listed in search_path_exempt of 00-api-surface.test.sql).
create or replace function pgfirst_private.cache_address_ok(namespace text, tenant text, key text)
returns boolean
language sql
immutable
parallel safe
as $$
  select coalesce(namespace <> '' and octet_length(namespace) <= 128
                  and octet_length(tenant) <= 256
                  and key <> '' and octet_length(key) <= 1024, false)
$$;

comment on function pgfirst_private.cache_address_ok(text, text, text) is
  'Internal, inlined: true when namespace, tenant and key satisfy the cache limits (cache_check raises the matching PF error otherwise).';
revoke all on function pgfirst_private.cache_address_ok(text, text, text) from public;
--! EndIncluded functions/_internal/cache_address_ok.sql
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
  'Internal: raises PF101 (namespace), PF110 (tenant) or PF102 (a key) for invalid cache addresses; returns true otherwise.';
revoke all on function pgfirst_private.cache_check(text, text, text[]) from public;
--! EndIncluded functions/_internal/cache_check.sql
--! Included functions/_internal/cache_check_value.sql
create or replace function pgfirst_private.cache_check_value(value jsonb)
returns boolean
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
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
--! Included functions/_internal/cache_expiry.sql
-- Expiry for a write: now + ttl, else now + the namespace's default_ttl, else null (never).
create or replace function pgfirst_private.cache_expiry(namespace text, ttl interval, now timestamptz)
returns timestamptz
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_ttl interval := ttl;
begin
  if v_ttl is null then
    select p.default_ttl into v_ttl
      from pgfirst_private.cache_namespace p
     where p.namespace = cache_expiry.namespace;
  elsif v_ttl <= interval '0' then
    raise exception 'a cache ttl must be positive'
      using errcode = 'PF103',
            detail = format('ttl: %s', v_ttl),
            hint = 'Pass ttl => null for the namespace default (or no expiry), or use cache_delete to remove a key.';
  end if;
  return now + v_ttl;
end;
$$;

comment on function pgfirst_private.cache_expiry(text, interval, timestamptz) is
  'Internal: expiry for a cache write (now + ttl, else the namespace default, else null = never); raises PF103 for a ttl <= 0.';
revoke all on function pgfirst_private.cache_expiry(text, interval, timestamptz) from public;
--! EndIncluded functions/_internal/cache_expiry.sql
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
-- (tenant, namespace) at a time (advisory lock), so two cleaners never over-evict.
create or replace function pgfirst_private.cache_sweep(max_rows bigint, now timestamptz, only_namespace text)
returns bigint
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
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
    continue when not pg_try_advisory_xact_lock(hashtext('pgfirst.cache_cap'), hashtext(r.namespace || '/' || r.tenant));
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
declare
  v_now timestamptz := coalesce(cache_write.now, pg_catalog.now());
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
  if cache_write.ttl <= interval '0' then -- cache_expiry raises PF103
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
declare
  v_value jsonb;
  v_rate double precision;
  v_ok boolean;
begin
  -- Hot path: the address rules are tested inline (a nested function call costs more than
  -- the lookup); cache_check only runs to raise the right PF error.
  if not pgfirst_private.cache_address_ok(cache_get.namespace, cache_get.tenant, cache_get.key) then
    v_ok := pgfirst_private.cache_check(cache_get.namespace, cache_get.tenant, array[cache_get.key]);
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
  if v_bad_keys > 0 or not pgfirst_private.cache_address_ok(cache_get_many.namespace, cache_get_many.tenant, 'k') then
    v_ok := pgfirst_private.cache_check(cache_get_many.namespace, cache_get_many.tenant,
                                        coalesce(cache_get_many.keys, array[null::text]));
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
declare
  v_now timestamptz := coalesce(cache_set_many.now, pg_catalog.now());
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
         max(pg_column_size(j.value)),
         (select (coalesce(s.value, s.default_value) #>> '{}')::bigint
            from pgfirst_private.setting s where s.name = 'cache.max_value_bytes'),
         (select p.default_ttl from pgfirst_private.cache_namespace p where p.namespace = cache_set_many.namespace)
    into v_bad_keys, v_biggest, v_max, v_default_ttl
    from jsonb_each(entries) j;
  if v_bad_keys > 0 or not pgfirst_private.cache_address_ok(cache_set_many.namespace, cache_set_many.tenant, 'k') then
    v_ok := pgfirst_private.cache_check(cache_set_many.namespace, cache_set_many.tenant,
                                        array(select jsonb_object_keys(entries)));
  end if;
  if cache_set_many.ttl <= interval '0' then -- cache_expiry raises PF103
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
declare
  v_now timestamptz := coalesce(cache_incr.now, pg_catalog.now());
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
declare
  v_now timestamptz := coalesce(cache_touch.now, pg_catalog.now());
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
declare
  v_ok boolean;
  v_n bigint;
begin
  if cache_clear.namespace is null and cache_clear.tenant is null then
    raise exception 'cache_clear needs a namespace, a tenant or both'
      using errcode = 'PF109',
            hint = 'Clear namespace by namespace (see pgfirst.cache_stats()) to empty the whole cache.';
  end if;
  -- null means "every": only the values given are checked.
  v_ok := pgfirst_private.cache_check(coalesce(cache_clear.namespace, '*'), coalesce(cache_clear.tenant, ''), null);
  delete from pgfirst_private.cache_entry e
   where (cache_clear.tenant is null or e.tenant = cache_clear.tenant)
     and (cache_clear.namespace is null or e.namespace = cache_clear.namespace);
  get diagnostics v_n = row_count;
  return v_n;
end;
$$;

comment on function pgfirst.cache_clear(text, text) is
  'Removes every entry of a namespace (all tenants), of a tenant (all namespaces), or of both; returns rows removed (live and expired). PF109 when neither is given. One DELETE.';
revoke all on function pgfirst.cache_clear(text, text) from public;
grant execute on function pgfirst.cache_clear(text, text) to pgfirst_app;
--! EndIncluded functions/cache/cache_clear.sql
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
declare
  v_now timestamptz := coalesce(cache_lease.now, pg_catalog.now());
  v_ok boolean;
  v_rate double precision;
  v_value jsonb;
  v_expires timestamptz;
  v_stale_ttl interval;
  v_leased boolean := false;
  v_live boolean;
begin
  if cache_lease.lease is null or cache_lease.lease <= interval '0' then
    raise exception 'a cache lease must be a positive interval'
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
declare
  v_ok boolean := pgfirst_private.cache_check(cache_configure.namespace, '', null);
begin
  if default_ttl <= interval '0' or stale_ttl <= interval '0' then
    raise exception 'cache policy intervals must be positive (or null for none)'
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
begin
  if max_rows is null or max_rows <= 0 then
    raise exception 'cache_cleanup needs a positive max_rows'
      using errcode = 'PF111',
            detail = format('max_rows: %s', coalesce(max_rows::text, 'null'));
  end if;
  return pgfirst_private.cache_sweep(max_rows, coalesce(cache_cleanup.now, pg_catalog.now()), null);
end;
$$;

comment on function pgfirst.cache_cleanup(integer, timestamptz) is
  'Removes expired entries (past their stale_ttl, without an active lease) and evicts entries above namespace caps, at most max_rows per call, scanning at most one lap of the table in block chunks with SKIP LOCKED: safe to run from several processes at once. Returns rows removed.';
revoke all on function pgfirst.cache_cleanup(integer, timestamptz) from public;
grant execute on function pgfirst.cache_cleanup(integer, timestamptz) to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/cache/cache_cleanup.sql
--! Included functions/cache/cleanup_select2_cache.sql
create or replace function pgfirst.cleanup_select2_cache()
returns bigint
language sql
volatile
security definer -- deletes from pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
  select pgfirst_private.cache_sweep(null, pg_catalog.now(), 'select2')
$$;

comment on function pgfirst.cleanup_select2_cache() is
  'Compatibility entry point for the old Select2 cache: removes every expired entry of namespace select2 (one lap of the table, no row limit) and enforces its cap; returns rows removed.';
revoke all on function pgfirst.cleanup_select2_cache() from public;
grant execute on function pgfirst.cleanup_select2_cache() to pgfirst_worker, pgfirst_admin;
--! EndIncluded functions/cache/cleanup_select2_cache.sql
--! Included functions/cache/cache_stats.sql
create or replace function pgfirst.cache_stats()
returns table (namespace text, tenant text, entries bigint, expired bigint, bytes bigint, hits bigint, misses bigint)
language sql
stable
security definer -- reads pgfirst_private
set search_path = pg_catalog, pg_temp
as $$
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

comment on function pgfirst.cache_stats() is
  'Per (namespace, tenant): live entries, expired rows not yet cleaned up, stored value bytes (counted by a full scan), and hit/miss estimates from sampled reads (cache.stats_sample_rate; exact at 1).';
revoke all on function pgfirst.cache_stats() from public;
grant execute on function pgfirst.cache_stats() to pgfirst_admin;
--! EndIncluded functions/cache/cache_stats.sql
