begin;
select plan(2);

select pgfirst.cache_set(namespace => 'select2', key => 'q' || i, value => '[]', ttl => '1 second', now => now() - interval '1 hour')
  from generate_series(1, 3) i;
select pgfirst.cache_set(namespace => 'select2', key => 'live', value => '[]', ttl => '1 hour');
select pgfirst.cache_set(namespace => 'other', key => 'q', value => '[]', ttl => '1 second', now => now() - interval '1 hour');

select is(pgfirst.cleanup_select2_cache(), 3::bigint, 'removes the expired select2 entries');
select set_eq($$ select namespace, key from pgfirst_private.cache_entry $$, $$ values ('select2', 'live'), ('other', 'q') $$,
  'leaves live select2 entries and other namespaces alone');

select * from finish();
rollback;
