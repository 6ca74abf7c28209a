-- Rewriting a key touches no index (HOT update): the table has only its primary key and
-- the columns a write changes are not indexed.
begin;
select plan(2);

select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '0', ttl => '1 hour');
select pgfirst.cache_set(namespace => 'ns', key => 'k', value => to_jsonb(i), ttl => '1 hour') from generate_series(1, 5) i;

select is(pg_stat_get_xact_tuples_hot_updated('pgfirst_private.cache_entry'::regclass), 5::bigint,
  'five rewrites of one key are five HOT updates');
select is((select count(*)::int from pg_index where indrelid = 'pgfirst_private.cache_entry'::regclass), 1,
  'the cache table has exactly one index (the primary key)');

select * from finish();
rollback;
