begin;
select plan(5);
-- issue 16: the usual path reads everything from the writer's own two gate lane rows (one
-- locking statement): the refresh writes its generation into the lanes it held, the writer
-- notes the job it found or queued in its own lane
create table public.dd_item (id integer primary key, tenant text not null, label text not null);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label) select g, 't1', 'Item ' || g from generate_series(1, 10) g;
select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id::text as id, label as text from public.dd_item', sources => array['public.dd_item']::regclass[]);
create function pg_temp.own_lane() returns text language sql as $$
  select string_agg(format('%s:%s/%s', g.parity, g.generation, g.queued_generation), ' ' order by g.parity)
    from pgfirst_private.dropdown_gate g join pgfirst_private.dropdown d on d.id = g.dropdown_id
   where d.name = 'ddt' and g.lane = pg_backend_pid() & 63 $$;
-- the first refresh (of define) held parity 0 and wrote generation 1 into those lanes
select is(pg_temp.own_lane(), '0:1/-1 1:0/-1', 'the refresh of generation 0 wrote generation 1 into the parity-0 lanes it held');
update public.dd_item set label = 'Zed 1' where id = 1;
select is(pg_temp.own_lane(), '0:1/1 1:0/1', 'the writer noted the refresh job it queued (generation 1) in its own lane');
update public.dd_item set label = 'Zed 2' where id = 2;
select is((select count(*)::int from pgfirst_private.dropdown_change), 1, 'the next statement takes the usual path: no new marker');
select pgfirst.dropdown_refresh(name => 'ddt');
select is(pg_temp.own_lane(), '0:1/1 1:2/1', 'the refresh of generation 1 wrote generation 2 into the parity-1 lanes, which makes the noted job stale');
update public.dd_item set label = 'Zed 3' where id = 3;
select is((select array_agg(generation order by generation) from pgfirst_private.dropdown_change), array[2::bigint],
  'so the next writer does not trust it: a marker (and job) for generation 2');
select * from finish();
rollback;
