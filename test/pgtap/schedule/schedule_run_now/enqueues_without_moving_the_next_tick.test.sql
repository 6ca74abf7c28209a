begin;
select plan(5);

select pgfirst.schedule_set('s', 'report', every => '1 hour', payload => '{"kind": "daily"}', queue => 'reports', tenant => 'acme', enabled => false);
create temp table before on commit drop as select next_run, last_run, ticks_enqueued from pgfirst_private.schedule where name = 's';
create temp table j on commit drop as select pgfirst.schedule_run_now('s') as id;

select is((select task || '/' || queue || '/' || tenant || '/' || (payload ->> 'kind') from pgfirst_private.job where id = (select id from j)),
  'report/reports/acme/daily', 'the schedule''s task, queue, tenant and payload');
select is((select payload -> '_schedule' -> 'name' || (payload -> '_schedule' -> 'manual') from pgfirst_private.job where id = (select id from j)),
  '["s", true]'::jsonb, 'payload._schedule names the schedule, manual: true');
select ok((select run_at <= now() from pgfirst_private.job where id = (select id from j)), 'ready now (even for a disabled schedule)');
select results_eq($$ select next_run, last_run, ticks_enqueued from pgfirst_private.schedule where name = 's' $$,
  $$ select * from before $$, 'next_run, last_run and the counters are unchanged');
select throws_ok($$ select pgfirst.schedule_run_now('nope') $$, 'PF514', null, 'an unknown schedule');

select * from finish();
rollback;
