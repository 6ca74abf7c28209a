begin;
select plan(8);

create temp table tok as
  select pgfirst.session_create(user_id => 'u1', data => '{"secret": 1}') as token;

select is(pgfirst.session_destroy((select token from tok)), true, 'destroy returns true for a live session');
select is((select count(*)::int from pgfirst.session_get((select token from tok))), 0, 'the session is gone');
select is(pgfirst.session_set((select token from tok), '{"x": 1}'), false, 'a late set does not revive it');
select is(pgfirst.session_patch((select token from tok), '{"x": 1}'), false, 'a late patch does not revive it');
select is(pgfirst.session_rotate((select token from tok)), null, 'it cannot be rotated');
select is(pgfirst.session_put((select token from tok), 'u1', '{"x": 1}'), false, 'a late store put does not revive it');
select is((select count(*)::int from pgfirst.session_get((select token from tok))), 0, 'still gone after the late writes');
select is((select data from pgfirst_private.session), '{}'::jsonb, 'the tombstone keeps no session data');

select * from finish();
rollback;
