begin;
select plan(5);

select pgfirst_private.setting_register('pgtap.an_interval', 'interval', '"30 minutes"', 'test interval');

select is(pgfirst.setting_get('pgtap.an_interval'), '"30 minutes"'::jsonb, 'returns the default when not overridden');
select pgfirst.setting_set('pgtap.an_interval', '"10 minutes"'::jsonb);
select is(pgfirst.setting_get(name => 'pgtap.an_interval'), '"10 minutes"'::jsonb, 'returns the override when set');
select is(pgfirst.setting_get('pgtap.no_such_setting'), null, 'returns null for an unknown name (no error)');
select is(pgfirst.setting_get(null), null, 'returns null for a null name');

-- re-registering with the same type keeps the override (migrations re-run on upgrade)
select pgfirst_private.setting_register('pgtap.an_interval', 'interval', '"45 minutes"', 'test interval, new default');
select is(pgfirst.setting_get('pgtap.an_interval'), '"10 minutes"'::jsonb, 're-registering keeps an override of the same type');

select * from finish();
rollback;
