begin;
select plan(3);

select throws_ok($$ select pgfirst.cache_touch(namespace => 'ns', key => 'k', ttl => '-1 second') $$, 'PF103', null, 'a negative ttl is rejected');
select throws_ok($$ select pgfirst.cache_touch(namespace => 'ns', key => 'k', ttl => '0') $$, 'PF103', null, 'a zero ttl is rejected');
select throws_ok($$ select pgfirst.cache_touch(namespace => 'ns', key => '', ttl => '1 minute') $$, 'PF102', null, 'an empty key is rejected');

select * from finish();
rollback;
