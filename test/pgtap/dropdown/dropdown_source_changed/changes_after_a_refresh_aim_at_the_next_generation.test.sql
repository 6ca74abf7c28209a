begin;
select plan(3);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[], debounce => '2 seconds');
update public.dd_item set label = 'Zed 1' where id = 1;
select is((select generation from pgfirst_private.dropdown_change), 1::bigint, 'a change with no refresh running aims at the current generation');
select pgfirst.dropdown_refresh(name => 'ddt');
update public.dd_item set label = 'Zed 2' where id = 2;
select is((select generation from pgfirst_private.dropdown_change), 2::bigint, 'after a refresh, changes aim at the next generation');
select is((select count(*)::int from pgfirst_private.job j where j.task = 'pgfirst.dropdown_refresh'), 2, 'each generation gets its own job');
select * from finish();
rollback;
