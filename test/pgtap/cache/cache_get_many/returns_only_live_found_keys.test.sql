begin;
select plan(3);

select pgfirst.cache_set_many(namespace => 'ns', entries => '{"a": 1, "b": 2}', ttl => '1 hour', now => '2030-01-01 00:00+00');
select pgfirst.cache_set(namespace => 'ns', key => 'old', value => '3', ttl => '1 second', now => '2030-01-01 00:00+00');
select pgfirst.cache_set(namespace => 'ns', key => 'c', value => '9', tenant => 'other', now => '2030-01-01 00:00+00');

select set_eq(
  $$ select key, value from pgfirst.cache_get_many(namespace => 'ns', keys => array['a', 'b', 'old', 'c', 'nope'], now => '2030-01-01 00:10+00') $$,
  $$ values ('a', '1'::jsonb), ('b', '2'::jsonb) $$,
  'only live keys of this tenant are returned; missing and expired ones are left out');
select is((select count(*)::int from pgfirst.cache_get_many(namespace => 'ns', keys => array['a', 'a', 'a'])), 1,
  'a key listed twice is returned once');
select is((select count(*)::int from pgfirst.cache_get_many(namespace => 'ns', keys => array[]::text[])), 0,
  'an empty key list returns no rows');

select * from finish();
rollback;
