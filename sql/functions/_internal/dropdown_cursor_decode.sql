-- Inverse of the cursor dropdown_search emits in "next": base64url of the JSON array
-- [sort_key, id] of the last row of the page, or [sort_key, id, rank] for a word search
-- (rank 0-3, see dropdown_search). Anything else is PF606.
create or replace function pgfirst_private.dropdown_cursor_decode(cursor text, out sort_key text, out id text, out rank integer)
language plpgsql
immutable
strict
parallel safe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_json jsonb;
  v_b64 text := pg_catalog.translate(cursor, '-_', '+/');
begin
  begin
    v_b64 := v_b64 || pg_catalog.repeat('=', (4 - pg_catalog.length(v_b64) % 4) % 4);
    v_json := pg_catalog.convert_from(pg_catalog.decode(v_b64, 'base64'), 'UTF8')::jsonb;
  exception
    when invalid_parameter_value or character_not_in_repertoire or invalid_text_representation
         or untranslatable_character then
      v_json := null;
  end;
  if v_json is null or pg_catalog.jsonb_typeof(v_json) <> 'array' or pg_catalog.jsonb_array_length(v_json) not in (2, 3)
     or pg_catalog.jsonb_typeof(v_json -> 0) <> 'string' or pg_catalog.jsonb_typeof(v_json -> 1) <> 'string'
     or (pg_catalog.jsonb_array_length(v_json) = 3
         and (pg_catalog.jsonb_typeof(v_json -> 2) <> 'number' or (v_json -> 2)::text not in ('0', '1', '2', '3'))) then
    raise exception 'the paging cursor is not one that dropdown_search returned' using errcode = 'PF606',
      detail = pg_catalog.format('after = %s', pg_catalog.left(cursor, 80)),
      hint = 'Pass the "next" value of the previous page unchanged, or null for the first page.';
  end if;
  sort_key := v_json ->> 0;
  id := v_json ->> 1;
  rank := (v_json ->> 2)::integer;
end;
$$;

comment on function pgfirst_private.dropdown_cursor_decode(text) is
  'Internal: decodes a dropdown_search keyset cursor into (sort_key, id, rank: null for an unranked page); raises PF606 for anything else.';
revoke all on function pgfirst_private.dropdown_cursor_decode(text) from public;
