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
update public.dd_item set label = 'Zed 3' where id = 3;
insert into public.dd_item values (101, 't2', 'Zed 101', null);
select is((select count(*)::int from pgfirst_private.job j where j.task = 'pgfirst.dropdown_refresh'), 1,
  'three writing statements enqueue one refresh job');
select is((select j.job_key from pgfirst_private.job j where j.task = 'pgfirst.dropdown_refresh'), 'pgfirst.dropdown_refresh:ddt:1',
  'the job is keyed by dropdown and generation');
select is((select j.payload from pgfirst_private.job j where j.task = 'pgfirst.dropdown_refresh'), '{"name": "ddt"}'::jsonb,
  'the job payload names the dropdown');
select ok((select j.run_at >= statement_timestamp() + interval '1 second' from pgfirst_private.job j where j.task = 'pgfirst.dropdown_refresh'),
  'the job runs after the debounce interval, not now');
select is((select count(*)::int from pgfirst_private.dropdown_change), 1, 'one change marker, not one per statement');
select is(pgfirst.dropdown_search(name => 'ddt', tenant => 't2', term => 'zed') -> 'results', '[]'::jsonb,
  'the writer''s transaction did not refresh the view');
select isnt((select stale_since from pgfirst.dropdown_status where name = 'ddt'), null, 'status shows the view as stale');
select * from finish();
rollback;
