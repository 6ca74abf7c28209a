begin;
select plan(5);

create temp table tok as
  select pgfirst.session_create(user_id => 'u1', idle_timeout => '30 minutes', absolute_timeout => '1 day',
                                now => '2030-01-01 00:00:00+00') as token;

select is((select expires_at from pgfirst.session_get((select token from tok), now => '2030-01-01 00:10:00+00')),
  '2030-01-01 00:40:00+00'::timestamptz, 'a read 10 minutes in slides the idle expiry to 00:40');
select is((select count(*)::int from pgfirst.session_get((select token from tok), now => '2030-01-01 00:39:59+00')),
  1, 'still live one second before the slid idle expiry');
select is((select last_seen_at from pgfirst_private.session), '2030-01-01 00:39:59+00'::timestamptz,
  'that read touched the session again (the touch interval had passed)');
select is((select count(*)::int from pgfirst.session_get((select token from tok), now => '2030-01-01 01:09:59+00')),
  0, 'gone 30 minutes after the last use');
select is(pgfirst.session_set((select token from tok), '{"x": 1}', now => '2030-01-01 01:10:00+00'),
  false, 'an idle-expired session cannot be written either');

select * from finish();
rollback;
