begin;
select plan(3);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
select pgfirst.dropdown_define(name => 'ddt2', query => 'select tenant, id, label as text from public.dd_item where id > 50', sources => array['public.dd_item']::regclass[]);
update public.dd_item set label = 'Zed 51' where id = 51;
create temp table before on commit drop as select name, refresh_count from pgfirst.dropdown_status;
select is(pgfirst.refresh_all_dropdown_mvs(), (select count(*)::int from before), 'returns the number of dropdowns refreshed (all of them)');
select is((select text from pgfirst.dropdown_lookup(name => 'ddt2', tenant => 't2', ids => array['51'])), 'Zed 51', 'every dropdown is fresh');
select is((select count(*)::int from pgfirst.dropdown_status s join before b using (name) where s.refresh_count = b.refresh_count + 1), (select count(*)::int from before),
  'each dropdown counted exactly one more refresh');
select * from finish();
rollback;
