begin;
select plan(4);

select throws_ok($$ select * from pgfirst.cache_lease(namespace => 'ns', key => 'k', lease => '0') $$, 'PF103', null, 'a zero lease is rejected');
select throws_ok($$ select * from pgfirst.cache_lease(namespace => 'ns', key => 'k', lease => null) $$, 'PF103', null, 'a null lease is rejected');
select throws_ok($$ select * from pgfirst.cache_lease(namespace => 'ns', key => '') $$, 'PF102', null, 'an empty key is rejected');
select throws_ok($$ select * from pgfirst.cache_lease(namespace => null, key => 'k') $$, 'PF101', null, 'a null namespace is rejected');

select * from finish();
rollback;
