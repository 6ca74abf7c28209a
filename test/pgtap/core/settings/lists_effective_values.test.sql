begin;
select plan(3);

select pgfirst_private.setting_register('pgtap.an_integer', 'integer', '5', 'test integer');
select pgfirst_private.setting_register('pgtap.a_text', 'text', '"hello"', 'test text');
select pgfirst.setting_set('pgtap.a_text', '"bye"'::jsonb);

select results_eq(
  $$ select name, value, default_value, type, is_default, description
       from pgfirst.settings where name like 'pgtap.%' order by name $$,
  $$ values ('pgtap.a_text', '"bye"'::jsonb, '"hello"'::jsonb, 'text', false, 'test text'),
            ('pgtap.an_integer', '5'::jsonb, '5'::jsonb, 'integer', true, 'test integer') $$,
  'the view shows effective value, default, type, is_default and description'
);

select is(
  (select updated_at from pgfirst.settings where name = 'pgtap.a_text'),
  now(),
  'updated_at shows when the override was set'
);

set local role pgfirst_app;
select is(
  (select value from pgfirst.settings where name = 'pgtap.a_text'),
  '"bye"'::jsonb,
  'pgfirst_app can read the view'
);
reset role;

select * from finish();
rollback;
