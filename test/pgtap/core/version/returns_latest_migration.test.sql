begin;
select plan(1);

select is(
  pgfirst.version(),
  (select max(regexp_replace(filename, '\.sql$', '')) from graphile_migrate.migrations),
  'version() is the latest applied migration'
);

select * from finish();
rollback;
