begin;
select plan(4);

select pgfirst.cache_set(namespace => 'ns', key => 'b', value => '"old"', now => '2030-01-01 00:00+00');
select is(pgfirst.cache_set_many(namespace => 'ns', entries => '{"a": 1, "b": {"x": [1, 2]}, "c": null}', ttl => '1 minute', now => '2030-01-01 00:00+00'),
  3, 'returns the number of keys written');
select set_eq(
  $$ select key, value from pgfirst.cache_get_many(namespace => 'ns', keys => array['a', 'b', 'c'], now => '2030-01-01 00:00:59+00') $$,
  $$ values ('a', '1'::jsonb), ('b', '{"x": [1, 2]}'::jsonb), ('c', 'null'::jsonb) $$,
  'every entry is stored, an existing key is replaced, JSON null is a value');
select is((select count(*)::int from pgfirst.cache_get_many(namespace => 'ns', keys => array['a', 'b', 'c'], now => '2030-01-01 00:01+00')), 0,
  'all entries share the one expiry');
select is(pgfirst.cache_set_many(namespace => 'ns', entries => '{}'), 0, 'an empty object writes nothing');

select * from finish();
rollback;
