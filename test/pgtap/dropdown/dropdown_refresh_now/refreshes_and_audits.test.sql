begin;
select plan(4);
create table public.dd_item (id integer primary key, tenant text not null, label text not null);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item values (1, 't', 'Anna');
select pgfirst.dropdown_define(name => 'ddn', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
insert into public.dd_item values (2, 't', 'Bob');

set local role pgfirst_admin;
select lives_ok($$ select pgfirst.dropdown_refresh_now('ddn') $$, 'an admin refreshes a dropdown now');
reset role;
select is((select rows from pgfirst.dropdown_status where name = 'ddn'), 2::bigint, 'the view has the new row');
select is((select action || ':' || target || ':' || role from pgfirst_private.admin_audit order by id desc limit 1),
  'dropdown_refresh_now:ddn:pgfirst_admin', 'recorded in the admin audit with the caller''s role');
select throws_ok($$ select pgfirst.dropdown_refresh_now('nope') $$, 'PF601', null, 'an unknown dropdown');

select * from finish();
rollback;
