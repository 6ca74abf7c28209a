begin;
select plan(3);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item values (1, '', 'Room 1', 'Lyon'), (2, '', 'Room 2', 'Lyon'), (3, '', 'Hall', 'Porto'), (4, '', 'Yard', null);
select pgfirst.dropdown_define(name => 'ddg', query => 'select tenant, id, label as text, grp as group_label, coalesce(grp, ''~'') || label as sort_key from public.dd_item',
  sources => array['public.dd_item']::regclass[]);
select is(pgfirst.dropdown_search(name => 'ddg', tenant => '') -> 'results',
  '[{"text": "Lyon", "children": [{"id": "1", "text": "Room 1"}, {"id": "2", "text": "Room 2"}]},
    {"text": "Porto", "children": [{"id": "3", "text": "Hall"}]},
    {"id": "4", "text": "Yard"}]'::jsonb,
  'rows with a group_label come as Select2 groups with children; rows without one stay top-level');
select is(pgfirst.dropdown_search(name => 'ddg', tenant => '', page_size => 1) -> 'results',
  '[{"text": "Lyon", "children": [{"id": "1", "text": "Room 1"}]}]'::jsonb, 'a page cut inside a group returns the partial group');
select is(pgfirst.dropdown_search(name => 'ddg', tenant => '', page_size => 1, after => pgfirst.dropdown_search(name => 'ddg', tenant => '', page_size => 1) ->> 'next') -> 'results',
  '[{"text": "Lyon", "children": [{"id": "2", "text": "Room 2"}]}]'::jsonb, 'the next page continues the group');
select * from finish();
rollback;
