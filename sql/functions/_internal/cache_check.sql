-- One place for the cache's input rules, called first by every cache function.
-- Limits are fixed (not settings) because the primary key's btree entry must stay far
-- below PostgreSQL's ~2.7 kB index-tuple limit: 128 + 256 + 1024 bytes leaves room.
create or replace function pgfirst_private.cache_check(namespace text, tenant text, keys text[])
returns boolean
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_key text;
begin
  if namespace is null or namespace = '' or octet_length(namespace) > 128 then
    raise exception 'a cache namespace must be a non-empty text of at most 128 bytes'
      using errcode = 'PF101',
            detail = format('namespace: %s', coalesce(quote_literal(left(namespace, 40)), 'null')),
            hint = 'Use a short constant per use, e.g. ''select2'' or ''user_profile''.';
  end if;
  if tenant is null or octet_length(tenant) > 256 then
    raise exception 'a cache tenant must be a text of at most 256 bytes (''%'' when unused)', ''
      using errcode = 'PF110',
            detail = format('tenant: %s', coalesce(quote_literal(left(tenant, 40)), 'null')),
            hint = 'Pass tenant => '''' when the application has no tenants.';
  end if;
  if pg_catalog.cardinality(keys) > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'a cache call takes at most % keys', (pgfirst_private.arg_limits()).batch_max
      using errcode = 'PF113',
            detail = format('%s keys', pg_catalog.cardinality(keys)),
            hint = 'Split the batch.';
  end if;
  if keys is not null then
    foreach v_key in array keys loop
      if v_key is null or v_key = '' or octet_length(v_key) > 1024 then
        raise exception 'a cache key must be a non-empty text of at most 1024 bytes'
          using errcode = 'PF102',
                detail = format('key: %s (%s bytes)', coalesce(quote_literal(left(v_key, 40)), 'null'), coalesce(octet_length(v_key), 0)),
                hint = 'Hash long keys (e.g. md5 or sha256 of the natural key) before caching.';
      end if;
    end loop;
  end if;
  return true;
end;
$$;

comment on function pgfirst_private.cache_check(text, text, text[]) is
  'Internal: raises PF101 (namespace), PF110 (tenant), PF113 (more than 10000 keys) or PF102 (a key) for invalid cache addresses; returns true otherwise.';
revoke all on function pgfirst_private.cache_check(text, text, text[]) from public;
