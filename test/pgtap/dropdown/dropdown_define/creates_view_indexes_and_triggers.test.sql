begin;
select plan(10);
create table public.dd_item (id integer primary key, tenant text not null, label text not null, grp text);
grant select on public.dd_item to pgfirst_dropdown;
insert into public.dd_item (id, tenant, label, grp)
select g, case when g % 2 = 0 then 't1' else 't2' end,
       (array['Émile', 'zoë', 'Anna', 'JOSÉ', 'Bob'])[1 + g % 5] || ' ' || g, 'G' || (g % 3)
  from generate_series(1, 100) g;
select lives_ok($$select pgfirst.dropdown_define(name => 'ddt', query => 'select tenant, id, label as text from public.dd_item;', sources => array['public.dd_item']::regclass[])$$,
  'defines a dropdown from a query yielding tenant, id, text');
select has_materialized_view('pgfirst_mv', 'mv_ddt_dropdown', 'creates pgfirst_mv.mv_ddt_dropdown');
select is((select count(*)::int from pgfirst_mv.mv_ddt_dropdown), 100, 'the first (plain) refresh populated the view');
select index_is_unique('pgfirst_mv', 'mv_ddt_dropdown', 'mv_ddt_dropdown_key', 'unique (tenant, id) index, as REFRESH CONCURRENTLY needs');
select has_index('pgfirst_mv', 'mv_ddt_dropdown', 'mv_ddt_dropdown_page', array['tenant', 'sort_key', 'id', 'text', 'group_label'], 'first-page covering index on (tenant, sort_key, id) include (text, group_label)');
select has_index('pgfirst_mv', 'mv_ddt_dropdown', 'mv_ddt_dropdown_label', array['tenant', 'label_key', 'id', 'text', 'group_label'],
  'label index on (tenant, label_key, id) include (text, group_label): exact and prefix matches in order');
select is((select (am.amname, pg_get_indexdef(i.oid) ~ '\(tenant, haystack \S+gin_trgm_ops\)')::text
             from pg_class i join pg_am am on am.oid = i.relam where i.relname = 'mv_ddt_dropdown_words'), '(gin,t)',
  'word search index is a trigram GIN index over (tenant, haystack)');
select has_trigger('public', 'dd_item', 'pgfirst_dropdown_ddt', 'attaches the change trigger to the source');
select is((select t.tgtype & 1 from pg_trigger t where t.tgname = 'pgfirst_dropdown_ddt')::int, 0, 'the change trigger is statement-level');
select is((select (refresh_count, rows)::text from pgfirst.dropdown_status where name = 'ddt'), '(1,100)', 'status records the first refresh and its rows');
select * from finish();
rollback;
