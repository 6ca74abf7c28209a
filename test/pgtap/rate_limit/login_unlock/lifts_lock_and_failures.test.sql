begin;
select plan(4);

select count(*) from (select pgfirst.login_attempt('alice', '192.0.2.1', now => '2030-01-01 00:00:00+00') from generate_series(1, 6)) s;
select is((select allowed from pgfirst.login_attempt('alice', '192.0.2.1', now => '2030-01-01 00:01:00+00')), false, 'alice is locked');
select is(pgfirst.login_unlock('Alice'), true, 'unlock reports it cleared something');
select results_eq($$ select allowed, failures from pgfirst.login_attempt('alice', '192.0.2.1', now => '2030-01-01 00:01:00+00') $$,
  $$ values (true, 1) $$, 'after unlock the username and its username+IP counters start from scratch');
select is(pgfirst.login_unlock('nobody'), false, 'unlocking an unknown username returns false');

select * from finish();
rollback;
