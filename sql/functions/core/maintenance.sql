-- Every module's bounded cleanup in one call. Modules are optional: a cleanup function that
-- is not installed (cache, sessions, rate limits live in other migrations) is looked up with
-- to_regprocedure and skipped when absent, then called through format('%I') + EXECUTE USING,
-- so maintenance works whatever set of modules is installed. Safe to run from several
-- processes at once: the cleanups delete in bounded SKIP LOCKED batches (each row once),
-- job_reap uses SKIP LOCKED, and archive DDL is serialised by a row lock.
create or replace function pgfirst.maintenance(now timestamptz default null)
returns jsonb
language plpgsql
volatile
security definer -- runs private cleanups, partition DDL and the module cleanup functions
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := case when pgfirst_private.arg_time_ok(now) then coalesce(now, pg_catalog.now())
                          else pgfirst_private.arg_time(now, 'now') end;
  v_batch integer := pgfirst_private.setting_int('maintenance.batch');
  v_result jsonb;
  v_cleanup jsonb := '{}';
  v_missing text[] := '{}';
  v_fn text;
  v_n bigint;
  v_reaped integer;
  v_dead bigint;
  v_results bigint;
  v_archive jsonb;
  v_log bigint;
  v_audit bigint;
begin
  v_reaped := pgfirst.job_reap(now => v_now);

  v_dead := pgfirst_private.job_dead_purge(now => v_now, max_rows => v_batch);

  v_results := pgfirst_private.job_result_purge(now => v_now, max_rows => v_batch);

  v_archive := pgfirst_private.archive_maintain(v_now, v_batch);

  foreach v_fn in array array['cache_cleanup', 'session_cleanup', 'rate_limit_cleanup'] loop
    if pg_catalog.to_regprocedure('pgfirst.' || v_fn || '(integer, timestamp with time zone)') is null then
      v_missing := v_missing || v_fn;
      continue;
    end if;
    execute pg_catalog.format('select %I.%I(max_rows => $1, now => $2)', 'pgfirst', v_fn)
       into v_n using v_batch, v_now;
    v_cleanup := v_cleanup || pg_catalog.jsonb_build_object(v_fn, v_n);
  end loop;

  with x as (
    select m.ctid from pgfirst_private.maintenance_run m
     where m.at < v_now - interval '1 day' limit v_batch
  )
  delete from pgfirst_private.maintenance_run m using x where m.ctid = x.ctid;
  get diagnostics v_log = row_count;

  -- admin audit retention (audit.keep), bounded like every cleanup
  with x as (
    select a.id from pgfirst_private.admin_audit a
     where a.at < v_now - pgfirst_private.setting_interval('audit.keep')
     order by a.at limit v_batch
  )
  delete from pgfirst_private.admin_audit a using x where a.id = x.id;
  get diagnostics v_audit = row_count;

  v_result := pg_catalog.jsonb_build_object(
    'at', v_now,
    'jobs_reaped', v_reaped,
    'dead_purged', v_dead,
    'results_purged', v_results,
    'archive', v_archive,
    'cleanup', v_cleanup,
    'not_installed', pg_catalog.to_jsonb(v_missing),
    'log_pruned', v_log,
    'audit_purged', v_audit);
  insert into pgfirst_private.maintenance_run (at, result) values (v_now, v_result);
  return v_result;
end;
$$;

comment on function pgfirst.maintenance(timestamptz) is
  'Runs every installed module''s bounded cleanup (job reaping, dead-letter and job-result retention, archive partitions ahead and retention, cache/session/rate-limit cleanups when installed) and returns what it did as jsonb. Safe from several processes at once; installed as the schedule pgfirst.maintenance (every minute).';
revoke all on function pgfirst.maintenance(timestamptz) from public;
grant execute on function pgfirst.maintenance(timestamptz) to pgfirst_worker, pgfirst_admin;
