begin;
select plan(4);

select pgfirst.cache_incr(namespace => 'ns', key => 'n', ttl => '1 minute', now => '2030-01-01 00:00+00');
select is(pgfirst.cache_incr(namespace => 'ns', key => 'n', ttl => '1 hour', now => '2030-01-01 00:00:30+00'), 2::bigint,
  'a live counter is incremented');
select is(pgfirst.cache_get(namespace => 'ns', key => 'n', now => '2030-01-01 00:01+00'), null,
  'incrementing a live key keeps its first expiry (the later ttl is ignored)');
select is(pgfirst.cache_incr(namespace => 'ns', key => 'n', delta => 5, ttl => '1 hour', now => '2030-01-01 00:02+00'), 5::bigint,
  'an expired counter restarts from 0');
select is(pgfirst.cache_get(namespace => 'ns', key => 'n', now => '2030-01-01 02:01:59+00'), null,
  'the restarted counter has the new ttl');

select * from finish();
rollback;
