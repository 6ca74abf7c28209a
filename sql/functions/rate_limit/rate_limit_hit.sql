-- GCRA (generic cell rate algorithm). State: one theoretical arrival time (tat) per key.
-- Each hit advances tat by cost * per / max_hits (rounded down to the microsecond, never
-- letting more than max_hits through); a hit is allowed when the advanced tat is within
-- `per` of now, i.e. when it fits the burst. The allowed case is one upsert whose
-- conflict branch updates only when the hit fits: the row lock taken by ON CONFLICT makes
-- concurrent hits on one key queue and each re-check against the committed tat (exact, no
-- overshoot); a denied hit changes nothing. Only a denial reads the row again (still
-- locked by us) to say when to retry.
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
  v_now timestamptz := coalesce(now, pg_catalog.now());
  v_per_us bigint := pgfirst_private.rate_limit_check_args(key, max_hits, per, cost, tenant);
  v_per interval := v_per_us * interval '1 microsecond';
  v_inc interval := pg_catalog.floor((v_per_us::numeric * cost) / max_hits)::bigint * interval '1 microsecond';
  v_tat timestamptz;
begin
  insert into pgfirst_private.rate_limit as r (tenant, key, tat)
  values (rate_limit_hit.tenant, rate_limit_hit.key, v_now + v_inc)
  on conflict on constraint rate_limit_pkey do update
     set tat = greatest(r.tat, v_now) + v_inc
   where greatest(r.tat, v_now) + v_inc <= v_now + v_per
  returning r.tat into v_tat;

  if v_tat is not null then
    return query select true,
      pg_catalog.floor((v_per_us - extract(epoch from v_tat - v_now) * 1000000) * max_hits / v_per_us)::integer,
      null::interval,
      v_tat - v_now;
    return;
  end if;

  select greatest(r.tat, v_now) into v_tat
    from pgfirst_private.rate_limit r
   where r.tenant = rate_limit_hit.tenant and r.key = rate_limit_hit.key;
  return query select false,
    greatest(pg_catalog.floor((v_per_us - extract(epoch from v_tat - v_now) * 1000000) * max_hits / v_per_us), 0)::integer,
    v_tat + v_inc - v_per - v_now,
    v_tat - v_now;
end;
$$;

comment on function pgfirst.rate_limit_hit(text, integer, interval, integer, text, timestamptz) is
  'GCRA rate limit on the database clock: allows at most max_hits (weighted by cost) per `per`, bursts included, exactly even under concurrency (row lock). Returns allowed, hits remaining, retry_after (null when allowed) and reset_after (until fully replenished). A denied hit consumes nothing. One upsert.';
revoke all on function pgfirst.rate_limit_hit(text, integer, interval, integer, text, timestamptz) from public;
grant execute on function pgfirst.rate_limit_hit(text, integer, interval, integer, text, timestamptz) to pgfirst_app;
