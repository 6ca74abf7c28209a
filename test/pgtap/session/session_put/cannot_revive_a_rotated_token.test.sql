begin;
select plan(4);

-- a store that mints its own tokens writes back with the token it loaded; after a rotation
-- that write must not create a new session under the old (possibly fixated) token
select is(pgfirst.session_put(token => 'old-token-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', user_id => '', data => '{"step": 1}',
                              now => '2030-01-01 00:00:00+00'), true, 'the store creates its session');
create temp table tok2 as
  select pgfirst.session_rotate('old-token-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', now => '2030-01-01 00:00:10+00') as token;
select is(pgfirst.session_put(token => 'old-token-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', user_id => 'alice', data => '{"userId": "alice"}',
                              now => '2030-01-01 00:00:20+00'), false, 'a late write with the rotated-away token changes nothing');
select is((select count(*)::int from pgfirst.session_get('old-token-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', now => '2030-01-01 00:00:30+00')), 0,
  'the old token still finds nothing');
select is((select data from pgfirst.session_get((select token from tok2), now => '2030-01-01 00:00:30+00')), '{"step": 1}'::jsonb,
  'the rotated session is untouched by the late write');

select * from finish();
rollback;
