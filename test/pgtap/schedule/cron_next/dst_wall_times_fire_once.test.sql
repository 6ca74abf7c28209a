-- Following the chain of cron_next across DST transitions: each wall time fires exactly once.
begin;
select plan(5);

create temporary table chain on commit drop as
with recursive c(cron, tz, t, stop) as (
  select * from (values
    ('30 2 * * *',   'America/New_York', '2024-03-08 12:00Z'::timestamptz, '2024-03-13 12:00Z'::timestamptz),
    ('30 1 * * *',   'America/New_York', '2024-11-01 12:00Z', '2024-11-06 12:00Z'),
    ('*/30 * * * *', 'America/New_York', '2024-11-03 04:00Z', '2024-11-04 05:00Z'),
    ('*/30 * * * *', 'Europe/London',    '2024-03-31 00:00Z', '2024-04-01 00:00Z'),
    ('30 1 * * *',   'Europe/London',    '2024-10-25 12:00Z', '2024-10-30 12:00Z')
  ) v
  union all
  select c.cron, c.tz, pgfirst.cron_next(c.cron, c.t, c.tz), c.stop from c
   where pgfirst.cron_next(c.cron, c.t, c.tz) < c.stop
)
select cron, tz, t from c where t > (select min(t) from c c2 where c2.cron = c.cron and c2.tz = c.tz);

select is((select count(*)::int from chain where cron = '30 2 * * *'), 5,
  'New York 02:30 daily over 5 days around spring-forward: 5 runs');
select is((select count(distinct (t at time zone 'America/New_York')::date)::int from chain where cron = '30 2 * * *'), 5,
  'New York 02:30 daily: one run per local date');
select is((select count(*)::int from chain where cron = '30 1 * * *' and tz = 'America/New_York'), 5,
  'New York 01:30 daily over 5 days around fall-back: 5 runs, not 6');
select is((select count(*)::int from chain where cron = '*/30 * * * *' and tz = 'America/New_York'), 47,
  'New York every 30 min over the 25-hour fall-back day (00:00 excluded): 47 wall times, the repeated hour once');
select is((select count(*)::int from chain where cron = '*/30 * * * *' and tz = 'Europe/London'), 47,
  'London every 30 min from 00:00Z to 24:00Z on the spring-forward day: 47 runs, the skipped 01:00/01:30 coincide with 02:00/02:30 BST and run once');

select * from finish();
rollback;
