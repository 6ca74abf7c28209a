begin;
select plan(4);

select pgfirst.setting_set('login.lockout', '"10 minutes"');
select pgfirst.setting_set('login.window', '"1 minute"');
select pgfirst.setting_set('login.lockout_max', '"30 minutes"');
-- five failures one second apart starting at t; returns the lock the fifth one sets
create function pg_temp.five_failures(t timestamptz) returns timestamptz language sql as $$
  select max((a).locked_until)
    from (select pgfirst.login_attempt('alice', now => t + (i - 1) * interval '1 second') as a
            from generate_series(1, 5) i) s
$$;

select is(pg_temp.five_failures('2030-01-01 00:00:00+00'), '2030-01-01 00:10:04+00'::timestamptz, 'first lockout: 10 minutes');
select is(pg_temp.five_failures('2030-01-01 00:11:00+00'), '2030-01-01 00:31:04+00'::timestamptz, 'second lockout: twice as long');
select is(pg_temp.five_failures('2030-01-01 00:32:00+00'), '2030-01-01 01:02:04+00'::timestamptz,
  'third lockout: capped at login.lockout_max (30 minutes, not 40)');
select is(pg_temp.five_failures('2030-01-03 00:00:00+00'), '2030-01-03 00:10:04+00'::timestamptz,
  'after login.escalation_reset without failures the lockout starts small again');

select * from finish();
rollback;
