begin;
select plan(3);

select pgfirst.cache_set_many(namespace => 'ns', entries => '{"a": 1, "b": 2, "c": 3}');
select pgfirst.cache_set(namespace => 'ns', key => 'dead', value => '1', ttl => '1 second', now => now() - interval '1 minute');
select pgfirst.cache_set(namespace => 'ns', key => 'a', value => '1', tenant => 'other');

select is(pgfirst.cache_delete_many(namespace => 'ns', keys => array['a', 'b', 'dead', 'nope']), 2, 'counts the live values removed');
select set_eq($$ select key from pgfirst_private.cache_entry where namespace = 'ns' $$, $$ values ('c'), ('a') $$,
  'removes the listed keys of this tenant only (the expired one too)');
select is(pgfirst.cache_delete_many(namespace => 'ns', keys => array[]::text[]), 0, 'an empty list removes nothing');

select * from finish();
rollback;
