begin;
select plan(2);

select pgfirst.setting_set('cache.stats_sample_rate', '1');
select pgfirst.cache_set_many(namespace => 'ns', entries => '{"a": "xxxx", "b": 1}');
select pgfirst.cache_set(namespace => 'ns', key => 'old', value => '1', ttl => '1 second', now => now() - interval '1 minute');
select pgfirst.cache_set(namespace => 'ns', key => 'a', value => '1', tenant => 't');
select pgfirst.cache_get(namespace => 'ns', key => 'a');
select pgfirst.cache_get(namespace => 'ns', key => 'zzz');
select * from pgfirst.cache_get_many(namespace => 'ns', keys => array['a', 'b', 'c']);

select results_eq(
  $$ select namespace, tenant, entries, expired, hits, misses from pgfirst.cache_stats() $$,
  $$ values ('ns', '', 2::bigint, 1::bigint, 3::bigint, 2::bigint), ('ns', 't', 1::bigint, 0::bigint, 0::bigint, 0::bigint) $$,
  'entries, expired rows, hits and misses per (namespace, tenant)');
select is((select bytes from pgfirst.cache_stats() where tenant = ''),
  (select sum(pg_column_size(value))::bigint from pgfirst_private.cache_entry where tenant = '' and namespace = 'ns'),
  'bytes sums the stored (on-disk) value sizes of all rows of the pair');

select * from finish();
rollback;
