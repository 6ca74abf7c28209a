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
