begin;
select plan(13);

select pgfirst_private.setting_register('pgtap.an_interval', 'interval', '"30 minutes"', 'test interval');
select pgfirst_private.setting_register('pgtap.an_integer', 'integer', '5', 'test integer');
select pgfirst_private.setting_register('pgtap.a_number', 'number', '1.5', 'test number');
select pgfirst_private.setting_register('pgtap.a_boolean', 'boolean', 'true', 'test boolean');
select pgfirst_private.setting_register('pgtap.a_text', 'text', '"hello"', 'test text');
select pgfirst_private.setting_register('pgtap.a_json', 'json', '{"a": 1}', 'test json');

select is(pgfirst.setting_set('pgtap.an_interval', '"2 hours"'::jsonb), '"2 hours"'::jsonb, 'interval: returns the new value');
select is(pgfirst.setting_set('pgtap.an_interval', '"0 seconds"'::jsonb), '"0 seconds"'::jsonb, 'interval: zero is allowed');
select is(pgfirst_private.setting_interval('pgtap.an_interval'), interval '0', 'interval: readers see the override');
select is(pgfirst.setting_set('pgtap.an_integer', '-7'::jsonb), '-7'::jsonb, 'integer: a negative integer is accepted');
select is(pgfirst.setting_set('pgtap.an_integer', '9223372036854775807'::jsonb), '9223372036854775807'::jsonb, 'integer: the largest bigint is accepted');
select is(pgfirst_private.setting_int('pgtap.an_integer'), 9223372036854775807::bigint, 'integer: readers see the override');
select is(pgfirst.setting_set('pgtap.a_number', '0.25'::jsonb), '0.25'::jsonb, 'number: a fraction is accepted');
select is(pgfirst.setting_set('pgtap.a_boolean', 'false'::jsonb), 'false'::jsonb, 'boolean: false is accepted');
select is(pgfirst.setting_set('pgtap.a_text', '""'::jsonb), '""'::jsonb, 'text: an empty string is accepted');
select is(pgfirst.setting_set('pgtap.a_json', '[1, "two", {"three": 3}]'::jsonb), '[1, "two", {"three": 3}]'::jsonb, 'json: any JSON value is accepted');

select is(pgfirst.setting_get('pgtap.a_boolean'), 'false'::jsonb, 'setting_get returns the stored override');
select ok(
  (select bool_and(updated_at = now()) from pgfirst_private.setting where name like 'pgtap.%' and value is not null),
  'updated_at records when each override was set'
);
select is(
  (select count(*)::int from pgfirst_private.setting where name like 'pgtap.%' and value is not null),
  6,
  'every setting now holds an override'
);

select * from finish();
rollback;
