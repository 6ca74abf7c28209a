begin;
select plan(6);

select pgfirst_private.setting_register('pgtap.an_integer', 'integer', '5', 'test integer');
select pgfirst.setting_set('pgtap.an_integer', '42'::jsonb);

select is(pgfirst.setting_set('pgtap.an_integer', null), '5'::jsonb, 'SQL null returns the default');
select is((select value from pgfirst_private.setting where name = 'pgtap.an_integer'), null, 'SQL null clears the override');
select is(pgfirst.setting_get('pgtap.an_integer'), '5'::jsonb, 'setting_get then returns the default');

select pgfirst.setting_set('pgtap.an_integer', '43'::jsonb);
select is(pgfirst.setting_set('pgtap.an_integer', 'null'::jsonb), '5'::jsonb, 'JSON null returns the default');
select is((select value from pgfirst_private.setting where name = 'pgtap.an_integer'), null, 'JSON null clears the override');
select is(pgfirst.setting_set('pgtap.an_integer', null), '5'::jsonb, 'resetting a setting already at its default is a no-op');

select * from finish();
rollback;
