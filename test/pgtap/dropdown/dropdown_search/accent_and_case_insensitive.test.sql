begin;
select plan(4);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
create function pg_temp.texts(term text) returns text[] language sql as
  $$ select array(select e ->> 'text' from jsonb_array_elements(pgfirst.dropdown_search(name => 'ddt', tenant => 't1', term => term, page_size => 100) -> 'results') e order by 1) $$;
select isnt(pg_temp.texts('emile'), array[]::text[], 'an unaccented term finds accented labels');
select is(pg_temp.texts('emile'), pg_temp.texts('ÉMILE'), 'upper case and accents in the term do not matter');
select is(pg_temp.texts('ZOE'), array(select label from public.dd_item where tenant = 't1' and label like 'zoë%' order by 1),
  'an upper-case unaccented term finds a lower-case accented label');
select is(pg_temp.texts('jose 1'), array(select label from public.dd_item where tenant = 't1' and label like 'JOSÉ 1%' order by 1),
  'substring search is accent- and case-insensitive too');
select * from finish();
rollback;
