-- cron_next against a table of expressions and instants worked out by hand (calendar
-- checked: 2024-01-01 is a Monday, 2024 is a leap year, 2100 is not).
begin;
select plan(34);

select is(
  pgfirst.cron_next(cron => c.cron, after => c.after, timezone => c.tz),
  c.expected,
  c.description
)
from (values
  ('* * * * *',        '2024-01-01 00:00:00Z'::timestamptz, 'UTC', '2024-01-01 00:01Z'::timestamptz, 'every minute: strictly after'),
  ('* * * * *',        '2024-01-01 00:00:30Z', 'UTC', '2024-01-01 00:01Z', 'seconds are ignored: next whole minute'),
  ('0 * * * *',        '2024-01-01 10:00Z', 'UTC', '2024-01-01 11:00Z', 'hourly at minute 0'),
  ('*/15 * * * *',     '2024-01-01 10:07Z', 'UTC', '2024-01-01 10:15Z', 'step over the whole field'),
  ('10-50/20 * * * *', '2024-01-01 10:50Z', 'UTC', '2024-01-01 11:10Z', 'stepped range wraps to the next hour'),
  ('5/20 * * * *',     '2024-01-01 10:46Z', 'UTC', '2024-01-01 11:05Z', 'a/n means a to the end of the field'),
  ('0 0 31 * *',       '2024-04-01 00:00Z', 'UTC', '2024-05-31 00:00Z', 'month end: April has no 31st'),
  ('0 0 31 * *',       '2024-01-31 00:00Z', 'UTC', '2024-03-31 00:00Z', 'month end: February skipped'),
  ('0 0 29 2 *',       '2023-03-01 00:00Z', 'UTC', '2024-02-29 00:00Z', 'leap day in a leap year'),
  ('0 0 29 2 *',       '2024-03-01 00:00Z', 'UTC', '2028-02-29 00:00Z', 'leap day: next leap year'),
  ('0 0 29 2 *',       '2097-01-01 00:00Z', 'UTC', '2104-02-29 00:00Z', 'leap day: 2100 is not a leap year'),
  ('0 0 1 jan *',      '2024-06-01 00:00Z', 'UTC', '2025-01-01 00:00Z', 'month name'),
  ('0 9 * * mon-fri',  '2024-01-05 10:00Z', 'UTC', '2024-01-08 09:00Z', 'weekday range skips the weekend'),
  ('0 9 * jun,DEC sun','2024-01-01 00:00Z', 'UTC', '2024-06-02 09:00Z', 'month list and day name, any case'),
  ('0 0 13 * fri',     '2024-01-01 00:00Z', 'UTC', '2024-01-05 00:00Z', 'OR rule: a Friday that is not the 13th'),
  ('0 0 13 * fri',     '2024-01-12 00:00Z', 'UTC', '2024-01-13 00:00Z', 'OR rule: a 13th that is not a Friday'),
  ('0 0 */13 * fri',   '2024-01-01 00:00Z', 'UTC', '2024-03-01 00:00Z', 'day-of-month starting with * makes it AND'),
  ('0 0 * * 7',        '2024-01-01 00:00Z', 'UTC', '2024-01-07 00:00Z', '7 is Sunday'),
  ('@hourly',          '2024-01-01 10:30Z', 'UTC', '2024-01-01 11:00Z', '@hourly'),
  ('@daily',           '2024-01-01 10:30Z', 'UTC', '2024-01-02 00:00Z', '@daily'),
  ('@weekly',          '2024-01-01 00:00Z', 'UTC', '2024-01-07 00:00Z', '@weekly is Sunday midnight'),
  ('@monthly',         '2024-01-15 00:00Z', 'UTC', '2024-02-01 00:00Z', '@monthly'),
  ('@yearly',          '2024-01-01 00:00Z', 'UTC', '2025-01-01 00:00Z', '@yearly'),
  ('0 0 * * *',        '2024-12-31 12:00Z', 'UTC', '2025-01-01 00:00Z', 'across the year end'),
  ('  0  12 * JAN  Mon ','2024-01-01 00:00Z', 'UTC', '2024-01-01 12:00Z', 'extra blanks and upper case'),
  ('0 0 * * *',        '2024-01-01 00:00Z', 'Asia/Kolkata', '2024-01-01 18:30Z', 'half-hour offset zone'),
  ('0 9 * * *',        '2024-07-01 00:00Z', 'Europe/London', '2024-07-01 08:00Z', 'London summer time'),
  -- America/New_York: 2024-03-10 02:00 EST -> 03:00 EDT; 2024-11-03 02:00 EDT -> 01:00 EST
  ('30 2 * * *',       '2024-03-09 17:00Z', 'America/New_York', '2024-03-10 07:30Z', 'spring-forward: 02:30 does not exist, runs at 03:30 EDT'),
  ('30 2 * * *',       '2024-03-10 07:05Z', 'America/New_York', '2024-03-10 07:30Z', 'spring-forward: asked at 03:05 EDT, the shifted run is still ahead'),
  ('30 2 * * *',       '2024-03-10 07:30Z', 'America/New_York', '2024-03-11 06:30Z', 'spring-forward: after the shifted run, the next day'),
  ('30 1 * * *',       '2024-11-02 12:00Z', 'America/New_York', '2024-11-03 05:30Z', 'fall-back: 01:30 fires at its first occurrence (EDT)'),
  ('30 1 * * *',       '2024-11-03 05:30Z', 'America/New_York', '2024-11-04 06:30Z', 'fall-back: not again at 01:30 EST'),
  -- Europe/London: 2024-03-31 01:00 GMT -> 02:00 BST; 2024-10-27 02:00 BST -> 01:00 GMT
  ('30 1 * * *',       '2024-03-30 12:00Z', 'Europe/London', '2024-03-31 01:30Z', 'London spring-forward: 01:30 runs at 02:30 BST'),
  ('30 1 * * *',       '2024-10-27 00:30Z', 'Europe/London', '2024-10-28 01:30Z', 'London fall-back: 01:30 runs once, at its BST occurrence')
) as c(cron, after, tz, expected, description);

select * from finish();
rollback;
