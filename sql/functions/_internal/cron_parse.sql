-- A cron expression (5 fields or an @macro) as a pgfirst_private.cron_spec of bitmasks.
-- dom_star / dow_star follow Vixie cron: a field that begins with "*" (also "*/2") counts as
-- unrestricted for the day-of-month / day-of-week OR rule.
create or replace function pgfirst_private.cron_parse(cron text)
returns pgfirst_private.cron_spec
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_expr text := pg_catalog.lower(pg_catalog.btrim(coalesce(cron, ''), E' \t\r\n'));
  v_fields text[];
  v_spec pgfirst_private.cron_spec;
begin
  if v_expr like '@%' then
    v_expr := case v_expr
      when '@yearly' then '0 0 1 1 *'
      when '@annually' then '0 0 1 1 *'
      when '@monthly' then '0 0 1 * *'
      when '@weekly' then '0 0 * * 0'
      when '@daily' then '0 0 * * *'
      when '@midnight' then '0 0 * * *'
      when '@hourly' then '0 * * * *'
      else v_expr end;
    if v_expr = '@reboot' then
      raise exception 'the @reboot cron macro is not supported: a database schedule has no boot moment'
        using errcode = 'PF502',
              hint = 'Enqueue the job from your application''s start-up code with pgfirst.job_enqueue instead.';
    elsif v_expr like '@%' then
      raise exception 'a cron macro must be one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly'
        using errcode = 'PF501', detail = format('got "%s"', cron);
    end if;
  end if;
  v_fields := pg_catalog.regexp_split_to_array(v_expr, '\s+');
  if v_expr = '' or pg_catalog.cardinality(v_fields) <> 5 then
    raise exception 'a cron expression has exactly five fields: minute hour day-of-month month day-of-week'
      using errcode = 'PF501',
            detail = format('got "%s"', coalesce(cron, '(null)')),
            hint = 'Example: 30 2 * * mon-fri (02:30 on weekdays).';
  end if;
  v_spec.minutes := pgfirst_private.cron_field_parse(v_fields[1], 'minute', 0, 59);
  v_spec.hours := pgfirst_private.cron_field_parse(v_fields[2], 'hour', 0, 23);
  v_spec.doms := pgfirst_private.cron_field_parse(v_fields[3], 'day-of-month', 1, 31);
  v_spec.months := pgfirst_private.cron_field_parse(v_fields[4], 'month', 1, 12,
    array['jan','feb','mar','apr','may','jun','jul','aug','sep','oct','nov','dec'], 1);
  v_spec.dows := pgfirst_private.cron_field_parse(v_fields[5], 'day-of-week', 0, 7,
    array['sun','mon','tue','wed','thu','fri','sat'], 0);
  -- 7 is another name for Sunday
  if v_spec.dows & 128 <> 0 then
    v_spec.dows := (v_spec.dows & 127) | 1;
  end if;
  v_spec.dom_star := v_fields[3] like '*%';
  v_spec.dow_star := v_fields[5] like '*%';
  return v_spec;
end;
$$;

comment on function pgfirst_private.cron_parse(text) is
  'Internal: parses a 5-field cron expression or @macro into bitmasks; raises PF501 (malformed) or PF502 (@reboot).';
revoke all on function pgfirst_private.cron_parse(text) from public;
