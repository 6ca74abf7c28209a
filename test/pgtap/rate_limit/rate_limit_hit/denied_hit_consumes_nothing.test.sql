begin;
select plan(4);

-- the xact counters may still hold earlier statements' counts: compare deltas
create temp table c0 as
  select pg_stat_get_xact_tuples_inserted('pgfirst_private.rate_limit'::regclass) as ins,
         pg_stat_get_xact_tuples_updated('pgfirst_private.rate_limit'::regclass) as upd,
         pg_stat_get_xact_tuples_hot_updated('pgfirst_private.rate_limit'::regclass) as hot;
select count(*) from (select pgfirst.rate_limit_hit('k', 3, '3 seconds', now => '2030-01-01 00:00:00+00') as h from generate_series(1, 3) i) s where (h).allowed;
create temp table tat0 as select tat from pgfirst_private.rate_limit;
select count(*) from (select pgfirst.rate_limit_hit('k', 3, '3 seconds', now => '2030-01-01 00:00:00.5+00') as h from generate_series(1, 100) i) s where (h).allowed;

select is((select tat from pgfirst_private.rate_limit), (select tat from tat0), '100 denied hits leave the state unchanged');
select results_eq(
  $$ select pg_stat_get_xact_tuples_inserted('pgfirst_private.rate_limit'::regclass) - ins,
            pg_stat_get_xact_tuples_updated('pgfirst_private.rate_limit'::regclass) - upd,
            pg_stat_get_xact_tuples_hot_updated('pgfirst_private.rate_limit'::regclass) - hot from c0 $$,
  $$ values (1::bigint, 2::bigint, 2::bigint) $$,
  'the 3 allowed hits wrote 1 insert and 2 HOT updates; the denied hits wrote nothing');
select is((select allowed from pgfirst.rate_limit_hit('k', 3, '3 seconds', now => '2030-01-01 00:00:01+00')), true,
  'so the refill comes on time despite the hammering');
select is((select allowed from pgfirst.rate_limit_hit('k', 3, '3 seconds', now => '2030-01-01 00:00:01+00')), false,
  'and only one hit''s worth');

select * from finish();
rollback;
