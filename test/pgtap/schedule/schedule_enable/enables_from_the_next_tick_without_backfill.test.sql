begin;
select plan(5);

select pgfirst.schedule_set('s', 'tick', every => '1 minute', enabled => false, now => now() - interval '1 hour');
select ok(pgfirst.schedule_enable('s'), 'enabling a disabled schedule changes it');
select ok((select enabled and next_run > now() and next_run <= now() + interval '1 minute' from pgfirst_private.schedule where name = 's'),
  'next tick: the first after now (nothing missed is back-filled)');
select is((select pg_catalog.date_part('second', next_run - anchor)::int from pgfirst_private.schedule where name = 's'), 0,
  'on the schedule''s own grid (anchor + k * every)');
select ok(not pgfirst.schedule_enable('s'), 'enabling an enabled schedule changes nothing');
select throws_ok($$ select pgfirst.schedule_enable('nope') $$, 'PF514', null, 'an unknown schedule');

select * from finish();
rollback;
