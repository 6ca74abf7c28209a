begin;
select plan(7);

select throws_ok($$ select pgfirst.cache_set_many(namespace => 'ns', entries => '[1, 2]') $$, 'PF105', null, 'an array is rejected');
select throws_ok($$ select pgfirst.cache_set_many(namespace => 'ns', entries => '"a"') $$, 'PF105', null, 'a scalar is rejected');
select throws_ok($$ select pgfirst.cache_set_many(namespace => 'ns', entries => null) $$, 'PF105', null, 'SQL null entries are rejected');
select throws_ok($$ select pgfirst.cache_set_many(namespace => 'ns', entries => '{"": 1}') $$, 'PF102', null, 'an empty key is rejected');
select throws_ok($$ select pgfirst.cache_set_many(namespace => 'ns', entries => '{"a": 1}', ttl => '-1 second') $$, 'PF103', null, 'a negative ttl is rejected');
select pgfirst.setting_set('cache.max_value_bytes', '100');
select throws_ok($$ select pgfirst.cache_set_many(namespace => 'ns', entries => jsonb_build_object('a', 1, 'b', repeat('x', 200))) $$, 'PF104', null, 'one oversize value rejects the batch');
select is((select count(*)::int from pgfirst_private.cache_entry where namespace = 'ns'), 0, 'a rejected batch writes nothing');

select * from finish();
rollback;
