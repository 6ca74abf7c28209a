begin;
select plan(5);

select throws_ok($$ select pgfirst.cache_get(namespace => '', key => 'k') $$, 'PF101', null, 'an empty namespace is rejected');
select throws_ok($$ select pgfirst.cache_get(namespace => 'ns', key => null) $$, 'PF102', null, 'a null key is rejected');
select throws_ok($$ select pgfirst.cache_get(namespace => 'ns', key => '') $$, 'PF102', null, 'an empty key is rejected');
select throws_ok($$ select pgfirst.cache_get(namespace => 'ns', key => repeat('k', 1025)) $$, 'PF102', null, 'a key over 1024 bytes is rejected');
select throws_ok($$ select pgfirst.cache_get(namespace => 'ns', key => 'k', tenant => repeat('t', 257)) $$, 'PF110', null, 'a tenant over 256 bytes is rejected');

select * from finish();
rollback;
