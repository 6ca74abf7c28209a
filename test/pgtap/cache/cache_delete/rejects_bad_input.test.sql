begin;
select plan(3);

select throws_ok($$ select pgfirst.cache_delete(namespace => 'ns', key => '') $$, 'PF102', null, 'an empty key is rejected');
select throws_ok($$ select pgfirst.cache_delete(namespace => '', key => 'k') $$, 'PF101', null, 'an empty namespace is rejected');
select throws_ok($$ select pgfirst.cache_delete(namespace => 'ns', key => 'k', tenant => null) $$, 'PF110', null, 'a null tenant is rejected');

select * from finish();
rollback;
