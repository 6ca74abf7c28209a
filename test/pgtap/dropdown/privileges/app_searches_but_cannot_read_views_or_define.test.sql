begin;
select plan(6);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
grant select, update on public.dd_item to pgfirst_app;
set local role pgfirst_app;
select lives_ok($$select pgfirst.dropdown_search(name => 'ddt', tenant => 't1')$$, 'pgfirst_app can search');
select lives_ok($$select * from pgfirst.dropdown_lookup(name => 'ddt', tenant => 't1', ids => array['2'])$$, 'pgfirst_app can look up labels');
select throws_ok($$select * from pgfirst_mv.mv_ddt_dropdown$$, '42501', null, 'pgfirst_app cannot read the view (tenant isolation lives in the function)');
select throws_ok($$select pgfirst.dropdown_refresh(name => 'ddt')$$, '42501', null, 'pgfirst_app cannot refresh');
select throws_ok($$select pgfirst.dropdown_define(name => 'x', query => 'select 1', sources => array['public.dd_item']::regclass[])$$, '42501', null,
  'pgfirst_app cannot define');
select lives_ok($$update public.dd_item set label = 'Zed' where id = 2$$,
  'a writer without any pgfirst_private rights fires the change trigger');
select * from finish();
rollback;
