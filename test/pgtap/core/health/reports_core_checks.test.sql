begin;
select plan(4);

select set_eq(
  $$ select "check", status from pgfirst.health(now => '2030-01-01 00:00+00') where "check" in ('schema_version', 'roles', 'settings') $$,
  $$ values ('schema_version', 'ok'), ('roles', 'ok'), ('settings', 'ok') $$,
  'core checks are present and ok on a migrated database'
);

select is(
  (select value from pgfirst.health() where "check" = 'schema_version'),
  pgfirst.version()::numeric,
  'schema_version carries the installed version as a number'
);

select pgfirst_private.setting_register('pgtap.an_integer', 'integer', '5', 'test integer');
select pgfirst.setting_set('pgtap.an_integer', '6'::jsonb);
select is(
  (select array[value::text, detail] from pgfirst.health() where "check" = 'settings'),
  array[(select count(*)::text from pgfirst_private.setting),
        (select count(*) filter (where value is not null) || ' overridden' from pgfirst_private.setting)],
  'settings counts registered settings and overrides'
);

select ok(
  (select bool_and(status in ('ok', 'warn', 'crit')) from pgfirst.health()),
  'every status is ok, warn or crit'
);

select * from finish();
rollback;
