begin;
select plan(8);

select throws_ok($$ select * from pgfirst.job_list(state => 'finished') $$, 'PF417', null, 'an unknown state');
select throws_ok($$ select * from pgfirst.job_list(page_size => 0) $$, 'PF418', null, 'page_size 0');
select throws_ok($$ select * from pgfirst.job_list(page_size => 1001) $$, 'PF418', null, 'page_size over 1000');
select throws_ok($$ select * from pgfirst.job_list(page_size => null) $$, 'PF418', null, 'page_size null');
select throws_ok($$ select * from pgfirst.job_list(queue => repeat('q', 201)) $$, 'PF420', null, 'a queue filter over 200 bytes');
select throws_ok($$ select * from pgfirst.job_list(tenant => repeat('t', 257)) $$, 'PF420', null, 'a tenant filter over 256 bytes');
select throws_ok($$ select * from pgfirst.job_list(since => '-infinity') $$, 'PF006', null, 'an infinite since');
-- values are bound, never interpolated: a quote in a filter is just a value
select is((select count(*) from pgfirst.job_list(queue => $q$x' or true --$q$, task => $q$'); drop table pgfirst_private.job; --$q$)), 0::bigint,
  'filters are values, not SQL');

select * from finish();
rollback;
