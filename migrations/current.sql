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
-- <<< sec-bounds
