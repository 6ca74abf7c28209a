begin;
select plan(6);

create temp table tok as
  select pgfirst.session_create(user_id => 'u1', data => '{"cart": [1]}', now => '2030-01-01 00:00:00+00') as token;
create temp table sid as select session_id from pgfirst.session_list('u1', now => '2030-01-01 00:00:00+00');
create temp table tok2 as select pgfirst.session_rotate((select token from tok), now => '2030-01-01 00:01:00+00') as token;

select isnt((select token from tok2), (select token from tok), 'rotation returns a new token');
select is((select count(*)::int from pgfirst.session_get((select token from tok), now => '2030-01-01 00:01:00+00')), 0,
  'the old token finds nothing at once');
select is((select data from pgfirst.session_get((select token from tok2), now => '2030-01-01 00:01:00+00')), '{"cart": [1]}'::jsonb,
  'the new token carries the same data');
select is((select session_id from pgfirst.session_list('u1', now => '2030-01-01 00:01:00+00')), (select session_id from sid),
  'the public session_id survives rotation');
select is(pgfirst.session_rotate((select token from tok), now => '2030-01-01 00:02:00+00'), null, 'rotating the old token again returns null');
select is(pgfirst.session_set((select token from tok), '{}', now => '2030-01-01 00:02:00+00'), false, 'the old token cannot write');

select * from finish();
rollback;
