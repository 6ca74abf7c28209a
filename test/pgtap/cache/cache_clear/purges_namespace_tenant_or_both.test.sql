begin;
select plan(4);

create temp table seed on commit drop as
  select n, t from unnest(array['a', 'b']) n cross join unnest(array['t1', 't2']) t;
select pgfirst.cache_set(namespace => n, key => 'k', value => '1', tenant => t) from seed;

select is(pgfirst.cache_clear(namespace => 'a', tenant => 't1'), 1::bigint, 'namespace and tenant: one pair is cleared');
select is(pgfirst.cache_clear(tenant => 't2'), 2::bigint, 'tenant only: every namespace of the tenant is cleared');
select is(pgfirst.cache_clear(namespace => 'b'), 1::bigint, 'namespace only: every tenant of the namespace is cleared');
select is((select count(*)::int from pgfirst_private.cache_entry), 0, 'nothing is left');

select * from finish();
rollback;
