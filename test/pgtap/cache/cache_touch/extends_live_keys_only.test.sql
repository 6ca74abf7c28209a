begin;
select plan(5);

select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '1', ttl => '1 minute', now => '2030-01-01 00:00+00');
select is(pgfirst.cache_touch(namespace => 'ns', key => 'k', ttl => '1 hour', now => '2030-01-01 00:00:30+00'), true, 'touching a live key returns true');
select is(pgfirst.cache_get(namespace => 'ns', key => 'k', now => '2030-01-01 01:00:29+00'), '1'::jsonb, 'the key lives until the new expiry');
select is(pgfirst.cache_touch(namespace => 'ns', key => 'k', ttl => '1 hour', now => '2030-01-01 01:00:30+00'), false, 'an expired key cannot be touched back to life');
select is(pgfirst.cache_touch(namespace => 'ns', key => 'nope', ttl => '1 hour'), false, 'a missing key returns false');
select pgfirst.cache_set(namespace => 'ns', key => 'p', value => '1', ttl => '1 minute', now => '2030-01-01 00:00+00');
select pgfirst.cache_touch(namespace => 'ns', key => 'p', ttl => null, now => '2030-01-01 00:00+00');
select is(pgfirst.cache_get(namespace => 'ns', key => 'p', now => '2100-01-01 00:00+00'), '1'::jsonb, 'ttl null without namespace default removes the expiry (PERSIST)');

select * from finish();
rollback;
