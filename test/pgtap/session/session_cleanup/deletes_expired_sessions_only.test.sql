begin;
select plan(5);

-- 3 live, 2 idle-expired, 1 destroyed (tombstone, absolute expiry still ahead)
select pgfirst.session_create(user_id => 'live', idle_timeout => '1 hour', now => '2030-01-01 00:00:00+00') from generate_series(1, 3);
select pgfirst.session_create(user_id => 'idle', idle_timeout => '10 minutes', now => '2030-01-01 00:00:00+00') from generate_series(1, 2);
select pgfirst.session_destroy(pgfirst.session_create(user_id => 'gone', idle_timeout => '10 minutes', absolute_timeout => '1 day', now => '2030-01-01 00:00:00+00'));

select is(pgfirst.session_cleanup(max_rows => 1, now => '2030-01-01 00:30:00+00'), 1::bigint, 'max_rows bounds one run');
select is(pgfirst.session_cleanup(now => '2030-01-01 00:30:00+00'), 1::bigint, 'the next run takes the remaining expired session');
select is((select count(*)::int from pgfirst_private.session), 4, 'live sessions and the tombstone remain');
select is(pgfirst.session_cleanup(now => '2030-01-02 00:00:01+00'), 4::bigint, 'after the absolute expiry everything goes');
select throws_ok($$ select pgfirst.session_cleanup(max_rows => 0) $$, 'PF208', null, 'max_rows below 1 is rejected');

select * from finish();
rollback;
