begin;
select plan(7);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
select throws_ok($$select pgfirst.dropdown_search(name => 'nope', tenant => 't1')$$, 'PF601', null, 'an unknown dropdown is PF601');
select throws_ok($$select pgfirst.dropdown_search(name => 'ddt', tenant => 't1', page_size => 0)$$, 'PF604', null, 'page_size 0 is PF604');
select throws_ok($$select pgfirst.dropdown_search(name => 'ddt', tenant => 't1', page_size => 101)$$, 'PF604', null, 'page_size 101 is PF604');
select throws_ok($$select pgfirst.dropdown_search(name => 'ddt', tenant => 't1', page => -1)$$, 'PF605', null, 'a negative page is PF605');
select throws_ok($$select pgfirst.dropdown_search(name => 'ddt', tenant => 't1', after => 'not a cursor!')$$, 'PF606', null, 'a forged cursor is PF606');
select throws_ok($$select pgfirst.dropdown_search(name => 'ddt', tenant => 't1', after => translate(encode(convert_to('{"a":1}', 'UTF8'), 'base64'), '=', ''))$$,
  'PF606', null, 'valid base64 of the wrong JSON is PF606');
select throws_ok($$select pgfirst.dropdown_search(name => 'ddt', tenant => null)$$, 'PF608', null, 'a null tenant is PF608');
select * from finish();
rollback;
