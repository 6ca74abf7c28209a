-- PostgreSQL reads '+05:00' as a POSIX zone five hours WEST of UTC; a schedule would silently
-- run ten hours off. Bare offsets are refused with PF503; zone names still work.
begin;
select plan(5);

select throws_ok($$select pgfirst.cron_next(cron => '0 9 * * *', after => '2024-01-01Z', timezone => '+05:00')$$,
  'PF503', null, 'an ISO-looking offset +05:00 is refused');
select throws_ok($$select pgfirst.cron_next(cron => '0 9 * * *', after => '2024-01-01Z', timezone => '-3')$$,
  'PF503', null, 'a bare negative hour offset is refused');
select throws_ok($$select pgfirst.schedule_set(name => 'tz_offset', task => 't', cron => '0 9 * * *', timezone => ' 5')$$,
  'PF503', null, 'schedule_set refuses a bare offset too');
select is(pgfirst.cron_next(cron => '0 9 * * *', after => '2024-01-01Z', timezone => 'Asia/Karachi'),
  '2024-01-01 04:00Z'::timestamptz, 'an IANA name for UTC+05:00 fires at 04:00Z');
select is(pgfirst.cron_next(cron => '0 9 * * *', after => '2024-01-01Z', timezone => 'EST5EDT'),
  '2024-01-01 14:00Z'::timestamptz, 'a POSIX-style zone name with digits is still accepted');

select * from finish();
rollback;
