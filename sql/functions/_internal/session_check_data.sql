-- Session data must be a JSON object no larger than session.max_data_bytes (its JSON text).
create or replace function pgfirst_private.session_check_data(data jsonb, what text default 'data')
returns void
language plpgsql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_max bigint;
  v_size integer;
begin
  if data is null or pg_catalog.jsonb_typeof(data) <> 'object' then
    raise exception 'session % must be a JSON object', what
      using errcode = 'PF202',
            detail = pg_catalog.format('Got %s.', coalesce(pg_catalog.jsonb_typeof(data), 'SQL null')),
            hint = 'Pass ''{}'' for an empty session.';
  end if;
  v_max := pgfirst_private.setting_int('session.max_data_bytes');
  v_size := pg_catalog.octet_length(data::text);
  if v_size > v_max then
    raise exception 'session data must not exceed session.max_data_bytes'
      using errcode = 'PF203',
            detail = pg_catalog.format('%s bytes given, the limit is %s.', v_size, v_max),
            hint = 'Keep large objects in their own tables and put their ids in the session.';
  end if;
end;
$$;

comment on function pgfirst_private.session_check_data(jsonb, text) is
  'Internal: raises PF202 unless data is a JSON object and PF203 when its JSON text exceeds session.max_data_bytes.';
revoke all on function pgfirst_private.session_check_data(jsonb, text) from public;
