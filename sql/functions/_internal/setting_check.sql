-- The range/shape rule a setting was declared with (pgfirst_private.setting: min_value,
-- max_value, pattern; null = no rule on that side). Called by setting_set after the type
-- check, and by the migration that introduced the rules to reset overrides that break them.
-- Values that would break a module are refused: login.max_failures -1 silently switched
-- throttling off, dropdown.queue '""' made every write to a dropdown source fail,
-- maintenance.batch 0 and cache.max_value_bytes 0 stopped cleanup and caching.
create or replace function pgfirst_private.setting_check(name text, value jsonb)
returns jsonb
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  s pgfirst_private.setting;
  v_ok boolean := true;
begin
  select x.* into s from pgfirst_private.setting x where x.name = setting_check.name;
  if not found or value is null or value = 'null'::jsonb then
    return value;
  end if;
  v_ok := case s.type
    when 'interval' then (s.min_value is null or (value #>> '{}')::interval >= (s.min_value #>> '{}')::interval)
                     and (s.max_value is null or (value #>> '{}')::interval <= (s.max_value #>> '{}')::interval)
    when 'integer' then (s.min_value is null or (value::text)::numeric >= (s.min_value::text)::numeric)
                    and (s.max_value is null or (value::text)::numeric <= (s.max_value::text)::numeric)
    when 'number' then (s.min_value is null or (value::text)::numeric >= (s.min_value::text)::numeric)
                   and (s.max_value is null or (value::text)::numeric <= (s.max_value::text)::numeric)
    else true
  end;
  if v_ok and s.pattern is not null then
    v_ok := pg_catalog.jsonb_typeof(value) = 'string' and (value #>> '{}') ~ s.pattern;
  end if;
  if not v_ok then
    raise exception 'setting "%" is out of its range', name
      using errcode = 'PF005',
            detail = pg_catalog.format('Got %s; allowed: %s.', value,
                       pg_catalog.concat_ws(', ',
                         'at least ' || s.min_value::text, 'at most ' || s.max_value::text,
                         'matching ' || pg_catalog.quote_literal(s.pattern))),
            hint = 'SELECT name, min_value, max_value, pattern FROM pgfirst.settings shows each setting''s range.';
  end if;
  return value;
end;
$$;

comment on function pgfirst_private.setting_check(text, jsonb) is
  'Internal: returns value unchanged when it lies within the setting''s declared min_value/max_value and matches its pattern; raises PF005 otherwise (the type is checked by the caller).';
revoke all on function pgfirst_private.setting_check(text, jsonb) from public;
