begin;
select plan(4);

create temp table tok as
  select pgfirst.session_create(user_id => 'u1', data => '{"a": 1}', now => '2030-01-01 00:00:00+00') as token;

select is(pgfirst.session_set((select token from tok), '{"b": 2}', now => '2030-01-01 00:00:30+00'), true, 'set on a live session returns true');
select is((select data from pgfirst.session_get((select token from tok), now => '2030-01-01 00:00:30+00')), '{"b": 2}'::jsonb,
  'the data is replaced as a whole');
select is(pgfirst.session_set('unknown-token', '{"b": 2}'), false, 'set never creates a session for an unknown token');
select throws_ok($$ select pgfirst.session_set((select token from tok), '"text"') $$, 'PF202', null, 'non-object data is rejected');

select * from finish();
rollback;
