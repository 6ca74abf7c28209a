-- The instant at which a wall-clock time happens in a time zone, by pgfirst's DST rule:
--  * a time shown twice (fall-back) maps to its FIRST occurrence (the earlier instant);
--  * a time that does not exist (spring-forward gap) maps to the instant it would have had
--    under the offset in force before the jump, i.e. it is shifted forward by the gap length
--    (02:30 on a day whose clocks jump 02:00 -> 03:00 becomes 03:30 new time). A caller
--    detects that case as (result at time zone timezone) <> local_time.
-- PostgreSQL's own "timestamp AT TIME ZONE" picks the later instant for ambiguous times, so
-- the offsets either side are compared explicitly. Assumes at most one transition within a
-- day of the wall time (true of every zone since 1970 except a few historical date-line moves).
-- A scalar result keeps calls on PL/pgSQL's fast expression path (a composite result costs
-- a full executor round per call).
create or replace function pgfirst_private.cron_local_instant(
  local_time timestamp,
  timezone text
)
returns timestamptz
language plpgsql
stable
strict
parallel safe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_u timestamptz := local_time at time zone 'UTC';
  v_before timestamptz := v_u - interval '1 day';
  v_after timestamptz := v_u + interval '1 day';
  v_a timestamptz;
  v_b timestamptz;
  v_a_ok boolean;
  v_b_ok boolean;
begin
  v_a := v_u - ((v_before at time zone cron_local_instant.timezone) - (v_before at time zone 'UTC'));
  v_b := v_u - ((v_after at time zone cron_local_instant.timezone) - (v_after at time zone 'UTC'));
  v_a_ok := (v_a at time zone cron_local_instant.timezone) = local_time;
  v_b_ok := (v_b at time zone cron_local_instant.timezone) = local_time;
  return case when v_a_ok and v_b_ok then least(v_a, v_b)
              when v_b_ok then v_b
              else v_a end;
end;
$$;

comment on function pgfirst_private.cron_local_instant(timestamp, text) is
  'Internal: wall-clock time in a zone -> instant (fall-back: first occurrence; spring-forward gap: shifted forward by the gap).';
revoke all on function pgfirst_private.cron_local_instant(timestamp, text) from public;
