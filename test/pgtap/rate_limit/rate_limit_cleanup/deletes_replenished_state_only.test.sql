begin;
select plan(5);

select count(*) from (select pgfirst.rate_limit_hit('k' || i, 1, i * interval '1 minute', now => '2030-01-01 00:00:00+00') as h from generate_series(1, 3) i) s where (h).allowed;
select count(*) from pgfirst.login_attempt('alice', now => '2030-01-01 00:00:00+00');

select is(pgfirst.rate_limit_cleanup(now => '2030-01-01 00:02:00+00'), 2::bigint, 'keys whose tat has passed are deleted');
select is((select array_agg(key) from pgfirst_private.rate_limit), array['k3'], 'a key still refilling stays');
select is(pgfirst.rate_limit_cleanup(now => '2030-01-01 00:14:59+00'), 1::bigint, 'the last key goes once replenished, the login counter inside its window stays');
select is(pgfirst.rate_limit_cleanup(max_rows => 1, now => '2030-01-01 00:15:00+00'), 1::bigint, 'max_rows bounds one run');
select throws_ok($$ select pgfirst.rate_limit_cleanup(max_rows => 0) $$, 'PF307', null, 'max_rows below 1 is rejected');

select * from finish();
rollback;
