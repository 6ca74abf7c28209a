-- Issue 10 item 4: pgfirst_admin reads pgfirst.dropdown_status (`pgfirst refresh --status`);
-- the other roles still cannot.
begin;
select plan(5);
create role pf_secd_admin login in role pgfirst_admin;
create role pf_secd_app login in role pgfirst_app;
create role pf_secd_worker login in role pgfirst_worker;
create role pf_secd_none login;
create table public.dd_item (id integer primary key, tenant text not null, label text not null);
insert into public.dd_item select g, 't1', 'Item ' || g from generate_series(1, 5) g;
grant select on public.dd_item to pgfirst_dropdown;
select pgfirst.dropdown_define(name => 'secst', query => 'select tenant, id::text, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
set local role pf_secd_admin;
select results_eq($$select name, rows, pending_changes >= 0 from pgfirst.dropdown_status where name = 'secst'$$,
  $$values ('secst'::text, 5::bigint, true)$$, 'pgfirst_admin reads dropdown_status, pending_changes included');
reset role;
set local role pf_secd_app;
select throws_ok($$select * from pgfirst.dropdown_status$$, '42501', null, 'pgfirst_app cannot');
reset role;
set local role pf_secd_worker;
select throws_ok($$select * from pgfirst.dropdown_status$$, '42501', null, 'pgfirst_worker cannot');
reset role;
set local role pf_secd_none;
select throws_ok($$select * from pgfirst.dropdown_status$$, '42501', null, 'a role without pgfirst grants cannot');
reset role;
select is((select count(*)::int from pgfirst.dropdown_status where name = 'secst'), 1, 'the owner still reads it');
select * from finish();
rollback;
