begin;
select plan(3);

create temp table tok as
  select pgfirst.session_create(user_id => 'u1', idle_timeout => '1 hour', absolute_timeout => '2 hours',
                                now => '2030-01-01 00:00:00+00') as token;
-- keep it busy every 20 minutes
select count(*) from generate_series(1, 5) i,
  pgfirst.session_get((select token from tok), now => '2030-01-01 00:00:00+00'::timestamptz + i * interval '20 minutes');

select is((select expires_at from pgfirst.session_get((select token from tok), now => '2030-01-01 01:50:00+00')),
  '2030-01-01 02:00:00+00'::timestamptz, 'the expiry never passes the absolute limit, however active');
select is((select count(*)::int from pgfirst.session_get((select token from tok), now => '2030-01-01 01:59:59+00')),
  1, 'live just before the absolute limit');
select is((select count(*)::int from pgfirst.session_get((select token from tok), now => '2030-01-01 02:00:00+00')),
  0, 'expired at the absolute limit despite recent activity');

select * from finish();
rollback;
