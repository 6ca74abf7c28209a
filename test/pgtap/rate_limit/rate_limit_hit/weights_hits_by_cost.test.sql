begin;
select plan(4);

select results_eq(
  $$ select h.allowed, h.remaining from pgfirst.rate_limit_hit('k', 10, '10 seconds', cost => 7, now => '2030-01-01 00:00:00+00') h $$,
  $$ values (true, 3) $$, 'a hit of cost 7 takes 7 of 10');
select results_eq(
  $$ select h.allowed, h.remaining, h.retry_after from pgfirst.rate_limit_hit('k', 10, '10 seconds', cost => 4, now => '2030-01-01 00:00:00+00') h $$,
  $$ values (false, 3, interval '1 second') $$, 'a hit of cost 4 does not fit into 3 and says when it will');
select is((select allowed from pgfirst.rate_limit_hit('k', 10, '10 seconds', cost => 3, now => '2030-01-01 00:00:00+00')), true,
  'a hit of cost 3 still fits');
select is((select allowed from pgfirst.rate_limit_hit('k', 10, '10 seconds', now => '2030-01-01 00:00:00+00')), false,
  'then the bucket is empty');

select * from finish();
rollback;
