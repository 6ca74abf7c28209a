begin;
select plan(3);

select pgfirst.cache_set(namespace => 'a', key => 'k', value => '1');
select throws_ok($$ select pgfirst.cache_clear() $$, 'PF109', null, 'clearing without namespace or tenant is rejected');
select throws_ok($$ select pgfirst.cache_clear(namespace => '') $$, 'PF101', null, 'an empty namespace is rejected');
select is((select count(*)::int from pgfirst_private.cache_entry), 1, 'a rejected clear removes nothing');

select * from finish();
rollback;
