-- The only form in which a session token is ever stored or compared: SHA-256 of its UTF-8
-- bytes. A plain (unsalted, fast) hash is right here: the token carries >= 128 random bits,
-- so there is nothing to brute-force, and lookups must stay one index probe.
create or replace function pgfirst_private.session_token_hash(token text)
returns bytea
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if token is null or token = '' then
    raise exception 'a session token must be a non-empty string'
      using errcode = 'PF201',
            hint = 'Pass the token returned by session_create or session_rotate.';
  end if;
  return pg_catalog.sha256(pg_catalog.convert_to(token, 'UTF8'));
end;
$$;

comment on function pgfirst_private.session_token_hash(text) is
  'Internal: sha256 of a session token (the stored key); raises PF201 for a null or empty token.';
revoke all on function pgfirst_private.session_token_hash(text) from public;
