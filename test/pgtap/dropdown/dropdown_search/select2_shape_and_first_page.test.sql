begin;
select plan(7);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
create temp table r on commit drop as select pgfirst.dropdown_search(name => 'ddt', tenant => 't1', page_size => 5) as j;
select is((select array(select jsonb_object_keys(j) order by 1) from r), array['as_of', 'next', 'pagination', 'results'],
  'the page has exactly results, pagination, as_of and next');
select is((select jsonb_array_length(j -> 'results') from r), 5, 'a page holds page_size results');
select is((select array(select jsonb_object_keys(e) order by 1) from r, jsonb_array_elements(j -> 'results') e limit 1), array['id', 'text'],
  'each result is {id, text}');
select is((select j -> 'pagination' from r), '{"more": true}'::jsonb, 'pagination.more is true when rows remain');
select is((select array(select e ->> 'text' from r, jsonb_array_elements(j -> 'results') e)),
  (select array(select label from public.dd_item where tenant = 't1' order by lower(label) collate "C", id::text collate "C" limit 5)),
  'the first page is the first rows in sort order (normalised text, then id)');
select is((select (j ->> 'as_of')::timestamptz from r), (select last_refresh_at from pgfirst.dropdown_status where name = 'ddt'),
  'as_of is the time of the last refresh');
select is(pgfirst.dropdown_search(name => 'ddt', tenant => 't1', page_size => 100) -> 'pagination', '{"more": false}'::jsonb,
  'pagination.more is false on the last page');
select * from finish();
rollback;
