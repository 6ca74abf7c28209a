-- Without an expiry index, cleanup scans the heap chunk by chunk; one call covers the
-- whole table once, whatever the chunk size.
begin;
select plan(2);

select pgfirst.setting_set('cache.cleanup_chunk_blocks', '1');
select pgfirst.cache_set_many(namespace => 'ns', entries => (select jsonb_object_agg('k' || i, repeat('x', 200)) from generate_series(1, 400) i),
                              ttl => '1 second', now => '2030-01-01 00:00+00');
select cmp_ok((pg_relation_size('pgfirst_private.cache_entry') / 8192)::int, '>', 5, 'the test table spans several blocks');
select is(pgfirst.cache_cleanup(max_rows => 10000, now => '2030-01-02 00:00+00'), 400::bigint,
  'one call with one-block chunks still removes every expired row of every block');

select * from finish();
rollback;
