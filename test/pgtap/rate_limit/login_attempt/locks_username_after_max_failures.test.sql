begin;
select plan(6);

-- defaults: 5 per 15 minutes, first lockout 15 minutes
select results_eq(
  $$ select (a).allowed, (a).failures, (a).locked_until
       from (select i, pgfirst.login_attempt('alice', now => '2030-01-01 00:00:00+00'::timestamptz + i * interval '1 minute') as a
               from generate_series(1, 6) i) s order by i $$,
  $$ values (true, 1, null::timestamptz), (true, 2, null), (true, 3, null), (true, 4, null),
            (true, 5, '2030-01-01 00:20:00+00'::timestamptz), (false, 5, '2030-01-01 00:20:00+00'::timestamptz) $$,
  'five attempts are reserved; the fifth locks until the later of the window end and now + 15 min; the sixth is denied');
select is((select retry_after from pgfirst.login_attempt('alice', now => '2030-01-01 00:10:00+00')), interval '10 minutes',
  'a denied attempt says how long the lock lasts');
select is((select locked_until from pgfirst.login_attempt('alice', now => '2030-01-01 00:19:00+00')), '2030-01-01 00:20:00+00'::timestamptz,
  'denied attempts do not extend the lock');
select results_eq($$ select allowed, failures from pgfirst.login_attempt('alice', now => '2030-01-01 00:20:00+00') $$,
  $$ values (true, 1) $$, 'when the lock ends a new window starts');
select is((select allowed from pgfirst.login_attempt('bob', now => '2030-01-01 00:10:00+00')), true, 'other usernames are not affected');
select is((select allowed from pgfirst.login_attempt('alice', tenant => 'other', now => '2030-01-01 00:10:00+00')), true,
  'the same username in another tenant is not affected');

select * from finish();
rollback;
