begin;
select plan(4);

-- 1500 per second: the emission interval is 666.67 µs, stored rounded to 666 µs. Rounding
-- must not make room for a 1501st hit in the burst (1501 × 666 µs < 1 s).
select is((select count(*)::int
             from (select pgfirst.rate_limit_hit('k1500', 1500, '1 second', now => '2030-01-01 00:00:00+00') as h
                     from generate_series(1, 1501) i) s
            where (h).allowed),
  1500, 'a burst of 1501 hits at 1500 per second lets exactly 1500 through');
-- 7 per 10 µs: 1 µs per hit once rounded; 10 would fit a naive "within per" check
select is((select count(*)::int
             from (select pgfirst.rate_limit_hit('k7', 7, '10 microseconds', now => '2030-01-01 00:00:00+00') as h
                     from generate_series(1, 10) i) s
            where (h).allowed),
  7, 'a burst at 7 per 10 microseconds lets exactly 7 through');
select is((select count(*)::int
             from (select pgfirst.rate_limit_hit('k3', 3, '1 second', cost => c, now => '2030-01-01 00:00:00+00') as h
                     from unnest(array[2, 1, 1]) with ordinality u(c, i) order by i) s
            where (h).allowed),
  2, 'weighted hits share the same budget: cost 2 then 1 fill 3 per second, a further hit is denied');
select throws_ok($$ select * from pgfirst.rate_limit_hit('k', 2000000, '1 second') $$, 'PF303', null,
  'a rate above one hit per microsecond is rejected instead of letting every hit through');

select * from finish();
rollback;
