begin;
select plan(7);

select pgfirst.login_attempt('bob', '192.0.2.1') from pg_catalog.generate_series(1, 6);
select pgfirst.login_attempt('eve', '192.0.2.2') from pg_catalog.generate_series(1, 6);
create temp table l on commit drop as select * from pgfirst.login_lockouts();
create temp table bob on commit drop as select s.subject from pgfirst_private.login_subjects('bob', null) s where s.scope = 'user';

select ok(not pgfirst.login_unlock_subject('other', 'user', (select pg_catalog.encode(subject, 'hex') from bob)), 'another tenant: nothing to unlock');
select ok(pgfirst.login_unlock_subject('', 'user', (select pg_catalog.encode(subject, 'hex') from bob)), 'unlocks the user counter by its full hex');
select is((select count(*) from pgfirst_private.login_throttle t, bob where t.subject = bob.subject or t.user_subject = bob.subject), 0::bigint,
  'its user+IP counters go with it (as login_unlock)');
select is((select (pgfirst.login_attempt('bob', '192.0.2.1')).allowed), true, 'bob can log in again');
select is((select count(*) from pgfirst.login_lockouts()), 2::bigint, 'eve is still locked');
select throws_ok($$ select pgfirst.login_unlock_subject('', 'user', left((select subject_hex from pgfirst.login_lockouts() limit 1), 12)) $$,
  'PF308', null, 'a prefix is refused: only the full hash');
select throws_ok($$ select pgfirst.login_unlock_subject('', 'users', repeat('a', 64)) $$, 'PF308', null, 'an unknown scope');

select * from finish();
rollback;
