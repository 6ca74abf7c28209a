-- The first instant strictly after "after" at which a parsed cron spec fires in a time zone
-- (wall-clock rule in cron_local_instant), or null when none within 30 years. A wall time in
-- a spring-forward gap fires shifted forward, so near a transition the search starts up to
-- three hours of wall time earlier and keeps the earliest instant after "after".
create or replace function pgfirst_private.cron_next_spec(
  spec pgfirst_private.cron_spec,
  after timestamptz,
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
  v_tz text := cron_next_spec.timezone;
  v_back timestamptz := after - interval '3 hours';
  v_from timestamp;
  v_until timestamp;
  v_local timestamp;
  v_at timestamptz;
  v_best timestamptz;
begin
  if (v_back at time zone v_tz) - (v_back at time zone 'UTC') = (after at time zone v_tz) - (after at time zone 'UTC') then
    v_from := after at time zone v_tz;          -- no transition in the last 3 hours
  else
    v_from := v_back at time zone v_tz;
  end if;
  v_from := pg_catalog.date_trunc('minute', v_from) + interval '1 minute';
  v_until := (after at time zone v_tz) + interval '30 years';
  loop
    v_local := pgfirst_private.cron_next_local(spec, v_from, v_until);
    if v_local is null then
      return v_best;
    end if;
    if v_best is not null and v_local >= (v_best at time zone v_tz) then
      return v_best;
    end if;
    v_at := pgfirst_private.cron_local_instant(v_local, v_tz);
    if v_at > after then
      if (v_at at time zone v_tz) = v_local then   -- the wall time exists: nothing later beats it
        return least(v_best, v_at);
      end if;
      v_best := least(v_best, v_at);              -- shifted out of a gap: a later wall time may still be earlier
    end if;
    v_from := v_local + interval '1 minute';
  end loop;
end;
$$;

comment on function pgfirst_private.cron_next_spec(pgfirst_private.cron_spec, timestamptz, text) is
  'Internal: next firing instant of a parsed cron spec strictly after "after" in a time zone; null if none within 30 years.';
revoke all on function pgfirst_private.cron_next_spec(pgfirst_private.cron_spec, timestamptz, text) from public;
