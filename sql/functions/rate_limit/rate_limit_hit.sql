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
