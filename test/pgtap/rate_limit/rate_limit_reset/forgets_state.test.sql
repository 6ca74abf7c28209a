begin;
select plan(4);

select count(*) from pgfirst.rate_limit_hit('k', 1, '1 hour', tenant => 't1', now => '2030-01-01 00:00:00+00');
select count(*) from pgfirst.rate_limit_hit('k', 1, '1 hour', tenant => 't2', now => '2030-01-01 00:00:00+00');
select is(pgfirst.rate_limit_reset('k', tenant => 't1'), true, 'reset returns true when there was state');
select is((select allowed from pgfirst.rate_limit_hit('k', 1, '1 hour', tenant => 't1', now => '2030-01-01 00:00:01+00')), true, 'the key has its burst back');
select is((select allowed from pgfirst.rate_limit_hit('k', 1, '1 hour', tenant => 't2', now => '2030-01-01 00:00:01+00')), false, 'the same key in another tenant is untouched');
select is(pgfirst.rate_limit_reset('unknown'), false, 'reset of an unknown key returns false');

select * from finish();
rollback;
