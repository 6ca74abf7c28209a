begin;
select plan(5);

select throws_ok($$ select pgfirst.cache_configure(namespace => 'ns', default_ttl => '0') $$, 'PF103', null, 'a zero default_ttl is rejected');
select throws_ok($$ select pgfirst.cache_configure(namespace => 'ns', stale_ttl => '-1 minute') $$, 'PF103', null, 'a negative stale_ttl is rejected');
select throws_ok($$ select pgfirst.cache_configure(namespace => 'ns', max_entries => 0) $$, 'PF111', null, 'a zero max_entries is rejected');
select throws_ok($$ select pgfirst.cache_configure(namespace => '') $$, 'PF101', null, 'an empty namespace is rejected');
select is((select count(*)::int from pgfirst_private.cache_namespace), 0, 'nothing is stored');

select * from finish();
rollback;
