begin;
select plan(6);

select results_eq(
  $$ select value, hit, leased, stale from pgfirst.cache_lease(namespace => 'ns', key => 'k', lease => '30 seconds', now => '2030-01-01 00:00+00') $$,
  $$ values (null::jsonb, false, true, false) $$,
  'the first caller on a miss gets the lease');
select results_eq(
  $$ select value, hit, leased, stale from pgfirst.cache_lease(namespace => 'ns', key => 'k', lease => '30 seconds', now => '2030-01-01 00:00:10+00') $$,
  $$ values (null::jsonb, false, false, false) $$,
  'a second caller during the lease does not');
select is(pgfirst.cache_get(namespace => 'ns', key => 'k', now => '2030-01-01 00:00:10+00'), null,
  'the lease placeholder is not a value');
select results_eq(
  $$ select leased from pgfirst.cache_lease(namespace => 'ns', key => 'k', lease => '30 seconds', now => '2030-01-01 00:00:30+00') $$,
  $$ values (true) $$,
  'after the lease ran out (holder died) the next caller gets a new lease');
select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '"computed"', ttl => '1 minute', now => '2030-01-01 00:00:40+00');
select results_eq(
  $$ select value, hit, leased, stale from pgfirst.cache_lease(namespace => 'ns', key => 'k', now => '2030-01-01 00:00:41+00') $$,
  $$ values ('"computed"'::jsonb, true, false, false) $$,
  'once the holder sets the value, callers get a hit');
select is((select lease_until from pgfirst_private.cache_entry where key = 'k'), null,
  'cache_set ended the lease');

select * from finish();
rollback;
