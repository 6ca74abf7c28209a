begin;
select plan(2);

select pgfirst.setting_set('cache.stats_sample_rate', '1');
select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '1');
select pgfirst.cache_get(namespace => 'ns', key => 'k') from generate_series(1, 5);
select pgfirst.cache_get(namespace => 'ns', key => 'nope', tenant => 't') from generate_series(1, 3);
select pgfirst.cache_cleanup();

select results_eq(
  $$ select namespace collate "default", tenant collate "default", hits, misses from pgfirst_private.cache_stat order by tenant $$,
  $$ values ('ns', '', 5::bigint, 0::bigint), ('ns', 't', 0::bigint, 3::bigint) $$,
  'cleanup folds the appended sample rows into one row per (namespace, tenant)');
select results_eq(
  $$ select hits, misses from pgfirst.cache_stats() order by tenant $$,
  $$ values (5::bigint, 0::bigint), (0::bigint, 3::bigint) $$,
  'the totals are unchanged by folding');

select * from finish();
rollback;
