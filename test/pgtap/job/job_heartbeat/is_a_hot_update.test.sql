begin;
select plan(2);

-- Heartbeats rewrite only lease_expires_at, which no index covers: PostgreSQL can apply
-- them as HOT updates (no index maintenance, no index bloat).
select count(*) from pgfirst.job_enqueue_many((select jsonb_agg(jsonb_build_object('task', 't')) from generate_series(1, 5)));
select count(*) from pgfirst.job_claim('w1', max_jobs => 5);
create temp table before as select n_tup_upd, n_tup_hot_upd from pg_stat_xact_user_tables where relid = 'pgfirst_private.job'::regclass;
select count(*) from pgfirst.job_heartbeat('w1', lease => '1 minute');
select is((select s.n_tup_upd - b.n_tup_upd from pg_stat_xact_user_tables s, before b where s.relid = 'pgfirst_private.job'::regclass),
  5::bigint, 'the heartbeat updated 5 rows');
select is((select s.n_tup_hot_upd - b.n_tup_hot_upd from pg_stat_xact_user_tables s, before b where s.relid = 'pgfirst_private.job'::regclass),
  5::bigint, 'all 5 were HOT updates (no indexed column changed)');

select * from finish();
rollback;
