-- Tables, types, indexes, then one include line per sql/ file this change touches.

-- >>> sec-bounds
-- Issue 10 items 2, 5-9: upper bounds on arguments, no infinite timestamps, settings
-- validated against a declared range, reports that survive extreme stored values.
-- Idempotent (graphile-migrate re-runs current.sql).

-- The bounds, as one composite row (pgfirst_private.arg_limits() returns it, inlined).
do $$
begin
  if pg_catalog.to_regtype('pgfirst_private.arg_limits') is null then
    create type pgfirst_private.arg_limits as (
      interval_max interval,
      time_min timestamptz,
      time_max timestamptz,
      batch_max integer,
      claim_max integer,
      name_max_bytes integer,
      job_key_max_bytes integer,
      tenant_max_bytes integer,
      user_id_max_bytes integer,
      username_max_bytes integer,
      payload_max_bytes integer,
      error_max_chars integer,
      page_max integer,
      term_max_bytes integer
    );
    comment on type pgfirst_private.arg_limits is 'The fixed upper bounds on pgfirst arguments (see pgfirst_private.arg_limits()).';
  end if;
end
$$;

-- Sessions: timeouts are at most 100 years (session_check_new, PF205). Rows stored before
-- the bound (idle_timeout '300000 years' made last_seen_at + idle_timeout overflow in
-- session_cleanup, maintenance, session_count, session_list) are clamped, then a CHECK
-- keeps them so.
update pgfirst_private.session s
   set idle_timeout = interval '100 years'
 where s.idle_timeout > interval '100 years';
alter table pgfirst_private.session drop constraint if exists session_idle_timeout_bounded;
alter table pgfirst_private.session
  add constraint session_idle_timeout_bounded check (idle_timeout <= interval '100 years');
-- Cache namespace policies: same bound (cache_configure, PF103).
update pgfirst_private.cache_namespace p
   set default_ttl = least(p.default_ttl, interval '100 years'),
       stale_ttl = least(p.stale_ttl, interval '100 years')
 where p.default_ttl > interval '100 years' or p.stale_ttl > interval '100 years';
update pgfirst_private.job_queue q
   set keep_finished = interval '100 years'
 where q.keep_finished > interval '100 years';

--!include functions/_internal/arg_limits.sql
--!include functions/_internal/arg_time.sql
--!include functions/_internal/age_clamped.sql
--!include functions/_internal/cache_check.sql
--!include functions/_internal/cache_expiry.sql
--!include functions/_internal/cache_sweep.sql
--!include functions/_internal/cache_write.sql
--!include functions/_internal/job_backoff.sql
--!include functions/_internal/login_username_normalize.sql
--!include functions/_internal/rate_limit_check_args.sql
--!include functions/_internal/session_check_new.sql
--!include functions/_internal/timezone_check.sql
--!include functions/cache/cache_cleanup.sql
--!include functions/cache/cache_configure.sql
--!include functions/cache/cache_get.sql
--!include functions/cache/cache_get_many.sql
--!include functions/cache/cache_incr.sql
--!include functions/cache/cache_lease.sql
--!include functions/cache/cache_set_many.sql
--!include functions/cache/cache_touch.sql
--!include functions/core/health.sql
--!include functions/core/maintenance.sql
--!include functions/job/job_claim.sql
--!include functions/job/job_complete.sql
--!include functions/job/job_enqueue.sql
--!include functions/job/job_enqueue_many.sql
--!include functions/job/job_fail.sql
--!include functions/job/job_heartbeat.sql
--!include functions/job/job_reap.sql
--!include functions/job/job_release.sql
--!include functions/job/job_retry.sql
--!include functions/job/queue_configure.sql
--!include functions/job/queue_stats.sql
--!include functions/rate_limit/login_attempt.sql
--!include functions/rate_limit/rate_limit_cleanup.sql
--!include functions/rate_limit/rate_limit_hit.sql
--!include functions/rate_limit/rate_limit_peek.sql
--!include functions/schedule/cron_next.sql
--!include functions/schedule/schedule_next.sql
--!include functions/schedule/schedule_set.sql
--!include functions/schedule/schedule_tick.sql
--!include functions/session/session_all.sql
--!include functions/session/session_cleanup.sql
--!include functions/session/session_count.sql
--!include functions/session/session_create.sql
--!include functions/session/session_get.sql
--!include functions/session/session_list.sql
--!include functions/session/session_patch.sql
--!include functions/session/session_put.sql
--!include functions/session/session_rotate.sql
--!include functions/session/session_set.sql
-- Settings: each declares the range or shape its value must have (setting_register's
-- min_value / max_value / pattern, checked by setting_check in setting_set, PF005).
alter table pgfirst_private.setting add column if not exists min_value jsonb;
alter table pgfirst_private.setting add column if not exists max_value jsonb;
alter table pgfirst_private.setting add column if not exists pattern text;
comment on column pgfirst_private.setting.min_value is 'Smallest allowed value (interval/integer/number settings); null = unbounded.';
comment on column pgfirst_private.setting.max_value is 'Largest allowed value (interval/integer/number settings); null = unbounded.';
comment on column pgfirst_private.setting.pattern is 'Regular expression a text setting must match; null = any.';
drop function if exists pgfirst_private.setting_register(text, text, jsonb, text);
--!include functions/_internal/setting_register.sql
--!include functions/_internal/setting_check.sql
-- The rules of the settings registered by migrations 000001-000011 (new settings pass
-- them to setting_register). Intervals are capped at 100 years like every interval argument.
update pgfirst_private.setting s
   set min_value = r.min_value, max_value = r.max_value, pattern = r.pattern
  from (values
    ('session.idle_timeout',          '"1 second"'::jsonb, '"100 years"'::jsonb, null::text),
    ('session.absolute_timeout',      '"1 second"', '"100 years"', null),
    ('session.touch_interval',        '"0 seconds"', '"1 day"', null),
    ('session.max_data_bytes',        '2', '268435456', null),
    ('login.max_failures',            '1', '1000000', null),
    ('login.user_ip_max_failures',    '0', '1000000', null),   -- 0 = no separate limit (documented)
    ('login.ip_max_failures',         '0', '1000000', null),   -- 0 = no per-IP limit (e.g. behind a proxy)
    ('login.window',                  '"1 second"', '"100 years"', null),
    ('login.lockout',                 '"1 second"', '"100 years"', null),
    ('login.lockout_escalation',      '1', '1000', null),
    ('login.lockout_max',             '"1 second"', '"100 years"', null),
    ('login.escalation_reset',        '"1 second"', '"100 years"', null),
    ('job.backoff_base',              '"0 seconds"', '"100 years"', null),
    ('job.backoff_max',               '"0 seconds"', '"100 years"', null),
    ('job.backoff_jitter',            '0', '1', null),
    ('job.error_history',             '1', '1000', null),
    ('job.dead_retention',            '"0 seconds"', '"100 years"', null),
    ('cache.max_value_bytes',         '1', '1073741823', null),
    ('cache.stats_sample_rate',       '0', '1', null),
    ('cache.cleanup_chunk_blocks',    '1', '131072', null),
    ('schedule.missed_grace',         '"0 seconds"', '"100 years"', null),
    ('schedule.catchup_window',       '"0 seconds"', '"100 years"', null),
    ('schedule.catchup_limit',        '1', '10000', null),
    ('schedule.tick_batch',           '1', '10000', null),
    ('archive.days_ahead',            '0', '366', null),
    ('archive.lock_timeout',          '"1 millisecond"', '"1 hour"', null),  -- 0 would mean wait forever
    ('maintenance.batch',             '1', '10000', null),
    ('health.oldest_pending_warn',    '"0 seconds"', '"100 years"', null),
    ('health.oldest_pending_crit',    '"0 seconds"', '"100 years"', null),
    ('health.dead_last_hour_warn',    '0', '2147483647', null),
    ('health.dead_last_hour_crit',    '0', '2147483647', null),
    ('health.reaped_last_hour_warn',  '0', '2147483647', null),
    ('health.reaped_last_hour_crit',  '0', '2147483647', null),
    ('health.schedule_overdue_crit',  '"0 seconds"', '"100 years"', null),
    ('health.bloat_warn',             '0', '1', null),
    ('health.bloat_crit',             '0', '1', null),
    ('health.long_transaction_warn',  '"0 seconds"', '"100 years"', null),
    ('health.long_transaction_crit',  '"0 seconds"', '"100 years"', null),
    ('health.maintenance_stale',      '"1 second"', '"100 years"', null),
    -- a job queue name: 1-200 characters, no spaces or quotes (job_enqueue's bound is 200 bytes)
    ('dropdown.queue',                null, null, '^[A-Za-z0-9_.:/-]{1,200}$'),
    ('dropdown.refresh_priority',     '-1000000', '1000000', null)
  ) as r(name, min_value, max_value, pattern)
 where s.name = r.name;
-- Overrides that break their new rule are reset to the default, with a NOTICE naming them.
do $$
declare
  r record;
begin
  for r in select s.name, s.value from pgfirst_private.setting s where s.value is not null order by s.name loop
    begin
      perform pgfirst_private.setting_check(r.name, r.value);
    exception when sqlstate 'PF005' then
      update pgfirst_private.setting s set value = null, updated_at = pg_catalog.now() where s.name = r.name;
      raise notice 'setting % was % (out of its range): reset to its default', r.name, r.value;
    end;
  end loop;
end
$$;
--!include functions/core/setting_set.sql
--!include functions/dropdown/dropdown_search.sql
--!include functions/dropdown/dropdown_lookup.sql
--!include views/settings.sql
-- <<< sec-bounds
-- >>> sec-dropdown
-- Dropdown privilege model (issue 10, item 1): dropdown views live in schema pgfirst_mv and
-- are owned by pgfirst_dropdown, a NOLOGIN role with no rights but those a DBA grants, so
-- REFRESH runs a dropdown query with that role's rights only.
do $do$
declare
  v_role pg_catalog.pg_roles;
begin
  select * into v_role from pg_catalog.pg_roles r where r.rolname = 'pgfirst_dropdown';
  if not found then
    create role pgfirst_dropdown nologin;
  elsif v_role.rolsuper or v_role.rolcreaterole or v_role.rolcreatedb or v_role.rolbypassrls
        or v_role.rolreplication or v_role.rolcanlogin then
    -- fails for a non-superuser migrator when the role is a superuser: as it should
    alter role pgfirst_dropdown nosuperuser nocreaterole nocreatedb nobypassrls noreplication nologin;
  end if;
  if exists (select from pg_catalog.pg_auth_members m
              where m.member = (select r.oid from pg_catalog.pg_roles r where r.rolname = 'pgfirst_dropdown')) then
    raise exception 'role pgfirst_dropdown must not be a member of any role'
      using hint = 'Revoke its memberships (\du pgfirst_dropdown), then run the migrations again.';
  end if;
  if not (select r.rolsuper from pg_catalog.pg_roles r where r.rolname = current_user) then
    -- a non-superuser owner refreshes (must own) and reads the views through membership
    execute pg_catalog.format('grant pgfirst_dropdown to %I', current_user);
  end if;
end
$do$;
comment on role pgfirst_dropdown is
  'pgfirst: owns the dropdown materialized views; dropdown queries run with its rights only. Grant it USAGE on source schemas and SELECT on source tables, nothing else.';

create schema if not exists pgfirst_mv;
comment on schema pgfirst_mv is
  'pgfirst dropdown materialized views (owned by pgfirst_dropdown; read through pgfirst.dropdown_search).';
revoke all on schema pgfirst_mv from public;
-- REFRESH … CONCURRENTLY runs its diff queries as the view owner, naming the view
grant usage on schema pgfirst_mv to pgfirst_dropdown;
-- the view's own expressions (accent folding) run as pgfirst_dropdown at refresh
grant usage on schema pgfirst_ext to pgfirst_dropdown;
grant execute on function pgfirst_private.dropdown_normalize(text) to pgfirst_dropdown;

--!include functions/_internal/dropdown_query_check.sql
--!include functions/_internal/dropdown_grants_check.sql
--!include functions/_internal/dropdown_view_own.sql

-- Existing dropdowns: move their views to pgfirst_mv, hand them to pgfirst_dropdown, and
-- grant it SELECT (and schema USAGE) on the relations their queries read, which the pgfirst
-- owner read for them until now. Functions are not granted: a query calling one that
-- PUBLIC may not execute (pg_read_file, …) fails its next refresh until a DBA decides.
do $do$
declare
  v_d record;
  v_rel regclass;
begin
  for v_d in select d.id, d.view_schema, d.view_name,
                    pg_catalog.format('%I.%I', d.view_schema, d.view_name)::regclass as mv
               from pgfirst_private.dropdown d order by d.id loop
    for v_rel in
      select distinct dep.refobjid::regclass
        from pg_catalog.pg_rewrite rw
        join pg_catalog.pg_depend dep on dep.classid = 'pg_catalog.pg_rewrite'::regclass and dep.objid = rw.oid
        join pg_catalog.pg_class c on c.oid = dep.refobjid
       where rw.ev_class = v_d.mv and dep.refclassid = 'pg_catalog.pg_class'::regclass and dep.refobjid <> v_d.mv
         and c.relnamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
    loop
      execute pg_catalog.format('grant usage on schema %I to pgfirst_dropdown',
        (select n.nspname from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.oid = v_rel));
      execute pg_catalog.format('grant select on %s to pgfirst_dropdown', v_rel);
    end loop;
    if v_d.view_schema <> 'pgfirst_mv' then
      execute pg_catalog.format('alter materialized view %I.%I set schema pgfirst_mv', v_d.view_schema, v_d.view_name);
      update pgfirst_private.dropdown d set view_schema = 'pgfirst_mv' where d.id = v_d.id;
    end if;
    perform pgfirst_private.dropdown_view_own(v_d.view_name);
  end loop;
  -- the generated search functions name the view: rewrite them
  perform pgfirst_private.dropdown_dispatch_rebuild(true);
end
$do$;

-- dropdown_status readable by pgfirst_admin (issue 10 item 4): no private function call
--!include views/dropdown_status.sql

-- Locks any role could take (issue 10 item 3): advisory locks become row locks on private
-- tables, which a role needs UPDATE on pgfirst_private tables (nobody but the owner) to lock.
-- Singletons and hashed slots: job NOTIFY coalescing per queue (1024 slots) and archive
-- maintenance (one row). Rows are only ever locked, never updated: no bloat.
create table if not exists pgfirst_private.lock_slot (
  kind text not null,
  slot integer not null,
  primary key (kind, slot)
);
comment on table pgfirst_private.lock_slot is
  'Rows locked (never updated) instead of advisory locks, which any role could take: (job_notify, 0..1023) per hashed queue, (archive_maintain, 0).';
insert into pgfirst_private.lock_slot (kind, slot)
select 'job_notify', g from pg_catalog.generate_series(0, 1023) g
union all select 'archive_maintain', 0
on conflict do nothing;

-- Dropdown refresh gate: per dropdown and generation parity, 64 lanes. A writer locks one
-- free lane of each parity (FOR NO KEY UPDATE SKIP LOCKED, never waiting); a refresh of
-- generation g locks every lane of parity g % 2 (FOR UPDATE), so it waits for the writers
-- that hold one, and the lanes it already holds are closed to new writers, which then aim
-- at g + 1: no starvation (the lock manager's queue did that for the advisory locks).
create table if not exists pgfirst_private.dropdown_gate (
  dropdown_id integer not null references pgfirst_private.dropdown (id) on delete cascade,
  parity smallint not null check (parity in (0, 1)),
  lane smallint not null check (lane >= 0 and lane < 64),
  primary key (dropdown_id, parity, lane)
);
comment on table pgfirst_private.dropdown_gate is
  'Refresh gate of each dropdown: 2 parities x 64 lanes, only ever row-locked (writers: one lane per parity, SKIP LOCKED; refresh of generation g: all lanes of parity g % 2).';
insert into pgfirst_private.dropdown_gate (dropdown_id, parity, lane)
select d.id, p, l from pgfirst_private.dropdown d, pg_catalog.generate_series(0, 1) p, pg_catalog.generate_series(0, 63) l
on conflict do nothing;

--!include functions/job/job_claim.sql
--!include functions/_internal/job_notify.sql
--!include functions/_internal/cache_sweep.sql
--!include functions/_internal/archive_maintain.sql
--!include functions/dropdown/dropdown_refresh.sql
--!include triggers/dropdown_source__mark_changed.sql
--!include functions/dropdown/dropdown_define.sql
-- <<< sec-dropdown
