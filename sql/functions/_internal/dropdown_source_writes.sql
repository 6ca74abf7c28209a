-- Rows inserted, updated and deleted in the source tables according to the cumulative
-- statistics (approximate: flushed at transaction end / every second, include rolled-back
-- work, reset by pg_stat_reset). Used only for dropdown_status.pending_changes, so writers
-- pay nothing for that figure.
create or replace function pgfirst_private.dropdown_source_writes(sources regclass[])
returns bigint
language sql
stable
strict
parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(pg_catalog.sum(s.n_tup_ins + s.n_tup_upd + s.n_tup_del), 0)::bigint
    from pg_catalog.pg_stat_all_tables s
   where s.relid = any (dropdown_source_writes.sources::oid[])
$$;

comment on function pgfirst_private.dropdown_source_writes(regclass[]) is
  'Internal: approximate rows written to the given tables since statistics were last reset (n_tup_ins + n_tup_upd + n_tup_del).';
revoke all on function pgfirst_private.dropdown_source_writes(regclass[]) from public;
