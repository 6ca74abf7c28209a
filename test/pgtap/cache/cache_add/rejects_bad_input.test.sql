begin;
select plan(4);

select throws_ok($$ select pgfirst.cache_add(namespace => 'ns', key => '', value => '1') $$, 'PF102', null, 'an empty key is rejected');
select throws_ok($$ select pgfirst.cache_add(namespace => 'ns', key => 'k', value => null) $$, 'PF108', null, 'an SQL null value is rejected');
select throws_ok($$ select pgfirst.cache_add(namespace => 'ns', key => 'k', value => '1', ttl => '0') $$, 'PF103', null, 'a zero ttl is rejected');
select pgfirst.setting_set('cache.max_value_bytes', '64');
select throws_ok($$ select pgfirst.cache_add(namespace => 'ns', key => 'k', value => to_jsonb(repeat('x', 100))) $$, 'PF104', null, 'an oversize value is rejected');

select * from finish();
rollback;
