-- The public API contract. Every module appends its objects to the registry below; the
-- assertions after it fail (listing the offenders) when the database and the registry
-- disagree, or when an object breaks the security rules of DESIGN.md §2:
--   * schema pgfirst holds exactly the registered functions and views (no tables);
--   * every pgfirst function and view has a COMMENT;
--   * every function in pgfirst and pgfirst_private pins a safe search_path
--     (only pg_catalog / pg_temp), except the inlinable `language sql` helpers listed in
--     `search_path_exempt` below — and a SECURITY DEFINER function is never exempt;
--   * nothing in pgfirst is executable/readable by PUBLIC;
--   * each object is executable (views: selectable) by exactly its registered roles and
--     the roles that are members of them. Role membership decides "lower": pgfirst_worker
--     and pgfirst_admin are members of pgfirst_app, so an app function is also callable
--     by worker and admin, while a worker function must NOT be callable by pgfirst_app.
--     Worker and admin are siblings, not ranks: neither inherits the other, so a function
--     meant for both lists both ('pgfirst_worker,pgfirst_admin');
--   * no pgfirst role can use schema pgfirst_private or has any privilege on its tables,
--     sequences or functions; PUBLIC cannot execute its functions.
begin;
select plan(21);

-- ==== registry ====================================================================
-- One row per function signature (argument types as pg_catalog.oidvectortypes prints
-- them, e.g. 'timestamp with time zone') or view; roles: comma-separated pgfirst roles.
create temp table api_registry (signature text primary key, roles text not null) on commit drop;
insert into api_registry (signature, roles) values
  -- core
  ('pgfirst.version()',                                  'pgfirst_app'),
  ('pgfirst.setting_get(text)',                          'pgfirst_app'),
  ('pgfirst.setting_set(text, jsonb)',                   'pgfirst_admin'),
  ('pgfirst.health(timestamp with time zone)',           'pgfirst_worker,pgfirst_admin'),
  ('pgfirst.settings',                                   'pgfirst_app'),
  -- sessions
  ('pgfirst.session_create(text, jsonb, text, interval, interval, timestamp with time zone)', 'pgfirst_app'),
  ('pgfirst.session_put(text, text, jsonb, text, interval, interval, timestamp with time zone)', 'pgfirst_app'),
  ('pgfirst.session_get(text, timestamp with time zone)', 'pgfirst_app'),
  ('pgfirst.session_set(text, jsonb, timestamp with time zone)', 'pgfirst_app'),
  ('pgfirst.session_patch(text, jsonb, timestamp with time zone)', 'pgfirst_app'),
  ('pgfirst.session_rotate(text, timestamp with time zone)', 'pgfirst_app'),
  ('pgfirst.session_destroy(text)', 'pgfirst_app'),
  ('pgfirst.session_destroy_user(text, text, text)', 'pgfirst_app'),
  ('pgfirst.session_list(text, text, timestamp with time zone)', 'pgfirst_app'),
  ('pgfirst.session_count(text, timestamp with time zone)', 'pgfirst_app'),
  ('pgfirst.session_all(text, integer, timestamp with time zone)', 'pgfirst_admin'),
  ('pgfirst.session_clear(text)', 'pgfirst_admin'),
  ('pgfirst.session_cleanup(integer, timestamp with time zone)', 'pgfirst_worker,pgfirst_admin'),
  -- rate limits and login throttling
  ('pgfirst.rate_limit_hit(text, integer, interval, integer, text, timestamp with time zone)', 'pgfirst_app'),
  ('pgfirst.rate_limit_peek(text, integer, interval, text, timestamp with time zone)', 'pgfirst_app'),
  ('pgfirst.rate_limit_reset(text, text)', 'pgfirst_app'),
  ('pgfirst.rate_limit_cleanup(integer, timestamp with time zone)', 'pgfirst_worker,pgfirst_admin'),
  ('pgfirst.login_attempt(text, inet, text, timestamp with time zone)', 'pgfirst_app'),
  ('pgfirst.login_succeeded(text, inet, text)', 'pgfirst_app'),
  ('pgfirst.login_unlock(text, text)', 'pgfirst_admin'),
  -- jobs and queues
  ('pgfirst.job_listen_channel()',                      'pgfirst_worker,pgfirst_admin'),
  ('pgfirst.job_enqueue(text, jsonb, text, timestamp with time zone, integer, integer, text, text, text, timestamp with time zone, bigint[], text, text, text, interval, interval)', 'pgfirst_app'),
  ('pgfirst.job_enqueue_many(jsonb)',                    'pgfirst_app'),
  ('pgfirst.job_get(bigint)',                            'pgfirst_app'),
  ('pgfirst.job_result(bigint)',                         'pgfirst_app'),
  ('pgfirst.job_result_channel()',                       'pgfirst_app'),
  ('pgfirst.workflow_enqueue(jsonb, text, text, timestamp with time zone)', 'pgfirst_app'),
  ('pgfirst.workflow_status(bigint)',                    'pgfirst_app'),
  ('pgfirst.job_cancel(bigint)',                         'pgfirst_app'),
  ('pgfirst.job_claim(text, text[], integer, interval, timestamp with time zone)', 'pgfirst_worker'),
  ('pgfirst.job_heartbeat(text, interval, timestamp with time zone)', 'pgfirst_worker'),
  ('pgfirst.job_complete(bigint[], text, timestamp with time zone, integer[], jsonb[])', 'pgfirst_worker'),
  ('pgfirst.job_fail(bigint, text, text, interval, timestamp with time zone, integer)', 'pgfirst_worker'),
  ('pgfirst.job_release(bigint[], text, timestamp with time zone)', 'pgfirst_worker'),
  ('pgfirst.job_reap(timestamp with time zone)',         'pgfirst_worker'),
  ('pgfirst.job_retry(bigint, timestamp with time zone)', 'pgfirst_admin'),
  -- queue_configure gained keep_finished (job archive, schedules module)
  -- and key_concurrency, fair, rate_limit, rate_period (issue 15)
  ('pgfirst.queue_configure(text, integer, boolean, interval, integer, boolean, integer, interval)', 'pgfirst_admin'),
  ('pgfirst.job_progress(bigint, text, jsonb)',           'pgfirst_worker'),
  ('pgfirst.queue_stats()',                              'pgfirst_worker,pgfirst_admin'),
  -- cache
  ('pgfirst.cache_set(text, text, jsonb, interval, text, timestamp with time zone)',     'pgfirst_app'),
  ('pgfirst.cache_get(text, text, text, timestamp with time zone)',                      'pgfirst_app'),
  ('pgfirst.cache_get_many(text, text[], text, timestamp with time zone)',               'pgfirst_app'),
  ('pgfirst.cache_set_many(text, jsonb, interval, text, timestamp with time zone)',      'pgfirst_app'),
  ('pgfirst.cache_add(text, text, jsonb, interval, text, timestamp with time zone)',     'pgfirst_app'),
  ('pgfirst.cache_delete(text, text, text)',                                             'pgfirst_app'),
  ('pgfirst.cache_delete_many(text, text[], text)',                                      'pgfirst_app'),
  ('pgfirst.cache_incr(text, text, bigint, interval, text, timestamp with time zone)',   'pgfirst_app'),
  ('pgfirst.cache_touch(text, text, interval, text, timestamp with time zone)',          'pgfirst_app'),
  ('pgfirst.cache_clear(text, text)',                                                    'pgfirst_app'),
  ('pgfirst.cache_lease(text, text, interval, text, timestamp with time zone)',          'pgfirst_app'),
  ('pgfirst.cache_configure(text, interval, bigint, interval)',                          'pgfirst_admin'),
  ('pgfirst.cache_cleanup(integer, timestamp with time zone)',                           'pgfirst_worker,pgfirst_admin'),
  ('pgfirst.cleanup_select2_cache()',                                                    'pgfirst_worker,pgfirst_admin'),
  ('pgfirst.cache_stats()',                                                              'pgfirst_admin'),
  -- schedules, maintenance, stats (health is listed under core)
  ('pgfirst.cron_next(text, timestamp with time zone, text)', 'pgfirst_app'),
  ('pgfirst.schedule_set(text, text, text, interval, jsonb, text, text, text, boolean, text, timestamp with time zone)', 'pgfirst_admin'),
  ('pgfirst.schedule_delete(text)',                      'pgfirst_admin'),
  ('pgfirst.schedule_next(text, timestamp with time zone)', 'pgfirst_app'),
  ('pgfirst.schedule_tick(timestamp with time zone)',    'pgfirst_worker'),
  ('pgfirst.maintenance(timestamp with time zone)',      'pgfirst_worker,pgfirst_admin'),
  ('pgfirst.stats()',                                    'pgfirst_worker,pgfirst_admin'),
  ('pgfirst.schedules',                                  'pgfirst_app'),
  -- dropdowns
  ('pgfirst.dropdown_define(text, text, regclass[], interval, interval, text)', 'pgfirst_admin'),
  ('pgfirst.dropdown_search(text, text, text, integer, integer, text)', 'pgfirst_app'),
  ('pgfirst.dropdown_lookup(text, text, text[])',        'pgfirst_app'),
  ('pgfirst.dropdown_refresh(text)',                     'pgfirst_worker,pgfirst_admin'),
  ('pgfirst.refresh_all_dropdown_mvs()',                 'pgfirst_worker,pgfirst_admin'),
  ('pgfirst.refresh_materialized_views()',               'pgfirst_worker,pgfirst_admin'),
  ('pgfirst.dropdown_drop(text)',                        'pgfirst_admin'),
  ('pgfirst.dropdown_status',                            'pgfirst_admin'),
  -- operations dashboard (issue 14): reads for workers and admins, actions for admins
  ('pgfirst.job_list(text, text, text, text, timestamp with time zone, timestamp with time zone, bigint, integer)', 'pgfirst_worker,pgfirst_admin'),
  ('pgfirst.job_detail(bigint)',                         'pgfirst_worker,pgfirst_admin'),
  ('pgfirst.queue_throughput(interval, interval, text)', 'pgfirst_worker,pgfirst_admin'),
  ('pgfirst.queue_pause(text)',                          'pgfirst_admin'),
  ('pgfirst.queue_resume(text)',                         'pgfirst_admin'),
  ('pgfirst.job_retry_many(text, text, text, text, timestamp with time zone, timestamp with time zone, integer)', 'pgfirst_admin'),
  ('pgfirst.job_cancel_many(text, text, text, text, timestamp with time zone, timestamp with time zone, integer)', 'pgfirst_admin'),
  ('pgfirst.schedule_enable(text)',                      'pgfirst_admin'),
  ('pgfirst.schedule_disable(text)',                     'pgfirst_admin'),
  ('pgfirst.schedule_run_now(text)',                     'pgfirst_admin'),
  ('pgfirst.login_lockouts(text, integer)',              'pgfirst_admin'),
  ('pgfirst.login_unlock_subject(text, text, text)',     'pgfirst_admin'),
  ('pgfirst.dropdown_refresh_now(text)',                 'pgfirst_admin'),
  ('pgfirst.dashboard_overview()',                       'pgfirst_worker,pgfirst_admin'),
  ('pgfirst.audit_log(bigint, integer)',                 'pgfirst_admin')
  -- modules append their rows here: ('pgfirst.cache_get(text, text)', 'pgfirst_app'), …
;

-- Hot `language sql` helpers that must stay inlinable (a SET clause prevents inlining).
-- Each needs a reason; SECURITY DEFINER functions can never be listed here.
create temp table search_path_exempt (signature text primary key, reason text not null) on commit drop;
-- insert into search_path_exempt values ('pgfirst_private.example(text)', 'inlined into …');
insert into search_path_exempt values
  ('pgfirst_private.cache_address_ok(text, text, text)', 'cache: the address rules, inlined into cache_get / cache_lease / cache_write; names no object'),
  ('pgfirst_private.arg_limits()', 'bounds: a row of constants the planner folds into every caller; names only its own type, schema-qualified'),
  ('pgfirst_private.arg_time_ok(timestamp with time zone)', 'bounds: the finite-timestamp rule, inlined into the hot paths; names only arg_limits, schema-qualified'),
  ('pgfirst_private.hot_cache_stats_sample_rate()', 'cache: setting cache.stats_sample_rate as a constant folded into cache_get / cache_get_many; generated, names only pg_catalog'),
  ('pgfirst_private.hot_session_touch_interval()', 'sessions: setting session.touch_interval as a constant folded into session_get; generated, names only pg_catalog');

-- ==== catalog views used below =====================================================
create temp view api_roles (role) as
  values ('pgfirst_app'::name), ('pgfirst_worker'::name), ('pgfirst_admin'::name);

create temp view api_functions as
  select p.oid,
         pg_catalog.format('%s.%s(%s)', n.nspname, p.proname, pg_catalog.oidvectortypes(p.proargtypes)) as signature,
         n.nspname as schema,
         p.prosecdef as security_definer,
         l.lanname as language,
         p.proconfig,
         coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner)) as acl
    from pg_catalog.pg_proc p
    join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    join pg_catalog.pg_language l on l.oid = p.prolang
   where n.nspname in ('pgfirst', 'pgfirst_private')
     and not exists (select from pg_catalog.pg_depend d
                      where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e');

create temp view api_relations as
  select c.oid, n.nspname || '.' || c.relname as signature, n.nspname as schema, c.relkind,
         coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner)) as acl
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
   where n.nspname in ('pgfirst', 'pgfirst_private')
     and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f');

-- registered roles, expanded to every pgfirst role that inherits them
create temp view api_expected_roles as
  select r.signature, ar.role
    from api_registry r
   cross join api_roles ar
   where exists (select from pg_catalog.unnest(pg_catalog.string_to_array(r.roles, ',')) g(role)
                  where pg_catalog.btrim(g.role) in (select role from api_roles)
                    and pg_catalog.pg_has_role(ar.role, pg_catalog.btrim(g.role)::name, 'MEMBER'));

-- ==== the registry matches the database ============================================
select set_eq(
  $$ select signature from api_functions where schema = 'pgfirst' $$,
  $$ select signature from api_registry where signature like '%(%' $$,
  'schema pgfirst has exactly the registered functions (register new ones in 00-api-surface.test.sql)'
);

select set_eq(
  $$ select signature from api_relations where schema = 'pgfirst' and relkind in ('v', 'm') $$,
  $$ select signature from api_registry where signature not like '%(%' $$,
  'schema pgfirst has exactly the registered views'
);

select is(
  array(select signature || ' (relkind ' || relkind::text || ')' from api_relations
         where schema = 'pgfirst' and relkind not in ('v', 'm') order by 1),
  '{}'::text[],
  'schema pgfirst holds no tables, sequences or foreign tables (they belong in pgfirst_private)'
);

select is(
  array(select r.signature || ': ' || g.role
          from api_registry r
         cross join pg_catalog.unnest(pg_catalog.string_to_array(r.roles, ',')) g(role)
         where pg_catalog.btrim(g.role) not in (select role from api_roles)
         order by 1),
  '{}'::text[],
  'every registered role is pgfirst_app, pgfirst_worker or pgfirst_admin'
);

-- ==== comments and search_path =======================================================
select is(
  array(select signature from api_functions f
         where schema = 'pgfirst' and pg_catalog.obj_description(f.oid, 'pg_proc') is null order by 1),
  '{}'::text[],
  'every pgfirst function has a COMMENT'
);

select is(
  array(select signature from api_relations c
         where schema = 'pgfirst' and relkind in ('v', 'm')
           and pg_catalog.obj_description(c.oid, 'pg_class') is null order by 1),
  '{}'::text[],
  'every pgfirst view has a COMMENT'
);

-- safe: a search_path setting whose entries are only pg_catalog, pg_temp (or empty)
create temp view api_search_path as
  select f.signature, f.security_definer, f.language,
         exists (select from pg_catalog.unnest(f.proconfig) c(setting)
                  where c.setting like 'search_path=%'
                    and pg_catalog.regexp_replace(
                          pg_catalog.regexp_replace(pg_catalog.substr(c.setting, 13), '"', '', 'g'),
                          '(^|,)\s*(pg_catalog|pg_temp)?\s*(?=,|$)', '', 'g') = '') as pinned,
         pg_catalog.array_to_string(f.proconfig, ' ') as config
    from api_functions f;

select is(
  array(select signature || coalesce(' [' || config || ']', ' [no SET]') from api_search_path
         where not pinned and signature not in (select signature from search_path_exempt) order by 1),
  '{}'::text[],
  'every pgfirst and pgfirst_private function pins search_path to pg_catalog, pg_temp'
);

select is(
  array(select e.signature || coalesce(' (' || s.language || case when s.security_definer then ', security definer' else '' end || ')', ' (no such function)')
          from search_path_exempt e
          left join api_search_path s using (signature)
         where s.signature is null or s.language <> 'sql' or s.security_definer
         order by 1),
  '{}'::text[],
  'search_path exemptions are existing language sql, security invoker helpers only'
);

select is(
  array(select signature from api_search_path where security_definer and not pinned order by 1),
  '{}'::text[],
  'every SECURITY DEFINER function pins search_path'
);

-- ==== privileges on the API =========================================================
select is(
  array(select f.signature from api_functions f
         where exists (select from pg_catalog.aclexplode(f.acl) a where a.grantee = 0)
         order by 1),
  '{}'::text[],
  'no pgfirst or pgfirst_private function is executable by PUBLIC'
);

select is(
  array(select e.signature || ': ' || e.role
          from api_expected_roles e
          join api_functions f using (signature)
         where not pg_catalog.has_function_privilege(e.role, f.oid, 'EXECUTE')
         order by 1),
  '{}'::text[],
  'every pgfirst function is executable by its registered roles'
);

select is(
  array(select f.signature || ': ' || ar.role
          from api_functions f
         cross join api_roles ar
         where f.schema = 'pgfirst'
           and f.signature in (select signature from api_registry)
           and pg_catalog.has_function_privilege(ar.role, f.oid, 'EXECUTE')
           and (f.signature, ar.role) not in (select signature, role from api_expected_roles)
         order by 1),
  '{}'::text[],
  'no pgfirst function is executable by a role it is not registered for (app < worker, app < admin)'
);

select is(
  array(select c.signature from api_relations c
         where c.schema = 'pgfirst' and exists (select from pg_catalog.aclexplode(c.acl) a where a.grantee = 0)
         order by 1),
  '{}'::text[],
  'no pgfirst view is readable by PUBLIC'
);

select is(
  array(select e.signature || ': ' || e.role
          from api_expected_roles e
          join api_relations c using (signature)
         where not pg_catalog.has_table_privilege(e.role, c.oid, 'SELECT')
         order by 1),
  '{}'::text[],
  'every pgfirst view is readable by its registered roles'
);

select is(
  array(select c.signature || ': ' || ar.role
          from api_relations c
         cross join api_roles ar
         where c.schema = 'pgfirst'
           and c.signature in (select signature from api_registry)
           and pg_catalog.has_table_privilege(ar.role, c.oid, 'SELECT')
           and (c.signature, ar.role) not in (select signature, role from api_expected_roles)
         order by 1),
  '{}'::text[],
  'no pgfirst view is readable by a role it is not registered for'
);

select is(
  array(select c.signature || ': ' || ar.role
          from api_relations c
         cross join api_roles ar
         where c.schema = 'pgfirst'
           and pg_catalog.has_table_privilege(ar.role, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
         order by 1),
  '{}'::text[],
  'no pgfirst role can write to a pgfirst view (writes go through functions)'
);

select is(
  array(select pg_catalog.format('%s: %s', coalesce(r.rolname, 'PUBLIC'), a.privilege_type)
          from pg_catalog.pg_namespace n
         cross join pg_catalog.aclexplode(coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner))) a
          left join pg_catalog.pg_roles r on r.oid = a.grantee
         where n.nspname = 'pgfirst'
           and (a.grantee = 0 or (a.privilege_type = 'CREATE' and a.grantee <> n.nspowner))
         order by 1),
  '{}'::text[],
  'schema pgfirst: no privilege for PUBLIC and no CREATE for anyone but its owner'
);

-- ==== pgfirst_private is unreachable ================================================
select is(
  array(select ar.role || ': ' || priv
          from api_roles ar
         cross join (values ('USAGE'), ('CREATE')) p(priv)
         where pg_catalog.has_schema_privilege(ar.role, 'pgfirst_private', priv)
         order by 1),
  '{}'::text[],
  'no pgfirst role can use or create in schema pgfirst_private'
);

select is(
  array(select c.signature || ': ' || ar.role
          from api_relations c
         cross join api_roles ar
         where c.schema = 'pgfirst_private'
           and c.relkind <> 'S'
           and pg_catalog.has_table_privilege(ar.role, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
         order by 1),
  '{}'::text[],
  'no pgfirst role has any privilege on a pgfirst_private table or view'
);

select is(
  array(select c.signature || ': ' || ar.role
          from api_relations c
         cross join api_roles ar
         where c.schema = 'pgfirst_private'
           and c.relkind = 'S'
           and pg_catalog.has_sequence_privilege(ar.role, c.oid, 'USAGE, SELECT, UPDATE')
         order by 1),
  '{}'::text[],
  'no pgfirst role has any privilege on a pgfirst_private sequence'
);

select is(
  array(select f.signature || ': ' || ar.role
          from api_functions f
         cross join api_roles ar
         where f.schema = 'pgfirst_private'
           and pg_catalog.has_function_privilege(ar.role, f.oid, 'EXECUTE')
         order by 1),
  '{}'::text[],
  'no pgfirst role can execute a pgfirst_private function'
);

select * from finish();
rollback;
