begin;
select plan(6);

create temp table tok as
  select pgfirst.session_create(user_id => 'u1', data => '{"a": 1, "b": {"x": 1}, "c": 3}', now => '2030-01-01 00:00:00+00') as token;

select is(pgfirst.session_patch((select token from tok), '{"b": {"y": 2}, "c": null, "d": [1]}', now => '2030-01-01 00:01:00+00'),
  true, 'patching a live session returns true');
select is((select data from pgfirst.session_get((select token from tok), now => '2030-01-01 00:01:00+00')),
  '{"a": 1, "b": {"y": 2}, "d": [1]}'::jsonb,
  'top-level keys are replaced or added, a JSON null removes the key, others stay');
select is(pgfirst.session_patch('no-such-token', '{"a": 1}'), false, 'patching an unknown token returns false');
select throws_ok($$ select pgfirst.session_patch((select token from tok), '[1, 2]') $$, 'PF204', null, 'an array patch is rejected');
select throws_ok($$ select pgfirst.session_patch((select token from tok), null) $$, 'PF204', null, 'a null patch is rejected');
select throws_ok($$ select pgfirst.session_patch((select token from tok), jsonb_build_object('big', repeat('x', 70000))) $$,
  'PF203', null, 'a patch that makes the data too large is rejected');

select * from finish();
rollback;
