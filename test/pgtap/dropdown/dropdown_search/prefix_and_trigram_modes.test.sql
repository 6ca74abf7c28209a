begin;
select plan(5);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
create function pg_temp.texts(term text) returns text[] language sql as
  $$ select array(select e ->> 'text' from jsonb_array_elements(pgfirst.dropdown_search(name => 'ddt', tenant => 't1', term => term, page_size => 100) -> 'results') e order by 1) $$;
select is(pg_temp.texts('a'), array(select label from public.dd_item where tenant = 't1' and lower(label) like 'a%' order by 1),
  'a 1-character term matches labels starting with it');
select is(pg_temp.texts('b'), array(select label from public.dd_item where tenant = 't1' and label like 'Bob%' order by 1),
  'a 1-character term does not match in the middle of a label');
select is(pg_temp.texts('jo'), array(select label from public.dd_item where tenant = 't1' and label like 'JOSÉ%' order by 1),
  'a 2-character term is a prefix match');
select is(pg_temp.texts('b 4'), array(select label from public.dd_item where tenant = 't1' and label ~ '^Bob 4' order by 1),
  'a 3+ character term is a substring match');
select is(pg_temp.texts('% _'), array[]::text[], 'LIKE wildcards in the term are matched literally');
select * from finish();
rollback;
