begin;
select plan(6);

select pgfirst.cache_set_many(namespace => 'ns', entries => '{"s": "abc", "f": 1.5, "o": {"a": 1}, "big": 9223372036854775807}');
select throws_ok($$ select pgfirst.cache_incr(namespace => 'ns', key => 's') $$, 'PF106', null, 'a non-numeric string is rejected');
select throws_ok($$ select pgfirst.cache_incr(namespace => 'ns', key => 'f') $$, 'PF106', null, 'a fractional number is rejected');
select throws_ok($$ select pgfirst.cache_incr(namespace => 'ns', key => 'o') $$, 'PF106', null, 'an object is rejected');
select throws_ok($$ select pgfirst.cache_incr(namespace => 'ns', key => 'big') $$, 'PF107', null, 'an increment past the bigint range is rejected');
select throws_ok($$ select pgfirst.cache_incr(namespace => 'ns', key => 'n', delta => null) $$, 'PF106', null, 'a null delta is rejected');
select is(pgfirst.cache_get(namespace => 'ns', key => 's'), '"abc"'::jsonb, 'a rejected increment leaves the value unchanged');

select * from finish();
rollback;
