begin;
select plan(3);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
-- aa_upper reads ddt's view: it must be refreshed after ddt although its name sorts first
select pgfirst.dropdown_define(name => 'aa_upper', query => 'select tenant, id, upper(text) as text from pgfirst_mv.mv_ddt_dropdown',
  sources => array['public.dd_item']::regclass[]);
update public.dd_item set label = 'Zed 1' where id = 1;
select is(pgfirst.refresh_materialized_views(), (select count(*)::int from pgfirst.dropdown_status), 'refreshes every registered view and returns how many');
select is((select text from pgfirst.dropdown_lookup(name => 'ddt', tenant => 't2', ids => array['1'])), 'Zed 1', 'the base dropdown is fresh');
select is((select text from pgfirst.dropdown_lookup(name => 'aa_upper', tenant => 't2', ids => array['1'])), 'ZED 1',
  'the dependent view (first by name) was refreshed after the view it reads');
select * from finish();
rollback;
