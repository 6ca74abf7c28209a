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
