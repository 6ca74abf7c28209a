-- Issue 10 items 6, 8 and 9: login_attempt on a multi-megabyte username took seconds (now
-- PF306 before any normalisation or hashing); POSIX zones such as UTC+5 (sign inverted) and
-- abbreviations passed the time-zone check (now PF503); schedule names/tasks/queues that
-- job_enqueue would refuse at every tick (PF513), a period over 100 years (PF505); dropdown
-- page, term and lookup ids (PF605, PF612, PF613). Run as login roles holding exactly one
-- pgfirst role, and one holding none.
begin;
select plan(22);

create role pf_secb_app login in role pgfirst_app;
create role pf_secb_worker login in role pgfirst_worker;
create role pf_secb_admin login in role pgfirst_admin;
create role pf_secb_none login;

create table public.pf_secb_item (id integer primary key, tenant text not null, label text not null);
insert into public.pf_secb_item select g, 't1', 'item ' || g from generate_series(1, 20) g;
grant select on public.pf_secb_item to pgfirst_dropdown;
select pgfirst.dropdown_define(name => 'pf_secb_dd', query => 'select tenant, id, label as text from public.pf_secb_item',
                               sources => array['public.pf_secb_item']::regclass[]);
select pgfirst.dropdown_refresh('pf_secb_dd');

set local role pf_secb_app;
select throws_ok($$ select * from pgfirst.login_attempt(repeat('a', 5 * 1024 * 1024)) $$, 'PF306', null,
  'app: login_attempt refuses a 5 MB username');
select throws_ok($$ select * from pgfirst.login_attempt(repeat('a', 513)) $$, 'PF306', null,
  'app: login_attempt refuses a 513-byte username');
select lives_ok($$ select * from pgfirst.login_attempt(repeat('a', 512)) $$, 'app: a 512-byte username is accepted');
select throws_ok($$ select pgfirst.login_succeeded(repeat('a', 5 * 1024 * 1024)) $$, 'PF306', null,
  'app: login_succeeded refuses a 5 MB username');
select throws_ok($$ select * from pgfirst.login_attempt('alice', tenant => repeat('t', 10 * 1024 * 1024)) $$, 'PF301', null,
  'app: login_attempt refuses a 10 MB tenant');
select throws_ok($$ select pgfirst.cron_next('0 9 * * *', now(), 'UTC+5') $$, 'PF503', null, 'app: cron_next refuses the POSIX zone UTC+5');
select throws_ok($$ select pgfirst.cron_next('0 9 * * *', now(), 'EST5') $$, 'PF503', null, 'app: cron_next refuses the POSIX zone EST5');
select throws_ok($$ select pgfirst.cron_next('0 9 * * *', now(), 'CEST') $$, 'PF503', null, 'app: cron_next refuses the abbreviation CEST');
select lives_ok($$ select pgfirst.cron_next('0 9 * * *', now(), 'Europe/Berlin') $$, 'app: cron_next accepts Europe/Berlin');
select throws_ok($$ select pgfirst.dropdown_search('pf_secb_dd', 't1', page => 2147483647) $$, 'PF605', null, 'app: dropdown_search refuses page 2147483647');
select throws_ok($$ select pgfirst.dropdown_search('pf_secb_dd', 't1', page => 10001) $$, 'PF605', null, 'app: dropdown_search refuses page 10001');
select throws_ok($$ select pgfirst.dropdown_search('pf_secb_dd', 't1', term => repeat('x', 1001)) $$, 'PF612', null, 'app: dropdown_search refuses a 1001-byte term');
select throws_ok($$ select * from pgfirst.dropdown_lookup('pf_secb_dd', 't1', array(select i::text from generate_series(1, 10001) i)) $$, 'PF613', null,
  'app: dropdown_lookup refuses 10001 ids');
select is(jsonb_array_length(pgfirst.dropdown_search('pf_secb_dd', 't1', page => 1, page_size => 5) -> 'results'), 5, 'app: a normal search still works');
reset role;

set local role pf_secb_admin;
select throws_ok($$ select pgfirst.schedule_set('s1', 't', cron => '0 9 * * *', timezone => 'UTC+5') $$, 'PF503', null, 'admin: schedule_set refuses UTC+5');
select throws_ok($$ select pgfirst.schedule_set('s1', 't', every => '40000 days') $$, 'PF505', null, 'admin: schedule_set refuses a period over 100 years');
select throws_ok($$ select pgfirst.schedule_set('s1', repeat('t', 201), every => '1 minute') $$, 'PF513', null, 'admin: schedule_set refuses a task job_enqueue would refuse');
select throws_ok($$ select pgfirst.schedule_set('s1', 't', every => '1 minute', queue => repeat('q', 10 * 1024 * 1024)) $$, 'PF513', null, 'admin: schedule_set refuses a 10 MB queue');
select throws_ok($$ select pgfirst.schedule_set(repeat('s', 10 * 1024 * 1024), 't', every => '1 minute') $$, 'PF513', null, 'admin: schedule_set refuses a 10 MB name');
reset role;

set local role pf_secb_worker;
select throws_ok($$ select * from pgfirst.login_attempt(repeat('a', 5 * 1024 * 1024)) $$, 'PF306', null, 'worker: login_attempt refuses a 5 MB username');
reset role;

set local role pf_secb_none;
select throws_ok($$ select * from pgfirst.login_attempt(repeat('a', 5 * 1024 * 1024)) $$, '42501', null, 'a role without pgfirst grants cannot call login_attempt');
select throws_ok($$ select pgfirst.dropdown_search('pf_secb_dd', 't1', page => 10001) $$, '42501', null, 'a role without pgfirst grants cannot call dropdown_search');
reset role;

select * from finish();
rollback;
