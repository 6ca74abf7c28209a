-- Issue 10 item 3: the locks pgfirst waits on (limited-queue claims, dropdown refresh, notify
-- coalescing, cache cap sweep, archive maintenance) are row locks on private tables, which no
-- pgfirst role and no role without grants can take; no pgfirst function uses advisory locks
-- (any role can take those). The waiting itself is shown with real connections in
-- test/security.test.ts.
begin;
select plan(7);
create role pf_secd_app login in role pgfirst_app;
create role pf_secd_worker login in role pgfirst_worker;
create role pf_secd_admin login in role pgfirst_admin;
create role pf_secd_none login;
select is(
  (select pg_catalog.array_agg(p.oid::regprocedure::text order by 1)
     from pg_catalog.pg_proc p
    where p.pronamespace in ('pgfirst'::regnamespace, 'pgfirst_private'::regnamespace)
      and p.prosrc ~* 'pg_(try_)?advisory'),
  null, 'no pgfirst function takes an advisory lock');
select pgfirst.queue_configure(queue => 'secq', concurrency => 1);

create function pg_temp.try_locks() returns text language plpgsql as $$
declare v_ok text[] := '{}';
begin
  begin perform from pgfirst_private.job_queue for no key update; v_ok := v_ok || 'job_queue'::text;
  exception when insufficient_privilege then null; end;
  begin perform from pgfirst_private.dropdown for no key update; v_ok := v_ok || 'dropdown'::text;
  exception when insufficient_privilege then null; end;
  begin perform from pgfirst_private.dropdown_gate for update; v_ok := v_ok || 'dropdown_gate'::text;
  exception when insufficient_privilege then null; end;
  begin perform from pgfirst_private.lock_slot for update; v_ok := v_ok || 'lock_slot'::text;
  exception when insufficient_privilege then null; end;
  begin perform from pgfirst_private.cache_namespace for update; v_ok := v_ok || 'cache_namespace'::text;
  exception when insufficient_privilege then null; end;
  begin lock table pgfirst_private.job_queue in share mode; v_ok := v_ok || 'lock table job_queue'::text;
  exception when insufficient_privilege then null; end;
  return pg_catalog.array_to_string(v_ok, ', ');
end $$;
grant execute on function pg_temp.try_locks() to public;

set local role pf_secd_none;
select is(pg_temp.try_locks(), '', 'a role without pgfirst grants can lock none of the rows pgfirst waits on');
reset role;
set local role pf_secd_app;
select is(pg_temp.try_locks(), '', 'nor can pgfirst_app');
reset role;
set local role pf_secd_worker;
select is(pg_temp.try_locks(), '', 'nor can pgfirst_worker');
reset role;
set local role pf_secd_admin;
select is(pg_temp.try_locks(), '', 'nor can pgfirst_admin');
reset role;
select is((select count(*)::int from pgfirst_private.lock_slot where kind = 'job_notify'), 1024, 'notify slots exist');
select is((select count(*)::int from pgfirst_private.lock_slot where kind = 'archive_maintain'), 1, 'the archive maintenance row exists');
select * from finish();
rollback;
