begin;
select plan(5);

create temp table toks as
  select i, pgfirst.session_create(user_id => 'u1', tenant => case when i = 4 then 't2' else 't1' end) as token
    from generate_series(1, 4) i;
select pgfirst.session_create(user_id => 'u2', tenant => 't1');

select is(pgfirst.session_destroy_user('u1', 't1', except_token => (select token from toks where i = 1)), 2,
  'destroys the user''s other sessions in the tenant and counts them');
select is((select count(*)::int from pgfirst.session_get((select token from toks where i = 1))), 1, 'the except_token session survives');
select is((select count(*)::int from toks, pgfirst.session_get(toks.token) g where toks.i in (2, 3)), 0, 'the others are gone');
select is((select count(*)::int from pgfirst.session_list('u2')), 1, 'another user is untouched');
select is(pgfirst.session_destroy_user('u1'), 2, 'a null tenant destroys the user''s sessions in every tenant');

select * from finish();
rollback;
