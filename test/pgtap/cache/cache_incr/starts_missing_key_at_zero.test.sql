begin;
select plan(5);

select is(pgfirst.cache_incr(namespace => 'ns', key => 'n'), 1::bigint, 'a missing key starts at 0 and becomes 1');
select is(pgfirst.cache_incr(namespace => 'ns', key => 'n', delta => 10), 11::bigint, 'delta is added');
select is(pgfirst.cache_incr(namespace => 'ns', key => 'n', delta => -20), -9::bigint, 'a negative delta decrements below zero');
select is(pgfirst.cache_get(namespace => 'ns', key => 'n'), '-9'::jsonb, 'the counter is stored as a JSON integer');
select pgfirst.cache_set(namespace => 'ns', key => 's', value => '"41"');
select is(pgfirst.cache_incr(namespace => 'ns', key => 's'), 42::bigint, 'a JSON string holding an integer is incremented (like Redis)');

select * from finish();
rollback;
