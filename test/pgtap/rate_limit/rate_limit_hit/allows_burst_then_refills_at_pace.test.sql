begin;
select plan(7);

-- 5 per 10 s: emission interval 2 s
select results_eq(
  $$ select (h).allowed, (h).remaining
       from (select i, pgfirst.rate_limit_hit('api:u1', 5, '10 seconds', now => '2030-01-01 00:00:00+00') as h
               from generate_series(1, 6) i) s
      order by i $$,
  $$ values (true, 4), (true, 3), (true, 2), (true, 1), (true, 0), (false, 0) $$,
  'exactly max_hits are allowed at once, the next is denied');
select is((select retry_after from pgfirst.rate_limit_hit('api:u1', 5, '10 seconds', now => '2030-01-01 00:00:01+00')),
  interval '1 second', 'a denied hit says when one hit will fit (one emission interval after the burst)');
select is((select allowed from pgfirst.rate_limit_hit('api:u1', 5, '10 seconds', now => '2030-01-01 00:00:01.999999+00')),
  false, 'still denied a microsecond early');
select results_eq(
  $$ select allowed, remaining, reset_after from pgfirst.rate_limit_hit('api:u1', 5, '10 seconds', now => '2030-01-01 00:00:02+00') $$,
  $$ values (true, 0, interval '10 seconds') $$, 'one hit refills every 2 seconds');
select is((select allowed from pgfirst.rate_limit_hit('api:u1', 5, '10 seconds', now => '2030-01-01 00:00:03+00')),
  false, 'and not faster');
select is((select count(*)::int from (select pgfirst.rate_limit_hit('api:u1', 5, '10 seconds', now => '2030-01-01 00:00:12+00') as h from generate_series(1, 6) i) s where (h).allowed),
  5, 'after a full period of silence the whole burst (and no more) is back');
select is((select allowed from pgfirst.rate_limit_hit('api:u2', 5, '10 seconds', now => '2030-01-01 00:00:12+00')),
  true, 'keys are independent');

select * from finish();
rollback;
