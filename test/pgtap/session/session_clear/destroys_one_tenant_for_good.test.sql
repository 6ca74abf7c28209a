begin;
select plan(4);

create temp table toks as
  select i, pgfirst.session_create(user_id => 'u' || i, data => jsonb_build_object('i', i), tenant => case when i <= 2 then 'a' else 'b' end) as token
    from generate_series(1, 3) i;

select set_eq($$ select user_id, data from pgfirst.session_all(tenant => 'a') $$,
  $$ values ('u1', '{"i": 1}'::jsonb), ('u2', '{"i": 2}'::jsonb) $$, 'session_all lists a tenant''s live sessions with their data');
select is(pgfirst.session_clear(tenant => 'a'), 2::bigint, 'session_clear destroys the tenant''s sessions and counts them');
select is((select count(*)::int from toks, pgfirst.session_put(toks.token, 'u', '{}', tenant => 'a') p where p), 0,
  'a store write after clear revives none of them');
select is((select count(*)::int from pgfirst.session_all(tenant => 'b')), 1, 'other tenants are untouched');

select * from finish();
rollback;
