-- Each registered type refuses values of another JSON type (PF003) and keeps the old value.
begin;
select plan(18);

select pgfirst_private.setting_register('pgtap.an_interval', 'interval', '"30 minutes"', 'test interval');
select pgfirst_private.setting_register('pgtap.an_integer', 'integer', '5', 'test integer');
select pgfirst_private.setting_register('pgtap.a_number', 'number', '1.5', 'test number');
select pgfirst_private.setting_register('pgtap.a_boolean', 'boolean', 'true', 'test boolean');
select pgfirst_private.setting_register('pgtap.a_text', 'text', '"hello"', 'test text');

-- interval: a JSON string holding a non-negative interval
select throws_ok($$ select pgfirst.setting_set('pgtap.an_interval', '300'::jsonb) $$, 'PF003', null, 'interval: a JSON number is rejected');
select throws_ok($$ select pgfirst.setting_set('pgtap.an_interval', '"soon"'::jsonb) $$, 'PF003', null, 'interval: an unparsable string is rejected');
select throws_ok($$ select pgfirst.setting_set('pgtap.an_interval', '"-5 minutes"'::jsonb) $$, 'PF003', null, 'interval: a negative interval is rejected');
select throws_ok($$ select pgfirst.setting_set('pgtap.an_interval', '{"minutes": 5}'::jsonb) $$, 'PF003', null, 'interval: an object is rejected');

-- integer: a JSON number without fraction, within bigint
select throws_ok($$ select pgfirst.setting_set('pgtap.an_integer', '"5"'::jsonb) $$, 'PF003', null, 'integer: a numeric string is rejected');
select throws_ok($$ select pgfirst.setting_set('pgtap.an_integer', '2.5'::jsonb) $$, 'PF003', null, 'integer: a fraction is rejected');
select throws_ok($$ select pgfirst.setting_set('pgtap.an_integer', '1e30'::jsonb) $$, 'PF003', null, 'integer: a value beyond bigint is rejected');
select throws_ok($$ select pgfirst.setting_set('pgtap.an_integer', 'true'::jsonb) $$, 'PF003', null, 'integer: a boolean is rejected');

-- number
select throws_ok($$ select pgfirst.setting_set('pgtap.a_number', '"1.5"'::jsonb) $$, 'PF003', null, 'number: a numeric string is rejected');
select throws_ok($$ select pgfirst.setting_set('pgtap.a_number', '[1]'::jsonb) $$, 'PF003', null, 'number: an array is rejected');

-- boolean
select throws_ok($$ select pgfirst.setting_set('pgtap.a_boolean', '"true"'::jsonb) $$, 'PF003', null, 'boolean: the string "true" is rejected');
select throws_ok($$ select pgfirst.setting_set('pgtap.a_boolean', '1'::jsonb) $$, 'PF003', null, 'boolean: the number 1 is rejected');

-- text
select throws_ok($$ select pgfirst.setting_set('pgtap.a_text', '5'::jsonb) $$, 'PF003', null, 'text: a number is rejected');
select throws_ok($$ select pgfirst.setting_set('pgtap.a_text', '{"a": "b"}'::jsonb) $$, 'PF003', null, 'text: an object is rejected');

-- nothing changed
select is(
  (select count(*)::int from pgfirst_private.setting where name like 'pgtap.%' and value is not null),
  0,
  'rejected values leave every setting at its default'
);

-- the error carries the rule's detail and hint
create function pg_temp.pf003_fields() returns text[] language plpgsql as $$
declare v_detail text; v_hint text;
begin
  perform pgfirst.setting_set('pgtap.an_integer', '"x"'::jsonb);
  return null;
exception when sqlstate 'PF003' then
  get stacked diagnostics v_detail = pg_exception_detail, v_hint = pg_exception_hint;
  return array[v_detail, v_hint];
end $$;
select isnt((pg_temp.pf003_fields())[1], null, 'PF003 has a DETAIL naming the value');
select isnt((pg_temp.pf003_fields())[2], null, 'PF003 has a HINT saying what to pass');
select is(
  (select value from pgfirst_private.setting where name = 'pgtap.an_integer'),
  null,
  'the override stays unset after a rejected value'
);

select * from finish();
rollback;
