begin;
select plan(9);

select pgfirst.queue_configure('q', concurrency => 2, paused => true, keep_finished => '1 day');
select pgfirst.job_enqueue('t', queue => 'q') from pg_catalog.generate_series(1, 3);
select pgfirst.schedule_set('s', 'tick', every => '5 minutes');
select pgfirst.login_attempt('bob') from pg_catalog.generate_series(1, 6);
select pgfirst.session_create('u1');
select pgfirst.cache_set('ns', 'k', '1');

create temp table o on commit drop as select pgfirst.dashboard_overview() as doc;
select ok((select (doc ->> 'server_time')::timestamptz = now() from o), 'server_time');
select is((select doc -> 'queues' -> 0 from o) - 'oldest_pending_age_s',
  '{"queue": "q", "pending": 3, "scheduled": 0, "running": 0, "dead": 0, "paused": true, "concurrency": 2, "keep_finished": "1 day"}'::jsonb,
  'queues: queue_stats with paused, concurrency, keep_finished');
select is((select doc -> 'sessions' ->> 'live' from o), '1', 'sessions');
select is((select doc -> 'cache' ->> 'entries' from o), '1', 'cache');
select is((select doc -> 'lockouts' ->> 'active' from o), '1', 'active lockouts');
select ok((select doc -> 'schedules' @> '[{"name": "s", "enabled": true}]' from o), 'schedules');
select is((select jsonb_typeof(doc -> 'dropdowns') from o), 'array', 'dropdowns');

set local role pgfirst_worker;
select is((select pgfirst.dashboard_overview() -> 'capabilities'), '{"admin": false, "worker": true}'::jsonb, 'a worker is not an admin');
reset role;
set local role pgfirst_admin;
select is((select pgfirst.dashboard_overview() -> 'capabilities'), '{"admin": true, "worker": false}'::jsonb, 'an admin is');
reset role;

select * from finish();
rollback;
