begin;
select plan(3);

select throws_ok(
  $$ select pgfirst.setting_set(name => 'pgtap.no_such_setting', value => '5'::jsonb) $$,
  'PF002', null,
  'an unregistered name is rejected with PF002'
);

select throws_ok(
  $$ select pgfirst.setting_set(name => 'pgtap.no_such_setting', value => null) $$,
  'PF002', null,
  'resetting an unregistered name is rejected with PF002 too'
);

select is(
  (select count(*)::int from pgfirst_private.setting where name = 'pgtap.no_such_setting'),
  0,
  'no row is created for the unknown name'
);

select * from finish();
rollback;
