begin;
select plan(4);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
-- follow "next" until the end, collecting ids
create temp table seen (page int, id text) on commit drop;
do $$
declare v_page jsonb; v_n int := 0; v_after text := null;
begin
  loop
    v_n := v_n + 1;
    v_page := pgfirst.dropdown_search(name => 'ddt', tenant => 't1', page_size => 7, after => v_after);
    insert into seen select v_n, e ->> 'id' from jsonb_array_elements(v_page -> 'results') e;
    v_after := v_page ->> 'next';
    exit when v_after is null or v_n > 100;
  end loop;
end
$$;
select is((select count(*)::int from seen), 50, 'keyset paging returns all 50 rows of the tenant');
select is((select count(distinct id)::int from seen), 50, 'no row is returned twice');
select is((select max(page) from seen), 8, '50 rows at 7 per page take 8 pages');
select is(array(select id from seen where page = 2 order by id),
  array(select e ->> 'id' from jsonb_array_elements(pgfirst.dropdown_search(name => 'ddt', tenant => 't1', page => 2, page_size => 7) -> 'results') e order by 1),
  'page => 2 without a cursor (OFFSET) returns the same rows as the cursor''s second page');
select * from finish();
rollback;
