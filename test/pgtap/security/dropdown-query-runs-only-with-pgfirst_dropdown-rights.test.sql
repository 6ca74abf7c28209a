-- Issue 10 item 1: a dropdown query never runs with the rights of the pgfirst owner.
-- Login roles: pf_secd_admin holds only pgfirst_admin; pf_secd_fnowner holds no pgfirst role
-- and owns a function a dropdown query calls.
begin;
select plan(9);
create role pf_secd_admin login in role pgfirst_admin;
create role pf_secd_fnowner login;
create table public.dd_item (id integer primary key, tenant text not null, label text not null);
insert into public.dd_item select g, 't1', 'Item ' || g from generate_series(1, 5) g;
grant select on public.dd_item to pgfirst_dropdown;
create schema pf_secd authorization pf_secd_fnowner;
create function pf_secd.label(value text) returns text language sql volatile as $$ select value $$;
alter function pf_secd.label(text) owner to pf_secd_fnowner;
grant usage on schema pf_secd to pgfirst_dropdown;

set local role pf_secd_admin;
select lives_ok($$select pgfirst.dropdown_define(name => 'secd', query => 'select tenant, id, pf_secd.label(label) as text from public.dd_item', sources => array['public.dd_item']::regclass[])$$,
  'pgfirst_admin defines a dropdown whose query calls a function owned by another role');
reset role;
select is((select pg_catalog.pg_get_userbyid(c.relowner)::text from pg_class c where c.relname = 'mv_secd_dropdown' and c.relnamespace::regnamespace::text = 'pgfirst_mv'),
  'pgfirst_dropdown', 'the dropdown view is owned by pgfirst_dropdown, in pgfirst_mv');

-- the function's owner swaps in code that would make it a superuser
set local role pf_secd_fnowner;
create or replace function pf_secd.label(value text) returns text language plpgsql volatile as $$
begin
  alter role pf_secd_fnowner superuser;
  return value;
end $$;
reset role;
set local role pf_secd_admin;
select throws_ok($$select pgfirst.dropdown_refresh(name => 'secd')$$, '42501', null,
  'the next refresh runs the replaced function as pgfirst_dropdown, which may not alter roles');
reset role;
select is((select rolsuper from pg_roles where rolname = 'pf_secd_fnowner'), false,
  'the function owner did not become a superuser');

-- server files through a dropdown query: pgfirst_dropdown may not call pg_read_file
set local role pf_secd_admin;
select throws_ok($$select pgfirst.dropdown_define(name => 'secf', query => 'select ''''::text as tenant, ''1''::text as id, pg_read_file(''/etc/hostname'') as text', sources => array['public.dd_item']::regclass[])$$,
  'PF615', null, 'a query calling pg_read_file is refused (PF615), nothing read');
select throws_ok($$select pgfirst.dropdown_define(name => 'secf', query => 'select rolname::text as tenant, oid::text as id, rolpassword as text from pg_catalog.pg_authid', sources => array['public.dd_item']::regclass[])$$,
  'PF615', null, 'a query reading pg_authid is refused (PF615)');
select throws_ok($$select pgfirst.dropdown_define(name => 'secf', query => 'select tenant, id::text, label as text from public.dd_item', sources => array['public.dd_item']::regclass[], view_schema => 'public')$$,
  'PF611', null, 'a view schema where others may create (public) is refused');
reset role;

-- without the DBA's grant the query cannot read a table, and the error names the grant
create table public.dd_secret (id integer primary key, tenant text not null, label text not null);
set local role pf_secd_admin;
select throws_like($$select pgfirst.dropdown_define(name => 'secs', query => 'select tenant, id::text, label as text from public.dd_secret', sources => array['public.dd_secret']::regclass[])$$,
  '%pgfirst_dropdown%', 'a table pgfirst_dropdown was not granted is refused');
select is((select count(*)::int from pgfirst.dropdown_status where name in ('secf', 'secs')), 0, 'no refused dropdown was registered');
reset role;
select * from finish();
rollback;
