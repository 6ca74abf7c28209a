begin;
select plan(4);

select throws_ok($$ select * from pgfirst.cache_get_many(namespace => 'ns', keys => array['a', null]) $$, 'PF102', null, 'a null key in the list is rejected');
select throws_ok($$ select * from pgfirst.cache_get_many(namespace => 'ns', keys => array['a', '']) $$, 'PF102', null, 'an empty key in the list is rejected');
select throws_ok($$ select * from pgfirst.cache_get_many(namespace => 'ns', keys => null) $$, 'PF102', null, 'a null key list is rejected');
select throws_ok($$ select * from pgfirst.cache_get_many(namespace => '', keys => array['a']) $$, 'PF101', null, 'an empty namespace is rejected');

select * from finish();
rollback;
