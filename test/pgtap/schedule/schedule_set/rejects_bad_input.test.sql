begin;
select plan(13);

select throws_ok($$select pgfirst.schedule_set(name => 's', task => 't', cron => '* * * * *', every => '1 minute')$$, 'PF504', null, 'both cron and every are rejected');
select throws_ok($$select pgfirst.schedule_set(name => 's', task => 't')$$, 'PF504', null, 'neither cron nor every is rejected');
select throws_ok($$select pgfirst.schedule_set(name => 's', task => 't', every => '0 seconds')$$, 'PF505', null, 'a zero interval is rejected');
select throws_ok($$select pgfirst.schedule_set(name => 's', task => 't', every => '-5 minutes')$$, 'PF505', null, 'a negative interval is rejected');
select throws_ok($$select pgfirst.schedule_set(name => 's', task => 't', every => '1 month')$$, 'PF505', null, 'an interval in months is rejected (use cron)');
select throws_ok($$select pgfirst.schedule_set(name => 's', task => 't', every => '1 hour', missed => 'sometimes')$$, 'PF506', null, 'an unknown missed policy is rejected');
select throws_ok($$select pgfirst.schedule_set(name => 's', task => 't', cron => '* * *')$$, 'PF501', null, 'an invalid cron is rejected');
select throws_ok($$select pgfirst.schedule_set(name => 's', task => 't', cron => '@reboot')$$, 'PF502', null, '@reboot is rejected');
select throws_ok($$select pgfirst.schedule_set(name => 's', task => 't', cron => '0 0 * * *', timezone => 'Europe/Atlantis')$$, 'PF503', null, 'an unknown time zone is rejected');
select throws_ok($$select pgfirst.schedule_set(name => 's', task => 't', cron => '0 0 30 2 *')$$, 'PF507', null, 'a cron that never fires (30 February) is rejected');
select throws_ok($$select pgfirst.schedule_set(name => '', task => 't', every => '1 hour')$$, 'PF508', null, 'an empty name is rejected');
select throws_ok($$select pgfirst.schedule_set(name => 's', task => '', every => '1 hour')$$, 'PF509', null, 'an empty task is rejected');
select throws_ok($$select pgfirst.schedule_set(name => 's', task => 't', every => '1 hour', payload => '[1]')$$, 'PF510', null, 'a non-object payload is rejected');

select * from finish();
rollback;
