begin;
select plan(9);

select throws_ok($$ select * from pgfirst.rate_limit_hit('', 5, '1 minute') $$, 'PF301', null, 'an empty key is rejected');
select throws_ok($$ select * from pgfirst.rate_limit_hit(null, 5, '1 minute') $$, 'PF301', null, 'a null key is rejected');
select throws_ok($$ select * from pgfirst.rate_limit_hit(repeat('k', 1025), 5, '1 minute') $$, 'PF301', null, 'a key over 1024 bytes is rejected');
select throws_ok($$ select * from pgfirst.rate_limit_hit('k', 5, '1 minute', tenant => null) $$, 'PF301', null, 'a null tenant is rejected');
select throws_ok($$ select * from pgfirst.rate_limit_hit('k', 0, '1 minute') $$, 'PF302', null, 'max_hits below 1 is rejected');
select throws_ok($$ select * from pgfirst.rate_limit_hit('k', 5, '0 seconds') $$, 'PF303', null, 'a zero period is rejected');
select throws_ok($$ select * from pgfirst.rate_limit_hit('k', 5, '-1 minute') $$, 'PF303', null, 'a negative period is rejected');
select throws_ok($$ select * from pgfirst.rate_limit_hit('k', 5, '1 minute', cost => 0) $$, 'PF304', null, 'a cost below 1 is rejected');
select throws_ok($$ select * from pgfirst.rate_limit_hit('k', 5, '1 minute', cost => 6) $$, 'PF305', null, 'a cost above max_hits is rejected');

select * from finish();
rollback;
