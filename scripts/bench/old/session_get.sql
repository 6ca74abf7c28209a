-- The version before issue 16 (git f469610), kept for side-by-side benchmarks only: created by
-- scripts/bench/*.ts in schema pgfirst_bench_old, never shipped.
create schema if not exists pgfirst_bench_old;
-- The per-request hot path. One round trip: a plain indexed read, and only when the last
-- touch is older than session.touch_interval, a conditional UPDATE sliding the idle expiry
-- (a HOT update: last_seen_at has no index). Most calls therefore run one SELECT and write
-- nothing. The UPDATE re-checks the touch condition on the row it locks, so concurrent
-- readers of a due session write it once, not once each; it also skips a session destroyed
-- in between (the read then returns what was live when it started). The token hash and
-- the setting are computed inline: a nested helper would pay for its own search_path switch
-- (measured: the plain SELECT form costs about a third less server time than a CTE with
-- the UPDATE in it).
create or replace function pgfirst_bench_old.session_get(token text, now timestamptz default null)
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

