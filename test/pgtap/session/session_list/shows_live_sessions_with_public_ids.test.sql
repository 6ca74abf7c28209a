begin;
select plan(3);

create temp table toks as
  select i, pgfirst.session_create(user_id => 'u1', data => jsonb_build_object('i', i), idle_timeout => '1 hour',
                                   now => '2030-01-01 00:00:00+00'::timestamptz + i * interval '1 minute') as token
    from generate_series(1, 3) i;
select pgfirst.session_destroy((select token from toks where i = 2));

select results_eq($$ select data from pgfirst.session_list('u1', now => '2030-01-01 00:10:00+00') $$,
  $$ values ('{"i": 3}'::jsonb), ('{"i": 1}'::jsonb) $$, 'live sessions, most recent first, destroyed ones left out');
select is((select count(*)::int from pgfirst.session_list('u1', now => '2030-01-01 00:10:00+00') l, toks
            where l.session_id = toks.token or l.session_id::text like '%' || toks.token || '%'), 0,
  'no session_id equals or contains a token');
select is((select count(*)::int from pgfirst.session_list('u1', now => '2030-01-01 01:01:30+00')), 1,
  'idle-expired sessions are not listed');

select * from finish();
rollback;
