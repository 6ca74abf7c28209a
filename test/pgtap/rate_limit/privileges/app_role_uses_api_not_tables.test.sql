begin;
select plan(8);

set local role pgfirst_app;
select is((select allowed from pgfirst.rate_limit_hit('k', 1, '1 minute')), true, 'pgfirst_app hits rate limits');
select is((select allowed from pgfirst.login_attempt('alice')), true, 'pgfirst_app reserves login attempts');
select lives_ok($$ select pgfirst.login_succeeded('alice') $$, 'pgfirst_app reports successful logins');
select throws_ok($$ select pgfirst.login_unlock('alice') $$, '42501', null, 'login_unlock is admin only');
select throws_ok($$ select pgfirst.rate_limit_cleanup() $$, '42501', null, 'rate_limit_cleanup is not for pgfirst_app');
select throws_ok($$ select * from pgfirst_private.login_throttle $$, '42501', null, 'pgfirst_app cannot read login counters');
select throws_ok($$ select * from pgfirst_private.login_key $$, '42501', null, 'pgfirst_app cannot read the subject-hash key');
reset role;
set local role pgfirst_admin;
select lives_ok($$ select pgfirst.login_unlock('alice') $$, 'pgfirst_admin unlocks usernames');

select * from finish();
rollback;
