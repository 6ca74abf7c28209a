begin;
select plan(2);

select pgfirst.session_create(user_id => 'u', tenant => 't1', idle_timeout => '1 hour', now => '2030-01-01 00:00:00+00') from generate_series(1, 3);
select pgfirst.session_create(user_id => 'u', tenant => 't1', idle_timeout => '1 minute', now => '2030-01-01 00:00:00+00') from generate_series(1, 2);
select pgfirst.session_destroy(pgfirst.session_create(user_id => 'u', tenant => 't2', now => '2030-01-01 00:00:00+00'));

select results_eq(
  $$ select tenant, live, expired, destroyed from pgfirst.session_count(now => '2030-01-01 00:30:00+00') $$,
  $$ values ('t1', 3::bigint, 2::bigint, 0::bigint), ('t2', 0::bigint, 0::bigint, 1::bigint) $$,
  'live, expired (not yet cleaned up) and destroyed sessions per tenant');
select results_eq(
  $$ select tenant, live from pgfirst.session_count(tenant => 't2', now => '2030-01-01 00:30:00+00') $$,
  $$ values ('t2', 0::bigint) $$, 'one tenant only');

select * from finish();
rollback;
