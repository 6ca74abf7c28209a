begin;
select plan(4);

select throws_ok($$ select * from pgfirst.login_attempt('') $$, 'PF306', null, 'an empty username is rejected');
select throws_ok($$ select * from pgfirst.login_attempt('alice', tenant => null) $$, 'PF301', null, 'a null tenant is rejected');
select throws_ok($$ select pgfirst.login_succeeded('  ') $$, 'PF306', null, 'login_succeeded rejects a blank username');
select throws_ok($$ select pgfirst.login_unlock('') $$, 'PF306', null, 'login_unlock rejects an empty username');

select * from finish();
rollback;
