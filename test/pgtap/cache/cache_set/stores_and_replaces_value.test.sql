begin;
select plan(4);

select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '{"a": 1}', ttl => '1 hour', now => '2030-01-01 00:00+00');
select is(pgfirst.cache_get(namespace => 'ns', key => 'k', now => '2030-01-01 00:10+00'), '{"a": 1}'::jsonb,
  'a stored value is returned');

select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '[2]', ttl => '5 minutes', now => '2030-01-01 00:20+00');
select is(pgfirst.cache_get(namespace => 'ns', key => 'k', now => '2030-01-01 00:24+00'), '[2]'::jsonb,
  'a second set replaces the value');
select is(pgfirst.cache_get(namespace => 'ns', key => 'k', now => '2030-01-01 00:26+00'), null,
  'a second set replaces the expiry too');

select pgfirst.cache_set(namespace => 'ns', key => 'j', value => 'null', now => '2030-01-01 00:00+00');
select is(pgfirst.cache_get(namespace => 'ns', key => 'j', now => '2030-01-01 00:00+00'), 'null'::jsonb,
  'the JSON value null is a value (SQL null means missing)');

select * from finish();
rollback;
