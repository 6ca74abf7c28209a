begin;
select plan(3);

select throws_ok($$ select pgfirst.cache_incr(namespace => 'ns', key => '') $$, 'PF102', null, 'an empty key is rejected');
select throws_ok($$ select pgfirst.cache_incr(namespace => 'ns', key => 'k', ttl => '-1 day') $$, 'PF103', null, 'a negative ttl is rejected');
select throws_ok($$ select pgfirst.cache_incr(namespace => null, key => 'k') $$, 'PF101', null, 'a null namespace is rejected');

select * from finish();
rollback;
