begin;
select plan(3);

select pgfirst.cache_configure(namespace => 'capped', max_entries => 3);
select pgfirst.cache_set(namespace => 'capped', key => 'k' || i, value => to_jsonb(i), ttl => '1 day',
                         now => '2030-01-01 00:00+00'::timestamptz + i * interval '1 minute')
  from generate_series(1, 6) i;
select pgfirst.cache_set(namespace => 'capped', key => 'dead', value => '0', ttl => '1 minute', now => '2030-01-01 00:10+00');
select pgfirst.cache_set(namespace => 'capped', key => 'k1', value => '"rewritten"', ttl => '1 day', now => '2030-01-01 00:20+00');
select pgfirst.cache_set(namespace => 'capped', key => 'x' || i, value => '1', tenant => 'small') from generate_series(1, 2) i;

-- at 00:15, 'dead' is expired; of the rest, k2 and k3 are the least recently written
select is(pgfirst.cache_cleanup(now => '2030-01-01 00:15+00'), 4::bigint, 'removes the expired row and the excess');
select set_eq($$ select key from pgfirst_private.cache_entry where tenant = '' $$, $$ values ('k1'), ('k5'), ('k6') $$,
  'expired rows go first, then the least recently written');
select is((select count(*)::int from pgfirst_private.cache_entry where tenant = 'small'), 2,
  'the cap applies per (tenant, namespace): a tenant under it keeps everything');

select * from finish();
rollback;
