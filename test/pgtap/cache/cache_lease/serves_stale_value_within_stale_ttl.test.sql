begin;
select plan(4);

select pgfirst.cache_configure(namespace => 'ns', stale_ttl => '1 minute');
select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '"old"', ttl => '10 seconds', now => '2030-01-01 00:00+00');
select pgfirst.cache_set(namespace => 'plain', key => 'k', value => '"old"', ttl => '10 seconds', now => '2030-01-01 00:00+00');

select results_eq(
  $$ select value, hit, leased, stale from pgfirst.cache_lease(namespace => 'ns', key => 'k', now => '2030-01-01 00:00:20+00') $$,
  $$ values ('"old"'::jsonb, false, true, true) $$,
  'the lease holder also gets the stale value');
select results_eq(
  $$ select value, hit, leased, stale from pgfirst.cache_lease(namespace => 'ns', key => 'k', now => '2030-01-01 00:00:21+00') $$,
  $$ values ('"old"'::jsonb, false, false, true) $$,
  'the others get the stale value while the holder recomputes');
select results_eq(
  $$ select value, stale from pgfirst.cache_lease(namespace => 'ns', key => 'k', now => '2030-01-01 00:01:10+00') $$,
  $$ values (null::jsonb, false) $$,
  'past expiry + stale_ttl no stale value is served');
select results_eq(
  $$ select value, leased, stale from pgfirst.cache_lease(namespace => 'plain', key => 'k', now => '2030-01-01 00:00:20+00') $$,
  $$ values (null::jsonb, true, false) $$,
  'a namespace without stale_ttl serves no stale value');

select * from finish();
rollback;
