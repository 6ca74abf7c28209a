begin;
select plan(16);

select throws_ok($$select pgfirst.cron_next('* * * *', now())$$, 'PF501', null, 'four fields are rejected');
select throws_ok($$select pgfirst.cron_next('* * * * * *', now())$$, 'PF501', null, 'six fields (seconds) are rejected');
select throws_ok($$select pgfirst.cron_next('', now())$$, 'PF501', null, 'an empty expression is rejected');
select throws_ok($$select pgfirst.cron_next(null, now())$$, 'PF501', null, 'a null expression is rejected');
select throws_ok($$select pgfirst.cron_next('60 * * * *', now())$$, 'PF501', null, 'minute 60 is out of range');
select throws_ok($$select pgfirst.cron_next('0 24 * * *', now())$$, 'PF501', null, 'hour 24 is out of range');
select throws_ok($$select pgfirst.cron_next('0 0 0 * *', now())$$, 'PF501', null, 'day 0 is out of range');
select throws_ok($$select pgfirst.cron_next('0 0 * 13 *', now())$$, 'PF501', null, 'month 13 is out of range');
select throws_ok($$select pgfirst.cron_next('0 0 * * 8', now())$$, 'PF501', null, 'day of week 8 is out of range');
select throws_ok($$select pgfirst.cron_next('*/0 * * * *', now())$$, 'PF501', null, 'step 0 is rejected');
select throws_ok($$select pgfirst.cron_next('0 0 * * fri-mon', now())$$, 'PF501', null, 'a backwards range is rejected');
select throws_ok($$select pgfirst.cron_next('0 0 * * funday', now())$$, 'PF501', null, 'an unknown name is rejected');
select throws_ok($$select pgfirst.cron_next('0 0 * jan-feb-mar *', now())$$, 'PF501', null, 'a range with two dashes is rejected');
select throws_ok($$select pgfirst.cron_next('@fortnightly', now())$$, 'PF501', null, 'an unknown macro is rejected');
select throws_ok($$select pgfirst.cron_next('@reboot', now())$$, 'PF502', null, '@reboot is rejected with its own code');
select throws_ok($$select pgfirst.cron_next('0 0 * * *', now(), 'Mars/Olympus_Mons')$$, 'PF503', null, 'an unknown time zone is rejected');

select * from finish();
rollback;
