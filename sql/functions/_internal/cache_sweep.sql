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
