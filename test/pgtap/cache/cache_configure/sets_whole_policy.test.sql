begin;
select plan(2);

select pgfirst.cache_configure(namespace => 'ns', default_ttl => '5 minutes', max_entries => 100, stale_ttl => '1 minute');
select results_eq(
  $$ select default_ttl, max_entries, stale_ttl from pgfirst_private.cache_namespace where namespace = 'ns' $$,
  $$ values ('5 minutes'::interval, 100::bigint, '1 minute'::interval) $$,
  'the policy is stored');
select pgfirst.cache_configure(namespace => 'ns', max_entries => 10);
select results_eq(
  $$ select default_ttl, max_entries, stale_ttl from pgfirst_private.cache_namespace where namespace = 'ns' $$,
  $$ values (null::interval, 10::bigint, null::interval) $$,
  'configuring again replaces the whole policy (omitted parts become none)');

select * from finish();
rollback;
