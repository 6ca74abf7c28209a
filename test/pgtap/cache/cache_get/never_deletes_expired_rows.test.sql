begin;
select plan(2);

select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '1', ttl => '1 second', now => '2030-01-01 00:00+00');
select is(pgfirst.cache_get(namespace => 'ns', key => 'k', now => '2030-01-02 00:00+00'), null,
  'the expired value is not returned');
select is((select count(*)::int from pgfirst_private.cache_entry where namespace = 'ns' and key = 'k'), 1,
  'the read left the expired row in place (cleanup removes it)');

select * from finish();
rollback;
