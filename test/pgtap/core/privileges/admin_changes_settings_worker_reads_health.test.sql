begin;
select plan(4);

select pgfirst_private.setting_register('pgtap.an_integer', 'integer', '5', 'test integer');

set local role pgfirst_admin;
select is(pgfirst.setting_set('pgtap.an_integer', '6'::jsonb), '6'::jsonb, 'pgfirst_admin can change a setting');
select ok((select count(*) > 0 from pgfirst.health()), 'pgfirst_admin can read health checks');
reset role;

set local role pgfirst_worker;
select throws_ok($$ select pgfirst.setting_set('pgtap.an_integer', '7'::jsonb) $$, '42501', null, 'pgfirst_worker cannot change settings');
select ok((select count(*) > 0 from pgfirst.health()), 'pgfirst_worker can read health checks');
reset role;

select * from finish();
rollback;
