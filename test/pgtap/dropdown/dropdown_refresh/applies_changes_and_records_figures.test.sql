begin;
select plan(7);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[], debounce => '2 seconds');
update public.dd_item set label = 'Zed 1' where id = 1;
delete from public.dd_item where id = 3;
select lives_ok($$select pgfirst.dropdown_refresh(name => 'ddt')$$, 'a populated view is refreshed (concurrently)');
select is(pgfirst.dropdown_search(name => 'ddt', tenant => 't2', term => 'zed') -> 'results', '[{"id": "1", "text": "Zed 1"}]'::jsonb,
  'the view reflects the update');
select is((select count(*)::int from pgfirst.dropdown_lookup(name => 'ddt', tenant => 't2', ids => array['3'])), 0, 'the view reflects the delete');
select is((select (refresh_count, rows)::text from pgfirst.dropdown_status where name = 'ddt'), '(2,99)', 'status counts the refresh and the rows');
select ok((select last_duration >= interval '0' from pgfirst.dropdown_status where name = 'ddt'), 'status records the duration');
select is((select stale_since from pgfirst.dropdown_status where name = 'ddt'), null, 'the change markers are cleared');
select throws_ok($$select pgfirst.dropdown_refresh(name => 'nope')$$, 'PF601', null, 'refreshing an unknown dropdown is PF601');
select * from finish();
rollback;
