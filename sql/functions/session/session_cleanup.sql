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
