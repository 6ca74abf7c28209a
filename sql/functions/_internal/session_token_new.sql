-- A new session token: 32 bytes from two gen_random_uuid() calls (built in since
-- PostgreSQL 13, drawn from pg_strong_random, i.e. OpenSSL or the kernel CSPRNG): 244
-- random bits once the fixed uuid version/variant bits are discounted; no pgcrypto needed.
-- base64url without padding: 43 characters, safe in cookies and URLs.
create or replace function pgfirst_private.session_token_new()
returns text
language sql
volatile
parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.translate(
           pg_catalog.rtrim(pg_catalog.encode(pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                                              || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()), 'base64'), '='),
           '+/', '-_')
$$;

comment on function pgfirst_private.session_token_new() is
  'Internal: a fresh 43-character base64url session token carrying 244 CSPRNG bits.';
revoke all on function pgfirst_private.session_token_new() from public;
