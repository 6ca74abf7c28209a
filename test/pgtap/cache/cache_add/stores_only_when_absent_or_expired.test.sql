begin;
select plan(6);

select is(pgfirst.cache_add(namespace => 'ns', key => 'k', value => '1', ttl => '1 minute', now => '2030-01-01 00:00+00'), true,
  'adding a missing key stores it');
select is(pgfirst.cache_add(namespace => 'ns', key => 'k', value => '2', ttl => '1 minute', now => '2030-01-01 00:00:30+00'), false,
  'adding a live key does nothing');
select is(pgfirst.cache_get(namespace => 'ns', key => 'k', now => '2030-01-01 00:00:30+00'), '1'::jsonb,
  'the first value stays');
select is(pgfirst.cache_add(namespace => 'ns', key => 'k', value => '3', ttl => '1 minute', now => '2030-01-01 00:01+00'), true,
  'adding over an expired key stores it');
select is(pgfirst.cache_get(namespace => 'ns', key => 'k', now => '2030-01-01 00:01:59+00'), '3'::jsonb,
  'the added value has its own new expiry');
select is(pgfirst.cache_add(namespace => 'ns', key => 'k', value => '4', tenant => 't2', now => '2030-01-01 00:01+00'), true,
  'the same key in another tenant is absent there');

select * from finish();
rollback;
