begin;
select plan(2);
create table public.dd_item (id integer primary key, tenant text not null, label text not null);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label) select g, 't1', 'Item ' || g from generate_series(1, 10) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id::text as id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[], max_staleness => '30 seconds');
update public.dd_item set label = 'Zed 1' where id = 1;
update public.dd_item set label = 'Zed 2' where id = 2;
select is((select count(*)::int from pgfirst_private.dropdown_change), 1, 'a fresh marker makes later statements skip');
-- the marker (and its job) is now 31 s old: past max_staleness the next writer must not trust
-- it, nor the copy of its bound in the writer's gate lane (issue 16): both age as time passes
update pgfirst_private.dropdown_change
   set changed_at = changed_at - interval '31 seconds', fresh_until = fresh_until - interval '31 seconds';
update pgfirst_private.dropdown_gate set queued_until = queued_until - interval '31 seconds' where queued_generation >= 0;
update public.dd_item set label = 'Zed 3' where id = 3;
select is((select count(*)::int from pgfirst_private.dropdown_change), 2,
  'a writer finding only a marker older than max_staleness records a new one and enqueues again');
select * from finish();
rollback;
