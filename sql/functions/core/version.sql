create or replace function pgfirst.version()
returns text
language sql
stable
security definer -- reads graphile-migrate's bookkeeping, which application roles cannot see
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.max(pg_catalog.regexp_replace(m.filename, '\.sql$', ''))
    from graphile_migrate.migrations m
$$;

comment on function pgfirst.version() is
  'The installed schema version: the number of the latest applied migration (e.g. 000001). One catalog read, no locks.';
revoke all on function pgfirst.version() from public;
grant execute on function pgfirst.version() to pgfirst_app;
