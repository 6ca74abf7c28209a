-- Tables, types, indexes, then one include line per sql/ file this change touches.

-- ==== dropdown module ====
-- Contrib extensions for search: pg_trgm (trigram GIN for %term%), btree_gin (tenant in the
-- same GIN index), unaccent (accent-insensitive normalisation at refresh time). Installed
-- into schema pgfirst_ext when missing; when a database already has them elsewhere (often
-- `public`) that schema is used: every reference is resolved from pg_extension at run time.
create schema if not exists pgfirst_ext;
comment on schema pgfirst_ext is 'Contrib extensions pgfirst installs when missing (pg_trgm, btree_gin, unaccent).';
revoke all on schema pgfirst_ext from public;
create extension if not exists pg_trgm with schema pgfirst_ext;
create extension if not exists btree_gin with schema pgfirst_ext;
create extension if not exists unaccent with schema pgfirst_ext;

-- Registry: one row per dropdown. Written by define/drop and once per refresh (never by
-- application writers), so it is not a contention point.
create table if not exists pgfirst_private.dropdown (
  id integer generated always as identity,
  name text not null,
  query text not null,
  sources regclass[] not null,
  debounce interval not null,
  max_staleness interval not null,
  view_schema text not null,
  view_name text not null,
  function_name text not null,
  -- the query yields group_label: results come as Select2 groups
  grouped boolean not null default false,
  -- number of completed refreshes; writers aim their change marker at a generation (see
  -- pgfirst_private.dropdown_source_changed for the protocol)
  generation bigint not null default 0,
  populated boolean not null default false,
  last_refresh_at timestamptz,
  last_refresh_started_at timestamptz,
  last_refresh_duration interval,
  last_refresh_rows bigint,
  refresh_count bigint not null default 0,
  -- n_tup_ins + n_tup_upd + n_tup_del of the sources when the last refresh started
  source_writes_at_refresh bigint,
  created_at timestamptz not null default pg_catalog.now(),
  updated_at timestamptz not null default pg_catalog.now(),
  constraint dropdown_pkey primary key (name),
  constraint dropdown_id_key unique (id),
  constraint dropdown_view_key unique (view_schema, view_name)
);
comment on table pgfirst_private.dropdown is 'Dropdown registry: definition, generated view and search function, refresh figures.';

-- Change markers: appended (never updated) by the first writing statement per refresh window
-- and by statements that run while a refresh is in progress. No row is ever contended;
-- a refresh of generation g deletes the markers aimed at generations <= g.
create table if not exists pgfirst_private.dropdown_change (
  dropdown_id integer not null,
  generation bigint not null,
  changed_at timestamptz not null
  -- no foreign key: writers insert here and must not take a key-share lock on the registry;
  -- dropdown_drop deletes a dropdown's markers itself
);
drop index if exists pgfirst_private.dropdown_change_dropdown_idx;
create index if not exists dropdown_change_lookup_idx
  on pgfirst_private.dropdown_change (dropdown_id, generation, changed_at);
comment on table pgfirst_private.dropdown_change is 'Append-only change markers: which dropdown generation must pick up a change, and since when the view is stale.';

select pgfirst_private.setting_register('dropdown.queue', 'text', '"default"',
  'Job queue that dropdown refresh jobs are enqueued on.');
select pgfirst_private.setting_register('dropdown.refresh_priority', 'integer', '0',
  'Priority of dropdown refresh jobs (higher runs first).');

--!include functions/_internal/dropdown_ext_schema.sql
--!include functions/_internal/dropdown_normalize.sql
--!include functions/_internal/dropdown_source_writes.sql
--!include functions/_internal/dropdown_generate.sql
--!include functions/_internal/dropdown_dispatch_rebuild.sql
--!include functions/_internal/dropdown_cursor_decode.sql
--!include triggers/dropdown_source__mark_changed.sql
--!include functions/dropdown/dropdown_define.sql
--!include functions/dropdown/dropdown_search.sql
--!include functions/dropdown/dropdown_lookup.sql
--!include functions/dropdown/dropdown_refresh.sql
--!include functions/dropdown/refresh_all_dropdown_mvs.sql
--!include functions/dropdown/refresh_materialized_views.sql
--!include functions/dropdown/dropdown_drop.sql
--!include views/dropdown_status.sql
-- Regenerate every dropdown's search function and the dispatcher from the current templates.
select pgfirst_private.dropdown_dispatch_rebuild(true);
