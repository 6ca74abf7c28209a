begin;
select plan(11);

select throws_ok($$ select pgfirst.cache_set(namespace => '', key => 'k', value => '1') $$, 'PF101', null, 'an empty namespace is rejected');
select throws_ok($$ select pgfirst.cache_set(namespace => null, key => 'k', value => '1') $$, 'PF101', null, 'a null namespace is rejected');
select throws_ok($$ select pgfirst.cache_set(namespace => repeat('n', 129), key => 'k', value => '1') $$, 'PF101', null, 'a namespace over 128 bytes is rejected');
select throws_ok($$ select pgfirst.cache_set(namespace => 'ns', key => '', value => '1') $$, 'PF102', null, 'an empty key is rejected');
select throws_ok($$ select pgfirst.cache_set(namespace => 'ns', key => repeat('é', 513), value => '1') $$, 'PF102', null, 'a key over 1024 bytes (1026 here) is rejected');
select lives_ok($$ select pgfirst.cache_set(namespace => 'ns', key => repeat('k', 1024), value => '1') $$, 'a key of exactly 1024 bytes is accepted');
select throws_ok($$ select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '1', tenant => null) $$, 'PF110', null, 'a null tenant is rejected');
select throws_ok($$ select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '1', ttl => '0 seconds') $$, 'PF103', null, 'a zero ttl is rejected');
select throws_ok($$ select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '1', ttl => '-1 minute') $$, 'PF103', null, 'a negative ttl is rejected');
select throws_ok($$ select pgfirst.cache_set(namespace => 'ns', key => 'k', value => null) $$, 'PF108', null, 'an SQL null value is rejected');
select pgfirst.setting_set('cache.max_value_bytes', '100');
select throws_ok($$ select pgfirst.cache_set(namespace => 'ns', key => 'k', value => to_jsonb(repeat('x', 200))) $$, 'PF104', null, 'a value over cache.max_value_bytes is rejected');

select * from finish();
rollback;
