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
