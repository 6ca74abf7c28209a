begin;
select plan(4);

select pgfirst.cache_set(namespace => 'ns', key => 'live', value => '1');
select pgfirst.cache_set(namespace => 'ns', key => 'dead', value => '1', ttl => '1 second', now => now() - interval '1 minute');

select is(pgfirst.cache_delete(namespace => 'ns', key => 'live'), true, 'deleting a live key returns true');
select is(pgfirst.cache_get(namespace => 'ns', key => 'live'), null, 'the deleted key is gone');
select is(pgfirst.cache_delete(namespace => 'ns', key => 'dead'), false, 'deleting an expired key returns false');
select is((select count(*)::int from pgfirst_private.cache_entry where key = 'dead'), 0, '… and removes its row');

select * from finish();
rollback;
