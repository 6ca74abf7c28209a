begin;
select plan(5);

select is((select status || ' ' || value from pgfirst.health(now => '2030-01-01 12:00Z') where "check" = 'dropdown_staleness'),
  'ok 0', 'no dropdown defined: ok');

create table public.hd_item (id integer primary key, tenant text not null, label text not null);
grant select on public.hd_item to pgfirst_dropdown;
insert into public.hd_item select g, 't', 'item ' || g from generate_series(1, 10) g;
select pgfirst.dropdown_define(name => 'hd', query => 'select tenant, id, label as text from public.hd_item',
  sources => array['public.hd_item']::regclass[], max_staleness => '30 seconds');

select is((select status from pgfirst.health() where "check" = 'dropdown_staleness'), 'ok',
  'a freshly refreshed dropdown: ok');

update public.hd_item set label = 'changed' where id = 1;
update pgfirst_private.dropdown_change set changed_at = '2030-01-01 11:59:00Z';
select is((select status || ' ' || value from pgfirst.health(now => '2030-01-01 11:59:20Z') where "check" = 'dropdown_staleness'),
  'ok 0', 'a change 20 s old, within max_staleness (30 s): ok');
select is((select status || ' ' || value from pgfirst.health(now => '2030-01-01 12:00:00Z') where "check" = 'dropdown_staleness'),
  'warn 1', 'a change 60 s old, past max_staleness: warn, one dropdown');
select is((select status from pgfirst.health(now => '2030-01-01 12:10:00Z') where "check" = 'dropdown_staleness'),
  'crit', 'a change 11 minutes old, past ten times max_staleness: crit (refreshes are not running)');

select * from finish();
rollback;
