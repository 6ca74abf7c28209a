begin;
select plan(6);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
update public.dd_item set label = 'x' where id = 1;
select is(pgfirst.dropdown_drop('ddt'), true, 'dropping a defined dropdown returns true');
select hasnt_materialized_view('pgfirst_mv', 'mv_ddt_dropdown', 'the view is gone');
select hasnt_trigger('public', 'dd_item', 'pgfirst_dropdown_ddt', 'the change trigger is gone');
select is((select count(*)::int from pgfirst.dropdown_status where name = 'ddt'), 0, 'the registry row is gone');
select is((select count(*)::int from pgfirst_private.dropdown_change c where not exists (select from pgfirst_private.dropdown d where d.id = c.dropdown_id)), 0,
  'no orphaned change markers remain');
select is(pgfirst.dropdown_drop('ddt'), false, 'dropping an unknown dropdown returns false');
select * from finish();
rollback;
