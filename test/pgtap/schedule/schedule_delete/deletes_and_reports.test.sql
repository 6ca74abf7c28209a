begin;
select plan(4);

select pgfirst.schedule_set(name => 'gone', task => 't', every => '1 hour');
select is(pgfirst.schedule_delete('gone'), true, 'an existing schedule is deleted');
select is(pgfirst.schedule_delete('gone'), false, 'deleting again reports false');
select is((select count(*)::int from pgfirst.schedules where name = 'gone'), 0, 'it is gone from the view');
set local role pgfirst_app;
select throws_ok($$select pgfirst.schedule_delete('x')$$, '42501', null, 'pgfirst_app may not delete schedules');

select * from finish();
rollback;
