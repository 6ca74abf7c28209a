begin;
select plan(9);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
create view public.dd_item_v as select * from public.dd_item;
select throws_ok($$select pgfirst.dropdown_define(name => 'Bad-Name', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[])$$,
  'PF602', null, 'rejects a name that is not lower-case identifier characters');
select throws_ok($$select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id from public.dd_item', sources => array['public.dd_item']::regclass[])$$,
  'PF603', null, 'rejects a query without a text column');
select throws_ok($$select pgfirst.dropdown_define(name => 'ddt', query => 'select id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[])$$,
  'PF603', null, 'rejects a query without a tenant column');
select throws_ok($$select pgfirst.dropdown_define(name => 'ddt', query => '  ; ', sources => array['public.dd_item']::regclass[])$$,
  'PF603', null, 'rejects an empty query');
select throws_ok($$select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array[]::regclass[])$$,
  'PF607', null, 'rejects empty sources');
select throws_ok($$select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item_v']::regclass[])$$,
  'PF607', null, 'rejects a view as a source');
select throws_ok($$select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[], debounce => '10 seconds', max_staleness => '5 seconds')$$,
  'PF609', null, 'rejects max_staleness not longer than debounce');
select throws_ok($$select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[], view_schema => 'no_such_schema')$$,
  'PF611', null, 'rejects a view schema that does not exist');
create table pgfirst_mv.mv_ddt_dropdown (x int);
select throws_ok($$select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[])$$,
  'PF611', null, 'refuses to take over a relation that is not a dropdown view');
select * from finish();
rollback;
