-- Issue 10 item 7: setting_set accepted values of the right type that broke a module
-- (dropdown.queue '""' failed every write to a dropdown source, login.max_failures -1
-- silently switched throttling off, maintenance.batch 0, cache.max_value_bytes 0). Each
-- setting now declares its range or pattern; setting_set refuses values outside it (PF005).
-- setting_set is for pgfirst_admin only; app and worker and a role with no grants get 42501.
begin;
select plan(17);

create role pf_secb_app login in role pgfirst_app;
create role pf_secb_worker login in role pgfirst_worker;
create role pf_secb_admin login in role pgfirst_admin;
create role pf_secb_none login;

set local role pf_secb_admin;
select throws_ok($$ select pgfirst.setting_set('dropdown.queue', '""') $$, 'PF005', null, 'admin: dropdown.queue "" is refused');
select throws_ok($$ select pgfirst.setting_set('dropdown.queue', '"has space"') $$, 'PF005', null, 'admin: a queue name with a space is refused');
select throws_ok($$ select pgfirst.setting_set('login.max_failures', '-1') $$, 'PF005', null, 'admin: login.max_failures -1 is refused');
select throws_ok($$ select pgfirst.setting_set('login.max_failures', '0') $$, 'PF005', null, 'admin: login.max_failures 0 is refused');
select throws_ok($$ select pgfirst.setting_set('maintenance.batch', '0') $$, 'PF005', null, 'admin: maintenance.batch 0 is refused');
select throws_ok($$ select pgfirst.setting_set('cache.max_value_bytes', '0') $$, 'PF005', null, 'admin: cache.max_value_bytes 0 is refused');
select throws_ok($$ select pgfirst.setting_set('session.idle_timeout', '"300000 years"') $$, 'PF005', null, 'admin: session.idle_timeout 300000 years is refused');
select throws_ok($$ select pgfirst.setting_set('job.backoff_jitter', '2') $$, 'PF005', null, 'admin: job.backoff_jitter 2 is refused');
select throws_ok($$ select pgfirst.setting_set('archive.lock_timeout', '"0 seconds"') $$, 'PF005', null, 'admin: archive.lock_timeout 0 (wait forever) is refused');
select is(pgfirst.setting_set('login.max_failures', '3'), '3'::jsonb, 'admin: a value inside the range is stored');
select is(pgfirst.setting_set('dropdown.queue', '"dropdowns"'), '"dropdowns"'::jsonb, 'admin: a valid queue name is stored');
select is((select value from pgfirst.settings where name = 'login.max_failures'), '3'::jsonb, 'admin: refused values left the stored one alone');
reset role;

select is(
  array(select s.name from pgfirst_private.setting s
         where (s.type in ('interval', 'integer', 'number') and (s.min_value is null or s.max_value is null))
            or (s.type = 'text' and s.pattern is null)
         order by 1),
  '{}'::text[],
  'every interval, integer, number and text setting declares a range or a pattern');

set local role pf_secb_app;
select is((select min_value from pgfirst.settings where name = 'maintenance.batch'), '1'::jsonb, 'app: pgfirst.settings shows the range');
select throws_ok($$ select pgfirst.setting_set('login.max_failures', '-1') $$, '42501', null, 'app: setting_set is not for pgfirst_app');
reset role;

set local role pf_secb_worker;
select throws_ok($$ select pgfirst.setting_set('maintenance.batch', '0') $$, '42501', null, 'worker: setting_set is not for pgfirst_worker');
reset role;

set local role pf_secb_none;
select throws_ok($$ select pgfirst.setting_set('login.max_failures', '-1') $$, '42501', null, 'a role without pgfirst grants cannot call setting_set');
reset role;

select * from finish();
rollback;
