-- Issue 10 items 5 and 8: infinite (or out of years 1..9999) timestamps are refused with
-- PF006 wherever they would poison later work: a job at run_at '-infinity' broke health,
-- queue_stats, stats and /metrics; maintenance(now => '±infinity') looped until the
-- statement timeout; now => 'infinity' gave 22008 elsewhere. Each call runs as a login role
-- holding exactly one pgfirst role; a role with none cannot call them at all.
begin;
select plan(26);

create role pf_secb_app login in role pgfirst_app;
create role pf_secb_worker login in role pgfirst_worker;
create role pf_secb_admin login in role pgfirst_admin;
create role pf_secb_none login;

set local statement_timeout = '20s'; -- the maintenance loop used to run until this

set local role pf_secb_app;
select throws_ok($$ select pgfirst.job_enqueue('t', run_at => '-infinity') $$, 'PF006', null, 'app: job_enqueue refuses run_at -infinity');
select throws_ok($$ select pgfirst.job_enqueue('t', run_at => 'infinity') $$, 'PF006', null, 'app: job_enqueue refuses run_at infinity');
select throws_ok($$ select pgfirst.job_enqueue('t', run_at => '20000-01-01') $$, 'PF006', null, 'app: job_enqueue refuses run_at in year 20000');
select throws_ok($$ select pgfirst.job_enqueue('t', now => 'infinity') $$, 'PF006', null, 'app: job_enqueue refuses now infinity');
select throws_ok($$ select * from pgfirst.job_enqueue_many('[{"task": "t"}, {"task": "t", "run_at": "-infinity"}]') $$, 'PF006', null,
  'app: job_enqueue_many refuses an element with run_at -infinity');
select throws_ok($$ select * from pgfirst.job_enqueue_many('[{"task": "t", "now": "infinity"}]') $$, 'PF006', null,
  'app: job_enqueue_many refuses an element with now infinity');
select throws_ok($$ select pgfirst.cache_set('ns', 'k', '1', now => 'infinity') $$, 'PF006', null, 'app: cache_set refuses now infinity');
select throws_ok($$ select pgfirst.cache_get('ns', 'k', now => '-infinity') $$, 'PF006', null, 'app: cache_get refuses now -infinity');
select throws_ok($$ select * from pgfirst.cache_get_many('ns', array['k'], now => 'infinity') $$, 'PF006', null, 'app: cache_get_many refuses now infinity');
select throws_ok($$ select * from pgfirst.rate_limit_hit('k', 10, '1 minute', now => 'infinity') $$, 'PF006', null, 'app: rate_limit_hit refuses now infinity');
select throws_ok($$ select * from pgfirst.login_attempt('alice', now => '-infinity') $$, 'PF006', null, 'app: login_attempt refuses now -infinity');
select throws_ok($$ select pgfirst.session_create('u', now => 'infinity') $$, 'PF006', null, 'app: session_create refuses now infinity');
select throws_ok($$ select * from pgfirst.session_count(now => 'infinity') $$, 'PF006', null, 'app: session_count refuses now infinity');
select throws_ok($$ select * from pgfirst.session_list('u', now => '-infinity') $$, 'PF006', null, 'app: session_list refuses now -infinity');
select throws_ok($$ select pgfirst.schedule_next('nope', after => 'infinity') $$, 'PF006', null, 'app: schedule_next refuses after infinity');
select throws_ok($$ select pgfirst.cron_next('* * * * *', 'infinity') $$, 'PF006', null, 'app: cron_next refuses after infinity');
reset role;

set local role pf_secb_worker;
select throws_ok($$ select pgfirst.maintenance(now => 'infinity') $$, 'PF006', null, 'worker: maintenance(now => infinity) is refused at once');
select throws_ok($$ select pgfirst.maintenance(now => '-infinity') $$, 'PF006', null, 'worker: maintenance(now => -infinity) is refused at once');
select throws_ok($$ select * from pgfirst.job_claim('w1', now => 'infinity') $$, 'PF006', null, 'worker: job_claim refuses now infinity');
select throws_ok($$ select pgfirst.job_reap(now => '-infinity') $$, 'PF006', null, 'worker: job_reap refuses now -infinity');
select throws_ok($$ select * from pgfirst.health(now => 'infinity') $$, 'PF006', null, 'worker: health refuses now infinity');
select throws_ok($$ select pgfirst.schedule_tick(now => 'infinity') $$, 'PF006', null, 'worker: schedule_tick refuses now infinity');
reset role;

set local role pf_secb_admin;
select throws_ok($$ select pgfirst.job_retry(1, run_at => '-infinity') $$, 'PF006', null, 'admin: job_retry refuses run_at -infinity');
select throws_ok($$ select pgfirst.schedule_set('s', 't', every => '1 minute', now => 'infinity') $$, 'PF006', null, 'admin: schedule_set refuses now infinity');
reset role;

set local role pf_secb_none;
select throws_ok($$ select pgfirst.job_enqueue('t', run_at => '-infinity') $$, '42501', null, 'a role without pgfirst grants cannot call job_enqueue');
select throws_ok($$ select pgfirst.maintenance(now => 'infinity') $$, '42501', null, 'a role without pgfirst grants cannot call maintenance');
reset role;

select * from finish();
rollback;
