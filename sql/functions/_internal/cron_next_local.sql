-- The first local wall-clock minute at or after from_local (already minute-aligned) that the
-- spec matches, or null when none comes before until_local. Wall-clock arithmetic on
-- timestamp without time zone: no DST here. Jumps by field (month, day, hour, minute), so
-- the loop runs a few dozen times, not once per minute.
create or replace function pgfirst_private.cron_next_local(
  spec pgfirst_private.cron_spec,
  from_local timestamp,
  until_local timestamp
)
returns timestamp
language plpgsql
immutable
strict
parallel safe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_t timestamp := from_local;
  v_hour integer;
  v_minute integer;
  v_dom_ok boolean;
  v_dow_ok boolean;
  v_next integer;
begin
  loop
    if v_t > until_local then
      return null;
    end if;
    if spec.months & (1::bigint << pg_catalog.date_part('month', v_t)::integer) = 0 then
      v_t := pg_catalog.date_trunc('month', v_t) + interval '1 month';
      continue;
    end if;
    v_dom_ok := spec.doms & (1::bigint << pg_catalog.date_part('day', v_t)::integer) <> 0;
    v_dow_ok := spec.dows & (1::bigint << pg_catalog.date_part('dow', v_t)::integer) <> 0;
    -- Vixie cron: when either day field starts with "*", both must match; otherwise either may.
    if not (case when spec.dom_star or spec.dow_star then v_dom_ok and v_dow_ok
                 else v_dom_ok or v_dow_ok end) then
      v_t := pg_catalog.date_trunc('day', v_t) + interval '1 day';
      continue;
    end if;
    v_hour := pg_catalog.date_part('hour', v_t)::integer;
    if spec.hours & (1::bigint << v_hour) = 0 then
      v_next := v_hour + 1;
      while v_next < 24 and spec.hours & (1::bigint << v_next) = 0 loop
        v_next := v_next + 1;
      end loop;
      v_t := pg_catalog.date_trunc('day', v_t) + pg_catalog.make_interval(hours => v_next);
      continue;
    end if;
    v_minute := pg_catalog.date_part('minute', v_t)::integer;
    if spec.minutes & (1::bigint << v_minute) = 0 then
      v_next := v_minute + 1;
      while v_next < 60 and spec.minutes & (1::bigint << v_next) = 0 loop
        v_next := v_next + 1;
      end loop;
      v_t := pg_catalog.date_trunc('hour', v_t) + pg_catalog.make_interval(mins => v_next);
      continue;
    end if;
    return v_t;
  end loop;
end;
$$;

comment on function pgfirst_private.cron_next_local(pgfirst_private.cron_spec, timestamp, timestamp) is
  'Internal: next wall-clock minute >= from_local matching the cron spec (Vixie day rule), or null before until_local.';
revoke all on function pgfirst_private.cron_next_local(pgfirst_private.cron_spec, timestamp, timestamp) from public;
