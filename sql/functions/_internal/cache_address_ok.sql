-- The address rules as one boolean expression, for the hot paths (cache_get, cache_lease,
-- cache_write): a `language sql` function without a SET clause, so the planner inlines
-- it into the caller's expression and no function call happens. Callers run
-- cache_check (which raises the precise PF error) only when this is false. Its
-- search_path is not pinned on purpose: it names no object, only pg_catalog operators and
-- functions (listed in search_path_exempt of 00-api-surface.test.sql).
create or replace function pgfirst_private.cache_address_ok(namespace text, tenant text, key text)
returns boolean
language sql
immutable
parallel safe
as $$
  select coalesce(namespace <> '' and octet_length(namespace) <= 128
                  and octet_length(tenant) <= 256
                  and key <> '' and octet_length(key) <= 1024, false)
$$;

comment on function pgfirst_private.cache_address_ok(text, text, text) is
  'Internal, inlined: true when namespace, tenant and key satisfy the cache limits (cache_check raises the matching PF error otherwise).';
revoke all on function pgfirst_private.cache_address_ok(text, text, text) from public;
