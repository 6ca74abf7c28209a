begin;
select plan(4);

select pgfirst.cache_configure(namespace => 'short', default_ttl => '1 minute');
select pgfirst.cache_set(namespace => 'short', key => 'k', value => '1', now => '2030-01-01 00:00+00');
select pgfirst.cache_set(namespace => 'plain', key => 'k', value => '2', now => '2030-01-01 00:00+00');

select is(pgfirst.cache_get(namespace => 'short', key => 'k', now => '2030-01-01 00:00:59+00'), '1'::jsonb,
  'inside the namespace default_ttl the value is live');
select is(pgfirst.cache_get(namespace => 'short', key => 'k', now => '2030-01-01 00:01+00'), null,
  'at now + default_ttl the value has expired');
select is(pgfirst.cache_get(namespace => 'plain', key => 'k', now => '2130-01-01 00:00+00'), '2'::jsonb,
  'without a ttl or a namespace default the value never expires');
select is((select expires_at from pgfirst_private.cache_entry where namespace = 'plain' and key = 'k'), null,
  'a value without expiry is stored with expires_at null');

select * from finish();
rollback;
