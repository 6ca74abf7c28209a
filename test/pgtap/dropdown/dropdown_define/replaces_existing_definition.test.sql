begin;
select plan(4);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
select lives_ok($$select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, upper(label) as text from public.dd_item where id <= 10', sources => array['public.dd_item', 'public.dd_item']::regclass[])$$,
  'defining an existing name replaces it (duplicate sources are fine)');
select is((select count(*)::int from pgfirst_mv.mv_ddt_dropdown), 10, 'the view holds the new query''s rows');
select is((select count(*)::int from pg_trigger t where t.tgname = 'pgfirst_dropdown_ddt'), 1, 'one change trigger, not two');
select is((select count(*)::int from pgfirst.dropdown_status where name = 'ddt'), 1, 'one registry row');
select * from finish();
rollback;
