begin;
select plan(3);

select pgfirst.cache_set_many(namespace => 'ns', entries => (select jsonb_object_agg('k' || i, i) from generate_series(1, 50) i),
                              ttl => '1 second', now => '2030-01-01 00:00+00');
select is(pgfirst.cache_cleanup(max_rows => 20, now => '2030-01-02 00:00+00'), 20::bigint, 'one call removes at most max_rows');
select is((select count(*)::int from pgfirst_private.cache_entry), 30, '… and leaves the rest');
select is(pgfirst.cache_cleanup(max_rows => 100, now => '2030-01-02 00:00+00'), 30::bigint, 'the next call removes the rest');

select * from finish();
rollback;
