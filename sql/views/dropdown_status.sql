create or replace view pgfirst.dropdown_status as
select d.name,
       pg_catalog.format('%I.%I', d.view_schema, d.view_name) as view,
       d.last_refresh_rows as rows,
       d.last_refresh_at,
       d.last_refresh_duration as last_duration,
       d.refresh_count,
       c.stale_since,
       -- approximate (cumulative statistics): rows written to the sources since the last
       -- refresh started; 0 does not prove freshness, stale_since does
       -- (the sum of pgfirst_private.dropdown_source_writes, inlined: a view calls functions
       -- with the reader's rights, and pgfirst_admin has none on pgfirst_private)
       case when d.source_writes_at_refresh is not null
            then greatest(w.writes - d.source_writes_at_refresh, 0)
       end as pending_changes,
       c.stale_since is not null and c.stale_since < pg_catalog.now() - d.max_staleness as staleness_breached,
       d.debounce,
       d.max_staleness,
       d.sources
  from pgfirst_private.dropdown d
  left join lateral (
    select pg_catalog.min(x.changed_at) as stale_since
      from pgfirst_private.dropdown_change x where x.dropdown_id = d.id
  ) c on true
  cross join lateral (
    select coalesce(pg_catalog.sum(s.n_tup_ins + s.n_tup_upd + s.n_tup_del), 0)::bigint as writes
      from pg_catalog.pg_stat_all_tables s
     where s.relid = any (d.sources::oid[])
  ) w;

comment on view pgfirst.dropdown_status is
  'One row per dropdown: view, rows and duration of the last refresh, stale_since (oldest change not yet in the view), approximate pending_changes, and whether max_staleness is breached.';
revoke all on pgfirst.dropdown_status from public;
grant select on pgfirst.dropdown_status to pgfirst_admin;
