begin;
select plan(6);

select pgfirst.setting_set('session.touch_interval', '"5 minutes"');
create temp table tok as
  select pgfirst.session_create(user_id => 'u1', now => '2030-01-01 00:00:00+00') as token;
create temp table x0 as select xmin::text::bigint as v from pgfirst_private.session;
-- the xact counters may still hold earlier statements' counts: compare deltas
create temp table c0 as
  select pg_stat_get_xact_tuples_updated('pgfirst_private.session'::regclass) as upd,
         pg_stat_get_xact_tuples_hot_updated('pgfirst_private.session'::regclass) as hot;

select is((select last_seen_at from pgfirst.session_get((select token from tok), now => '2030-01-01 00:04:59+00')),
  '2030-01-01 00:00:00+00'::timestamptz, 'a read within the touch interval reports the old last_seen_at');
select is((select xmin::text::bigint from pgfirst_private.session), (select v from x0),
  'and writes nothing (the row version is unchanged)');
select is((select last_seen_at from pgfirst.session_get((select token from tok), now => '2030-01-01 00:05:00+00')),
  '2030-01-01 00:05:00+00'::timestamptz, 'a read once the interval has passed touches the session');
select is(pg_stat_get_xact_tuples_updated('pgfirst_private.session'::regclass) - (select upd from c0), 1::bigint,
  'exactly one row version was written for the touch');
select is(pg_stat_get_xact_tuples_hot_updated('pgfirst_private.session'::regclass) - (select hot from c0), 1::bigint,
  'and it was a HOT update (no index covers last_seen_at)');
select throws_ok($$ select * from pgfirst.session_get('') $$, 'PF201', null, 'an empty token is rejected');

select * from finish();
rollback;
