begin;
select plan(5);

select pgfirst.setting_set('login.max_failures', '10');
select pgfirst.setting_set('login.user_ip_max_failures', '3');
select pgfirst.setting_set('login.ip_max_failures', '5');

select is((select count(*)::int from (select pgfirst.login_attempt('alice', '192.0.2.1', now => '2030-01-01 00:00:00+00') as a
            from generate_series(1, 5) i) s where (a).allowed), 3,
  'one IP gets login.user_ip_max_failures tries at one username');
select is((select allowed from pgfirst.login_attempt('alice', '192.0.2.2', now => '2030-01-01 00:00:00+00')), true,
  'the username is not locked for other addresses (lockout DoS resistance)');
select is((select count(*)::int from (select pgfirst.login_attempt('user' || i, '192.0.2.1', now => '2030-01-01 00:00:00+00') as a
            from generate_series(1, 4) i) s where (a).allowed), 2,
  'spraying other usernames from the same IP stops at login.ip_max_failures attempts in all');
select is((select count(*)::int from (select pgfirst.login_attempt('user' || i, ('2001:db8:1:2::' || i)::inet, now => '2030-01-01 00:00:00+00') as a
            from generate_series(1, 7) i) s where (a).allowed), 5,
  'IPv6 addresses in one /64 share the per-IP limit');
select is((select allowed from pgfirst.login_attempt('bob', '::ffff:192.0.2.1', now => '2030-01-01 00:00:00+00')), false,
  'an IPv4-mapped IPv6 address counts as its IPv4 address');

select * from finish();
rollback;
