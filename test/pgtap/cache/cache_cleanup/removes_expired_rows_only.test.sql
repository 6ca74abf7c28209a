begin;
select plan(2);

select pgfirst.cache_configure(namespace => 'stale', stale_ttl => '1 hour');
select pgfirst.cache_set(namespace => 'ns', key => 'expired', value => '1', ttl => '1 minute', now => '2030-01-01 00:00+00');
select pgfirst.cache_set(namespace => 'ns', key => 'live', value => '1', ttl => '1 day', now => '2030-01-01 00:00+00');
select pgfirst.cache_set(namespace => 'ns', key => 'forever', value => '1', now => '2030-01-01 00:00+00');
select pgfirst.cache_set(namespace => 'stale', key => 'kept', value => '1', ttl => '1 minute', now => '2030-01-01 00:00+00');
select * from pgfirst.cache_lease(namespace => 'ns', key => 'leased', lease => '1 hour', now => '2030-01-01 00:00+00');
select * from pgfirst.cache_lease(namespace => 'ns', key => 'lease_over', lease => '1 minute', now => '2030-01-01 00:00+00');

select is(pgfirst.cache_cleanup(now => '2030-01-01 00:10+00'), 2::bigint, 'returns the rows removed');
select set_eq(
  $$ select key from pgfirst_private.cache_entry $$,
  $$ values ('live'), ('forever'), ('kept'), ('leased') $$,
  'removes expired rows and ended leases; keeps live rows, rows inside stale_ttl and active leases');

select * from finish();
rollback;
