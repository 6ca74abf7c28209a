-- tenant => null purges a namespace across every tenant: pgfirst_admin only (PF112 for the
-- app role, which may still purge within a tenant it names).
begin;
select plan(7);

create temp table seed on commit drop as
  select t from unnest(array['', 't1', 't2']) t;
grant select on seed to public;
select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '1', tenant => t) from seed;

set local role pgfirst_app;
select throws_ok($$ select pgfirst.cache_clear(namespace => 'ns') $$, 'PF112', null,
  'pgfirst_app cannot purge a namespace across tenants');
select is(pgfirst.cache_clear(namespace => 'ns', tenant => 't1'), 1::bigint,
  'pgfirst_app can purge a namespace within a tenant it names');
select is(pgfirst.cache_clear(tenant => 't2'), 1::bigint,
  'pgfirst_app can purge a whole tenant it names');
reset role;
select is((select count(*)::int from pgfirst_private.cache_entry where namespace = 'ns'), 1,
  'the rejected cross-tenant purge removed nothing');

select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '1', tenant => t) from seed;
set local role pgfirst_admin;
select is(pgfirst.cache_clear(namespace => 'ns'), 3::bigint, 'pgfirst_admin purges a namespace across tenants');
reset role;
-- Without SET ROLE the session user decides (here the test's superuser login).
select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '1', tenant => t) from seed;
select is(pgfirst.cache_clear(namespace => 'ns'), 3::bigint, 'a session whose login role has pgfirst_admin (no SET ROLE) purges across tenants');
-- SET ROLE down to the app role from an admin session: the active role decides.
set local role pgfirst_admin;
set local role pgfirst_app;
select throws_ok($$ select pgfirst.cache_clear(namespace => 'ns') $$, 'PF112', null,
  'an admin session that set role pgfirst_app is judged as pgfirst_app');
reset role;

select * from finish();
rollback;
