begin;
select plan(4);

select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '"v"', ttl => '10 seconds', now => '2030-01-01 00:00+00');

select is(pgfirst.cache_get(namespace => 'ns', key => 'k', now => '2030-01-01 00:00:09.999+00'), '"v"'::jsonb,
  'just before its expiry the value is returned');
select is(pgfirst.cache_get(namespace => 'ns', key => 'k', now => '2030-01-01 00:00:10+00'), null,
  'at its expiry instant the value is gone');
select is(pgfirst.cache_get(namespace => 'ns', key => 'nope', now => '2030-01-01 00:00+00'), null,
  'a missing key returns null');
select is(pgfirst.cache_get(namespace => 'ns', key => 'k', now => '2029-12-31 23:59+00'), '"v"'::jsonb,
  'time is the now argument, not the clock');

select * from finish();
rollback;
