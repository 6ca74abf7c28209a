begin;
select plan(4);

select results_eq($$ select allowed, remaining, retry_after, reset_after from pgfirst.rate_limit_peek('k', 2, '1 minute', now => '2030-01-01 00:00:00+00') $$,
  $$ values (true, 2, null::interval, interval '0') $$, 'an unknown key has the full burst');
select count(*) from (select pgfirst.rate_limit_hit('k', 2, '1 minute', now => '2030-01-01 00:00:00+00') as h from generate_series(1, 2) i) s where (h).allowed;
select results_eq($$ select allowed, remaining, retry_after from pgfirst.rate_limit_peek('k', 2, '1 minute', now => '2030-01-01 00:00:10+00') $$,
  $$ values (false, 0, interval '20 seconds') $$, 'peek reports the empty bucket and the wait');
select is((select count(*)::int from (select pgfirst.rate_limit_peek('k', 2, '1 minute', now => '2030-01-01 00:00:30+00') as h from generate_series(1, 10) i) s where (h).allowed), 10,
  'peeking repeatedly consumes nothing');
select is((select count(*)::int from pgfirst.rate_limit_hit('k', 2, '1 minute', now => '2030-01-01 00:00:30+00') h where h.allowed), 1,
  'the hit that peek announced is there');

select * from finish();
rollback;
