-- pgfirst_app reaches the everyday API and nothing in pgfirst_private.
begin;
select plan(6);

select pgfirst_private.setting_register('pgtap.an_integer', 'integer', '5', 'test integer');

-- what version() must return, read while still superuser
create temp table expected_version on commit drop as
  select max(regexp_replace(filename, '\.sql$', '')) as v from graphile_migrate.migrations;
grant select on expected_version to pgfirst_app;

set local role pgfirst_app;

select is(pgfirst.version(), (select v from expected_version), 'pgfirst_app can call version()');
select is(pgfirst.setting_get('pgtap.an_integer'), '5'::jsonb, 'pgfirst_app can call setting_get()');
select throws_ok($$ select * from pgfirst_private.setting $$, '42501', null, 'pgfirst_app cannot select pgfirst_private.setting');
select throws_ok($$ select pgfirst_private.setting_value('pgtap.an_integer') $$, '42501', null, 'pgfirst_app cannot call private helpers');
select throws_ok($$ select pgfirst.setting_set('pgtap.an_integer', '6'::jsonb) $$, '42501', null, 'pgfirst_app cannot change settings');
select throws_ok($$ select * from pgfirst.health() $$, '42501', null, 'pgfirst_app cannot read health checks');

reset role;
select * from finish();
rollback;
