begin;
select plan(4);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
select results_eq($$select id, text from pgfirst.dropdown_lookup(name => 'ddt', tenant => 't1', ids => array['10', '4', '999', '3'])$$,
  $$values ('10', 'Émile 10'), ('4', 'Bob 4')$$, 'returns labels in the order asked; unknown ids and other tenants'' ids (3) are absent');
select is_empty($$select * from pgfirst.dropdown_lookup(name => 'ddt', tenant => 't1', ids => array[]::text[])$$, 'no ids, no rows');
select throws_ok($$select * from pgfirst.dropdown_lookup(name => 'nope', tenant => 't1', ids => array['1'])$$, 'PF601', null, 'unknown dropdown is PF601');
select throws_ok($$select * from pgfirst.dropdown_lookup(name => 'ddt', tenant => null, ids => array['1'])$$, 'PF608', null, 'null tenant is PF608');
select * from finish();
rollback;
