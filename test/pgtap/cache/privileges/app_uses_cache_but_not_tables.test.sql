begin;
select plan(7);

set local role pgfirst_app;
select lives_ok($$ select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '1') $$, 'pgfirst_app can set');
select is(pgfirst.cache_get(namespace => 'ns', key => 'k'), '1'::jsonb, 'pgfirst_app can get');
select throws_ok($$ select * from pgfirst_private.cache_entry $$, '42501', null, 'pgfirst_app cannot read the cache table');
select throws_ok($$ select pgfirst.cache_configure(namespace => 'ns', max_entries => 1) $$, '42501', null, 'pgfirst_app cannot configure namespaces');
select throws_ok($$ select pgfirst.cache_cleanup() $$, '42501', null, 'pgfirst_app cannot run cleanup');
select throws_ok($$ select * from pgfirst.cache_stats() $$, '42501', null, 'pgfirst_app cannot read stats');
reset role;
set local role pgfirst_worker;
select lives_ok($$ select pgfirst.cache_cleanup() $$, 'pgfirst_worker can run cleanup');
reset role;

select * from finish();
rollback;
