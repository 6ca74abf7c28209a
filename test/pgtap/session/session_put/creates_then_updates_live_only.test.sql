begin;
select plan(6);

select is(pgfirst.session_put(repeat('a', 32), 'u1', '{"n": 1}', now => '2030-01-01 00:00:00+00'), true,
  'put creates a session for a new caller-minted token');
select is(pgfirst.session_put(repeat('a', 32), 'u1', '{"n": 2}', now => '2030-01-01 00:01:00+00'), true,
  'put replaces the data of the live session');
select is((select data from pgfirst.session_get(repeat('a', 32), now => '2030-01-01 00:01:00+00')), '{"n": 2}'::jsonb, 'the data is the last put');
select is(pgfirst.session_put(repeat('a', 32), 'u1', '{"n": 3}', tenant => 'other', now => '2030-01-01 00:02:00+00'), false,
  'put from another tenant does not touch the session');
select is(pgfirst.session_put(repeat('a', 32), 'u1', '{"n": 4}', now => '2031-01-01 00:00:00+00'), false,
  'put does not revive an expired session');
select throws_ok($$ select pgfirst.session_put(repeat('a', 31), 'u1', '{}') $$, 'PF207', null, 'a token under 32 characters is rejected');

select * from finish();
rollback;
