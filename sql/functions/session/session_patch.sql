-- The merge is computed inside the UPDATE from the row it locks: under READ COMMITTED a
-- concurrent patch waits for the row and then re-evaluates `s.data || …` on the committed
-- version, so patches of different keys compose instead of overwriting each other.
create or replace function pgfirst.session_patch(token text, patch jsonb, now timestamptz default null)
returns boolean
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_hash bytea := pgfirst_private.session_token_hash(token);
  v_set jsonb;
  v_remove text[];
  v_size integer;
  v_max bigint := pgfirst_private.setting_int('session.max_data_bytes');
begin
  if patch is null or pg_catalog.jsonb_typeof(patch) <> 'object' then
    raise exception 'a session patch must be a JSON object of top-level keys'
      using errcode = 'PF204',
            detail = pg_catalog.format('Got %s.', coalesce(pg_catalog.jsonb_typeof(patch), 'SQL null')),
            hint = 'Pass e.g. ''{"cart": [1, 2], "flash": null}'': a JSON null removes the key.';
  end if;
  select coalesce(pg_catalog.jsonb_object_agg(e.key, e.value) filter (where e.value <> 'null'::jsonb), '{}'::jsonb),
         coalesce(pg_catalog.array_agg(e.key) filter (where e.value = 'null'::jsonb), '{}'::text[])
    into v_set, v_remove
    from pg_catalog.jsonb_each(patch) e;

  update pgfirst_private.session s
     set data = (s.data || v_set) - v_remove,
         last_seen_at = greatest(s.last_seen_at, v_now)
   where s.token_hash = v_hash
     and s.revoked_at is null
     and s.absolute_expires_at > v_now
     and s.last_seen_at + s.idle_timeout > v_now
  returning pg_catalog.octet_length(s.data::text) into v_size;
  if v_size > v_max then
    -- raising undoes the update above
    raise exception 'session data must not exceed session.max_data_bytes'
      using errcode = 'PF203',
            detail = pg_catalog.format('The patched data would be %s bytes, the limit is %s.', v_size, v_max);
  end if;
  return v_size is not null;
end;
$$;

comment on function pgfirst.session_patch(text, jsonb, timestamptz) is
  'Merges top-level keys into a live session''s data atomically (a JSON null removes the key); concurrent patches of different keys all survive. False when the session is unknown, expired or destroyed (never creates). PF204 malformed patch, PF203 too large.';
revoke all on function pgfirst.session_patch(text, jsonb, timestamptz) from public;
grant execute on function pgfirst.session_patch(text, jsonb, timestamptz) to pgfirst_app;
