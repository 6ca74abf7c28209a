-- Rewriting a key touches no index (HOT update): the table has only its primary key and
-- the columns a write changes are not indexed.
begin;
select plan(3);

select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '0', ttl => '1 hour');
create temp table before on commit drop as
  select pg_stat_get_xact_tuples_updated('pgfirst_private.cache_entry'::regclass) as upd,
         pg_stat_get_xact_tuples_hot_updated('pgfirst_private.cache_entry'::regclass) as hot;
select pgfirst.cache_set(namespace => 'ns', key => 'k', value => to_jsonb(i), ttl => '1 hour') from generate_series(1, 5) i;

select cmp_ok(pg_stat_get_xact_tuples_updated('pgfirst_private.cache_entry'::regclass) - (select upd from before), '>=', 5::bigint,
  'five rewrites of one key are (at least) five updates');
select is(pg_stat_get_xact_tuples_hot_updated('pgfirst_private.cache_entry'::regclass) - (select hot from before),
          pg_stat_get_xact_tuples_updated('pgfirst_private.cache_entry'::regclass) - (select upd from before),
  'every one of them is a HOT update');
select is((select count(*)::int from pg_index where indrelid = 'pgfirst_private.cache_entry'::regclass), 1,
  'the cache table has exactly one index (the primary key)');

select * from finish();
rollback;
