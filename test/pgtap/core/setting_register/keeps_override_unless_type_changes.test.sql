-- Module migrations re-register their settings on every upgrade: an operator's override
-- survives unless the type changed (an override of the old type could not be read).
begin;
select plan(5);

select pgfirst_private.setting_register('pgtap.a_limit', 'integer', '5', 'first description');
select pgfirst.setting_set('pgtap.a_limit', '9'::jsonb);

select pgfirst_private.setting_register('pgtap.a_limit', 'integer', '6', 'second description');
select is(pgfirst.setting_get('pgtap.a_limit'), '9'::jsonb, 'same type: the override survives');
select results_eq(
  $$ select default_value, description from pgfirst.settings where name = 'pgtap.a_limit' $$,
  $$ values ('6'::jsonb, 'second description') $$,
  'same type: default and description are updated'
);

select pgfirst_private.setting_register('pgtap.a_limit', 'interval', '"5 minutes"', 'now an interval');
select is(pgfirst.setting_get('pgtap.a_limit'), '"5 minutes"'::jsonb, 'type changed: the override is dropped');
select is((select type from pgfirst.settings where name = 'pgtap.a_limit'), 'interval', 'type changed: the new type is recorded');

select throws_ok(
  $$ select pgfirst_private.setting_register('Pgtap.Bad Name', 'integer', '1', 'bad') $$,
  '23514', null,
  'a name that is not lower-case dotted is refused by the check constraint'
);

select * from finish();
rollback;
