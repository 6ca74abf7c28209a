begin;
select plan(5);

select pgfirst.cache_set(namespace => 'a', key => 'k', value => '"a/t1"', tenant => 't1');
select pgfirst.cache_set(namespace => 'a', key => 'k', value => '"a/t2"', tenant => 't2');
select pgfirst.cache_set(namespace => 'b', key => 'k', value => '"b/t1"', tenant => 't1');

select is(pgfirst.cache_get(namespace => 'a', key => 'k', tenant => 't1'), '"a/t1"'::jsonb, 'tenant t1 sees its own value in namespace a');
select is(pgfirst.cache_get(namespace => 'a', key => 'k', tenant => 't2'), '"a/t2"'::jsonb, 'tenant t2 sees its own value for the same key');
select is(pgfirst.cache_get(namespace => 'b', key => 'k', tenant => 't1'), '"b/t1"'::jsonb, 'namespace b is separate from namespace a');
select is(pgfirst.cache_get(namespace => 'a', key => 'k'), null, 'the default tenant '''' sees none of them');
select is(pgfirst.cache_get(namespace => 'c', key => 'k', tenant => 't1'), null, 'another namespace sees none of them');

select * from finish();
rollback;
