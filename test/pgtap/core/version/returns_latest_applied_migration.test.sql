-- version() is the number of the latest migration graphile-migrate recorded.
begin;
select plan(3);

select matches(pgfirst.version(), '^[0-9]{6}$', 'version() is a six-digit migration number');

select is(
  pgfirst.version(),
  (select max(regexp_replace(filename, '\.sql$', '')) from graphile_migrate.migrations),
  'version() is the latest applied migration'
);

-- a later migration recorded (rolled back with the test) becomes the version
insert into graphile_migrate.migrations (hash, previous_hash, filename)
select 'sha1:pgtap-version-probe', m.hash, '999999.sql'
  from graphile_migrate.migrations m
 order by m.filename desc
 limit 1;

select is(pgfirst.version(), '999999', 'version() follows a newly recorded migration');

select * from finish();
rollback;
