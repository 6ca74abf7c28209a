-- One cron field ("*", "5", "1-5", "*/15", "10-50/10", "mon-fri", "jan,jul", lists of those)
-- as a bitmask: bit v is set when value v is allowed. Names are matched case-insensitively;
-- names[i] stands for value name_base + i - 1. "a/n" means "a-hi/n" (as cronie accepts it).
create or replace function pgfirst_private.cron_field_parse(
  field text,
  field_name text,
  lo integer,
  hi integer,
  names text[] default null,
  name_base integer default 0
)
returns bigint
language plpgsql
immutable
called on null input
parallel safe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_item text;
  v_range text;
  v_step integer;
  v_parts text[];
  v_from integer;
  v_to integer;
  v_mask bigint := 0;
  v_bound text;
  v_value integer;
  v_values integer[];
  v_i integer;
begin
  if coalesce(field, '') = '' then
    raise exception 'a cron field may not be empty' using errcode = 'PF501',
      detail = format('the %s field is empty', field_name);
  end if;
  foreach v_item in array pg_catalog.string_to_array(field, ',') loop
    if v_item !~ '^[0-9a-z*-]+(/[0-9]+)?$' then
      raise exception 'a cron field item must be *, a value, a range a-b, optionally followed by /step'
        using errcode = 'PF501',
              detail = format('the %s field item "%s" is malformed', field_name, v_item),
              hint = 'Examples: *, 5, 1-5, */15, 10-50/10, mon-fri, jan,jul.';
    end if;
    v_range := pg_catalog.split_part(v_item, '/', 1);
    v_step := case when pg_catalog.strpos(v_item, '/') > 0
                   then pg_catalog.split_part(v_item, '/', 2)::integer else 1 end;
    if v_step < 1 or v_step > hi - lo + 1 then
      raise exception 'a cron step must be between 1 and the number of values in its field'
        using errcode = 'PF501',
              detail = format('the %s field has step %s (allowed 1-%s)', field_name, v_step, hi - lo + 1);
    end if;
    if v_range = '*' then
      v_from := lo;
      v_to := hi;
    else
      v_parts := pg_catalog.string_to_array(v_range, '-');
      if pg_catalog.cardinality(v_parts) > 2 then
        raise exception 'a cron range has exactly one dash' using errcode = 'PF501',
          detail = format('the %s field item "%s" is malformed', field_name, v_item);
      end if;
      v_values := '{}';
      foreach v_bound in array v_parts loop
        if v_bound ~ '^[0-9]+$' and pg_catalog.length(v_bound) <= 4 then
          v_value := v_bound::integer;
        elsif names is not null and pg_catalog.array_position(names, v_bound) is not null then
          v_value := pg_catalog.array_position(names, v_bound) + name_base - 1;
        else
          raise exception 'a cron value must be a number or, for month and day of week, a three-letter name'
            using errcode = 'PF501',
                  detail = format('the %s field has the unknown value "%s"', field_name, v_bound);
        end if;
        if v_value < lo or v_value > hi then
          raise exception 'a cron value must lie within its field''s range'
            using errcode = 'PF501',
                  detail = format('the %s field has %s (allowed %s-%s)', field_name, v_value, lo, hi);
        end if;
        v_values := v_values || v_value;
      end loop;
      v_from := v_values[1];
      -- "a/n" (no range) means from a to the end of the field, stepping n
      v_to := case when pg_catalog.cardinality(v_values) = 2 then v_values[2]
                   when pg_catalog.strpos(v_item, '/') > 0 then hi
                   else v_values[1] end;
      if v_from > v_to then
        raise exception 'a cron range must not wrap around (write two ranges instead)'
          using errcode = 'PF501',
                detail = format('the %s field range "%s" runs backwards', field_name, v_range),
                hint = 'For example write fri-sat,sun instead of fri-sun.';
      end if;
    end if;
    v_i := v_from;
    while v_i <= v_to loop
      v_mask := v_mask | (1::bigint << v_i);
      v_i := v_i + v_step;
    end loop;
  end loop;
  return v_mask;
end;
$$;

comment on function pgfirst_private.cron_field_parse(text, text, integer, integer, text[], integer) is
  'Internal: one cron field as a bitmask of allowed values; raises PF501 on malformed input.';
revoke all on function pgfirst_private.cron_field_parse(text, text, integer, integer, text[], integer) from public;
