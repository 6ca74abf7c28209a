begin;
select plan(3);

select throws_ok($$ select pgfirst.cache_cleanup(max_rows => 0) $$, 'PF111', null, 'a max_rows of 0 is rejected');
select throws_ok($$ select pgfirst.cache_cleanup(max_rows => -5) $$, 'PF111', null, 'a negative max_rows is rejected');
select throws_ok($$ select pgfirst.cache_cleanup(max_rows => null) $$, 'PF111', null, 'a null max_rows is rejected');

select * from finish();
rollback;
