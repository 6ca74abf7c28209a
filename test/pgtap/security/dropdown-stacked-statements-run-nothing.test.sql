-- Issue 10 item 1: stacked statements in a dropdown query are refused (PF614) and nothing of
-- them runs, whichever way they try to leave the SELECT.
begin;
select plan(10);
create role pf_secd_admin login in role pgfirst_admin;
create table public.dd_item (id integer primary key, tenant text not null, label text not null);
grant select on public.dd_item to pgfirst_dropdown;
-- nextval is not rolled back with the failed call: it shows whether a statement ran at all
create sequence public.pf_secd_seq;
set local role pf_secd_admin;
select throws_ok($$select pgfirst.dropdown_define(name => 'secx', query => 'select tenant, id::text, label as text from public.dd_item; create table public.pf_secd_pwned ()', sources => array['public.dd_item']::regclass[])$$,
  'PF614', null, 'a second statement after the SELECT is refused');
select throws_ok($$select pgfirst.dropdown_define(name => 'secx', query => 'select tenant, id::text, label as text from public.dd_item; select pg_catalog.nextval(''public.pf_secd_seq'')', sources => array['public.dd_item']::regclass[])$$,
  'PF614', null, 'a second SELECT is refused too');
select throws_ok($$select pgfirst.dropdown_define(name => 'secx', query => 'select tenant, id::text, label as text from public.dd_item) q; create table public.pf_secd_pwned (); select (1', sources => array['public.dd_item']::regclass[])$$,
  'PF614', null, 'closing the wrapping subquery to start another statement is refused');
select throws_ok($$select pgfirst.dropdown_define(name => 'secx', query => E'select E''\\''; create table public.pf_secd_pwned (); select ''x'' as tenant, ''1'' as id, ''t'' as text', sources => array['public.dd_item']::regclass[])$$,
  'PF614', null, 'a quote escaped in an E string does not hide a statement');
select throws_ok($$select pgfirst.dropdown_define(name => 'secx', query => 'create table public.pf_secd_pwned ()', sources => array['public.dd_item']::regclass[])$$,
  'PF614', null, 'a statement that is not a SELECT is refused');
select throws_ok($$select pgfirst.dropdown_define(name => 'secx', query => 'with d as (delete from public.dd_item returning *) select tenant, id::text, label as text from d', sources => array['public.dd_item']::regclass[])$$,
  'PF614', null, 'a data-modifying WITH is refused');
reset role;
select is(pg_catalog.to_regclass('public.pf_secd_pwned'), null, 'no stacked statement created its table');
select is((select is_called from public.pf_secd_seq), false, 'the stacked nextval never ran (not even before the error)');
set local role pf_secd_admin;
select lives_ok($$select pgfirst.dropdown_define(name => 'secx', query => $q$select tenant, id::text, label || ';' || $d$ ; $d$ as text /* ; */ from public.dd_item -- ;
;$q$, sources => array['public.dd_item']::regclass[])$$,
  'semicolons inside strings, dollar quotes and comments, and a trailing one, are accepted');
reset role;
select is((select count(*)::int from pgfirst.dropdown_status where name = 'secx'), 1, 'that dropdown is defined');
select * from finish();
rollback;
