begin;
select plan(8);

create temp table tok (token text);
grant all on tok to public;
set local role pgfirst_app;
insert into tok select pgfirst.session_create(user_id => 'u1');

select is((select count(*)::int from pgfirst.session_get((select token from tok))), 1, 'pgfirst_app creates and reads sessions');
select ok(pgfirst.session_patch((select token from tok), '{"a": 1}'), 'pgfirst_app patches sessions');
select throws_ok($$ select * from pgfirst_private.session $$, '42501', null, 'pgfirst_app cannot read the session table');
select throws_ok($$ select pgfirst.session_cleanup() $$, '42501', null, 'session_cleanup is not for pgfirst_app');
select throws_ok($$ select * from pgfirst.session_all() $$, '42501', null, 'session_all is not for pgfirst_app');
select throws_ok($$ select pgfirst.session_clear() $$, '42501', null, 'session_clear is not for pgfirst_app');
reset role;
set local role pgfirst_worker;
select lives_ok($$ select pgfirst.session_cleanup() $$, 'pgfirst_worker runs session_cleanup');
reset role;
set local role pgfirst_admin;
select lives_ok($$ select * from pgfirst.session_all() $$, 'pgfirst_admin lists all sessions');

select * from finish();
rollback;
