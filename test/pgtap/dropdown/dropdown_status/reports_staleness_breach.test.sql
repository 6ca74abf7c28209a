begin;
select plan(4);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
select is((select (stale_since is null, staleness_breached) from pgfirst.dropdown_status where name = 'ddt'), (true, false),
  'a fresh dropdown has no stale_since and no breach');
update public.dd_item set label = 'Zed 1' where id = 1;
select ok((select stale_since between now() and statement_timestamp() from pgfirst.dropdown_status where name = 'ddt'),
  'stale_since is the time of the oldest unapplied change (the update above)');
select is((select staleness_breached from pgfirst.dropdown_status where name = 'ddt'), false, 'within max_staleness: no breach');
update pgfirst_private.dropdown_change set changed_at = now() - interval '31 seconds';
select is((select staleness_breached from pgfirst.dropdown_status where name = 'ddt'), true,
  'a change older than max_staleness (30 s) still not in the view is a breach');
select * from finish();
rollback;
