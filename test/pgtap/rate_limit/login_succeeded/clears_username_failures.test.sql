begin;
select plan(4);

select pgfirst.setting_set('login.ip_max_failures', '7');
select count(*) from (select pgfirst.login_attempt('alice', '192.0.2.1', now => '2030-01-01 00:00:00+00') from generate_series(1, 4)) s;
select pgfirst.login_succeeded(' ALICE', '192.0.2.1');
select results_eq($$ select allowed, failures from pgfirst.login_attempt('alice', '192.0.2.1', now => '2030-01-01 00:01:00+00') $$,
  $$ values (true, 1) $$, 'after a success the username starts again from one failure');
select is((select count(*)::int from (select pgfirst.login_attempt('alice', '192.0.2.9', now => '2030-01-01 00:01:00+00') as a
            from generate_series(1, 6) i) s where (a).allowed), 4,
  'and has its full budget again (four more to reach five)');
select is((select count(*)::int from (select pgfirst.login_attempt('bob', '192.0.2.1', now => '2030-01-01 00:01:00+00') as a
            from generate_series(1, 5) i) s where (a).allowed), 2,
  'the per-IP counter is not cleared by a success (7 = 4 + 1 + 2)');
select lives_ok($$ select pgfirst.login_succeeded('nobody') $$, 'success for a username without failures is a no-op');

select * from finish();
rollback;
