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
