begin;
select plan(7);

select pgfirst.login_attempt('bob', '192.0.2.1') from pg_catalog.generate_series(1, 6);
select pgfirst.login_attempt('carol', '192.0.2.9', tenant => 'other') from pg_catalog.generate_series(1, 6);
select pgfirst.login_attempt('dave', '192.0.2.7');  -- one failure: not locked

select is((select count(*) from pgfirst.login_lockouts()), 4::bigint, 'locked counters of every tenant (user and user_ip each)');
select is((select count(*) from pgfirst.login_lockouts(tenant => 'other')), 2::bigint, 'tenant filter');
select ok((select bool_and(subject_hex ~ '^[0-9a-f]{64}$' and subject_short = left(subject_hex, 12)) from pgfirst.login_lockouts()),
  'the subject as the full keyed hash in hex and a 12-digit prefix');
select ok((select bool_and(position('bob' in subject_hex) = 0) from pgfirst.login_lockouts()), 'no username in clear');
select is((select user_subject_hex from pgfirst.login_lockouts(tenant => '') where scope = 'user_ip'),
  (select subject_hex from pgfirst.login_lockouts(tenant => '') where scope = 'user'), 'a user_ip row points to its username''s row');
select is((select count(*) from pgfirst.login_lockouts(page_size => 1)), 1::bigint, 'page_size');
select throws_ok($$ select * from pgfirst.login_lockouts(page_size => 1001) $$, 'PF309', null, 'page_size over 1000');

select * from finish();
rollback;
