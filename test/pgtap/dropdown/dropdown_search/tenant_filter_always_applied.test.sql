begin;
select plan(4);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
select is((select count(*)::int from jsonb_array_elements(pgfirst.dropdown_search(name => 'ddt', tenant => 't1', page_size => 100) -> 'results') e
            where (e ->> 'id')::int % 2 = 1), 0, 'listing returns only the tenant''s rows');
select is((select count(*)::int from jsonb_array_elements(pgfirst.dropdown_search(name => 'ddt', tenant => 't2', term => 'bob', page_size => 100) -> 'results') e
            where (e ->> 'id')::int % 2 = 0), 0, 'search returns only the tenant''s rows');
select is(pgfirst.dropdown_search(name => 'ddt', tenant => 'nobody') -> 'results', '[]'::jsonb, 'an unknown tenant sees nothing');
select is(pgfirst.dropdown_search(name => 'ddt', tenant => 't2', term => 'Bob 44') -> 'results', '[]'::jsonb,
  'another tenant''s label (Bob 44 belongs to t1) is not found');
select * from finish();
rollback;
