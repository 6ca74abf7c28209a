begin;
select plan(4);

select throws_ok($$ select pgfirst.cache_delete_many(namespace => 'ns', keys => array['a', null]) $$, 'PF102', null, 'a null key in the list is rejected');
select throws_ok($$ select pgfirst.cache_delete_many(namespace => 'ns', keys => null) $$, 'PF102', null, 'a null key list is rejected');
select throws_ok($$ select pgfirst.cache_delete_many(namespace => 'ns', keys => array['a'], tenant => null) $$, 'PF110', null, 'a null tenant is rejected');
select throws_ok($$ select pgfirst.cache_delete_many(namespace => repeat('n', 200), keys => array['a']) $$, 'PF101', null, 'a namespace over 128 bytes is rejected');

select * from finish();
rollback;
