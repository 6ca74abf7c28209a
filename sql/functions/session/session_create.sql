-- The token: 32 bytes from two gen_random_uuid() calls (built in since PostgreSQL 13, drawn
-- from pg_strong_random, i.e. the OS / OpenSSL CSPRNG), 244 random bits once the fixed
-- version and variant bits are discounted; no pgcrypto needed. Sent base64url (43 chars).
create or replace function pgfirst.session_create(
  user_id text,
  data jsonb default '{}',
  tenant text default '',
  idle_timeout interval default null,
  absolute_timeout interval default null,
  now timestamptz default null
)
returns text
language plpgsql
volatile
security definer -- writes pgfirst_private.session
set search_path = pg_catalog, pg_temp
as $$
declare
  v_now timestamptz := coalesce(now, pg_catalog.now());
  v_idle interval := coalesce(idle_timeout, pgfirst_private.setting_interval('session.idle_timeout'));
  v_absolute interval := coalesce(absolute_timeout, pgfirst_private.setting_interval('session.absolute_timeout'));
  v_token text;
begin
  if user_id is null or tenant is null then
    raise exception 'a session needs a non-null user_id and tenant'
      using errcode = 'PF206',
            hint = 'Use '''' for an anonymous session or when tenants are not used.';
  end if;
  if v_idle <= interval '0' or v_absolute <= interval '0' then
    raise exception 'session timeouts must be positive intervals'
      using errcode = 'PF205',
            detail = pg_catalog.format('idle_timeout %s, absolute_timeout %s.', v_idle, v_absolute);
  end if;
  perform pgfirst_private.session_check_data(data);

  v_token := pg_catalog.translate(
    pg_catalog.rtrim(pg_catalog.encode(pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                                       || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()), 'base64'), '='),
    '+/', '-_');
  insert into pgfirst_private.session
         (token_hash, tenant, user_id, data, created_at, last_seen_at, idle_timeout, absolute_expires_at)
  values (pgfirst_private.session_token_hash(v_token), session_create.tenant, session_create.user_id,
          session_create.data, v_now, v_now, v_idle, v_now + v_absolute);
  return v_token;
end;
$$;

comment on function pgfirst.session_create(text, jsonb, text, interval, interval, timestamptz) is
  'Creates a session and returns its opaque token (256 bits from two gen_random_uuid(), 244 of them random, base64url); only sha256(token) is stored. Null timeouts take session.idle_timeout / session.absolute_timeout. One insert.';
revoke all on function pgfirst.session_create(text, jsonb, text, interval, interval, timestamptz) from public;
grant execute on function pgfirst.session_create(text, jsonb, text, interval, interval, timestamptz) to pgfirst_app;
