begin;
select plan(7);

select throws_ok($$ select pgfirst.session_create(user_id => null) $$, 'PF206', null, 'a null user_id is rejected');
select throws_ok($$ select pgfirst.session_create(user_id => 'u', tenant => null) $$, 'PF206', null, 'a null tenant is rejected');
select throws_ok($$ select pgfirst.session_create(user_id => 'u', data => '[1]') $$, 'PF202', null, 'array data is rejected');
select throws_ok($$ select pgfirst.session_create(user_id => 'u', data => null) $$, 'PF202', null, 'null data is rejected');
select throws_ok($$ select pgfirst.session_create(user_id => 'u', idle_timeout => '0 seconds') $$, 'PF205', null, 'a zero idle timeout is rejected');
select throws_ok($$ select pgfirst.session_create(user_id => 'u', absolute_timeout => '-1 hour') $$, 'PF205', null, 'a negative absolute timeout is rejected');
select throws_ok(
  $$ select pgfirst.session_create(user_id => 'u', data => jsonb_build_object('blob', repeat('x', 70000))) $$,
  'PF203', null, 'data larger than session.max_data_bytes is rejected');

select * from finish();
rollback;
