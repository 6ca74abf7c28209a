begin;
select plan(4);

select pgfirst.schedule_set('s', 'tick', every => '1 minute', now => now() - interval '10 minutes');
select ok(pgfirst.schedule_disable('s'), 'disabling an enabled schedule changes it');
select pgfirst.schedule_tick(now => now() + interval '1 minute');
select is((select count(*) from pgfirst_private.job where task = 'tick'), 0::bigint, 'schedule_tick skips it');
select ok(not pgfirst.schedule_disable('s'), 'disabling it again changes nothing');
select throws_ok($$ select pgfirst.schedule_disable('nope') $$, 'PF514', null, 'an unknown schedule');

select * from finish();
rollback;
