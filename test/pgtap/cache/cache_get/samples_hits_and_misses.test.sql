-- Stats are sampled: at rate 0 a read writes nothing; at rate 1 every read is counted.
begin;
select plan(3);

select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '1');
select pgfirst.setting_set('cache.stats_sample_rate', '0');
select pgfirst.cache_get(namespace => 'ns', key => 'k') from generate_series(1, 20);
select is((select count(*)::int from pgfirst_private.cache_stat), 0, 'at rate 0 reads record nothing');

select pgfirst.setting_set('cache.stats_sample_rate', '1');
select pgfirst.cache_get(namespace => 'ns', key => 'k') from generate_series(1, 3);
select pgfirst.cache_get(namespace => 'ns', key => 'missing') from generate_series(1, 2);
select results_eq(
  $$ select sum(hits)::bigint, sum(misses)::bigint, count(*)::int from pgfirst_private.cache_stat where namespace = 'ns' $$,
  $$ values (3::bigint, 2::bigint, 5) $$,
  'at rate 1 each read appends one row counting its hit or miss once');

select pgfirst.setting_set('cache.stats_sample_rate', '0.25');
select pgfirst.cache_get(namespace => 'ns', key => 'k') from generate_series(1, 400);
select ok((select sum(hits) from pgfirst_private.cache_stat where namespace = 'ns') - 3 between 0 and 1600
          and (select sum(hits) from pgfirst_private.cache_stat where namespace = 'ns') % 4 = 3,
  'at rate 0.25 each recorded sample weighs 4 (400 reads add a multiple of 4)');

select * from finish();
rollback;
