-- cache_incr on a live value: the value must be a JSON integer (or a JSON string holding
-- one, as Redis keeps counters as strings); the result must fit a bigint. Computed in
-- numeric so an overflow becomes PF107 instead of a generic error, without a subtransaction.
create or replace function pgfirst_private.cache_incr_value(value jsonb, delta bigint)
returns jsonb
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_text text := value #>> '{}';
  v_sum numeric;
begin
  if jsonb_typeof(value) not in ('number', 'string') or v_text !~ '^-?[0-9]{1,19}$' then
    raise exception 'cache_incr needs the stored value to be an integer'
      using errcode = 'PF106',
            detail = format('stored value: %s', left(value::text, 80)),
            hint = 'Store counters with cache_incr or as JSON integers; cache_set replaces a value of another kind.';
  end if;
  v_sum := v_text::numeric + delta;
  if v_sum not between -9223372036854775808 and 9223372036854775807 then
    raise exception 'cache_incr would overflow a 64-bit integer'
      using errcode = 'PF107',
            detail = format('stored value %s + delta %s', v_text, delta);
  end if;
  return to_jsonb(v_sum::bigint);
end;
$$;

comment on function pgfirst_private.cache_incr_value(jsonb, bigint) is
  'Internal: value + delta as a jsonb integer; PF106 when value is not an integer, PF107 on bigint overflow.';
revoke all on function pgfirst_private.cache_incr_value(jsonb, bigint) from public;
