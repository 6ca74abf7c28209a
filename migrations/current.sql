-- Tables, types, indexes, then one include line per sql/ file this change touches.
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
--!include functions/_internal/cache_sweep.sql
--!include functions/_internal/archive_maintain.sql
--!include functions/dropdown/dropdown_refresh.sql
--!include triggers/dropdown_source__mark_changed.sql
--!include functions/dropdown/dropdown_define.sql

-- NOTIFY payloads reveal nothing (issue 10 item 10): a random channel name per database,
-- known to pgfirst_worker and pgfirst_admin through pgfirst.job_listen_channel(), and empty
-- payloads. LISTEN needs no privilege, so the name is the secret.
create table if not exists pgfirst_private.job_channel (
  singleton boolean primary key default true check (singleton),
  name text not null check (name ~ '^pgfirst_jobs_[0-9a-f]{32}$')
);
comment on table pgfirst_private.job_channel is
  'The NOTIFY channel of this database (one row): pgfirst_jobs_ + 32 random hex digits; read through pgfirst.job_listen_channel().';
insert into pgfirst_private.job_channel (name)
values ('pgfirst_jobs_' || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', ''))
on conflict do nothing;
--!include functions/job/job_listen_channel.sql
--!include functions/_internal/job_notify.sql
--!include functions/job/queue_configure.sql
--!include functions/job/job_enqueue.sql
-- <<< sec-dropdown
