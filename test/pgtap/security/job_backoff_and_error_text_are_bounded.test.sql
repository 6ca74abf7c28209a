-- Issue 10 item 8: job_backoff multiplied job.backoff_base by up to 2^40 as an interval,
-- which overflowed (22008) for a base of a day or more, so job_fail failed and the job
-- stayed leased until reaped; job_fail stored error texts of any size in last_error and
-- the errors history. The delay is now compared in seconds before the interval product,
-- and error text is cut at 16384 characters. Run as the pgfirst role each call needs.
begin;
select plan(8);

create role pf_secb_app login in role pgfirst_app;
create role pf_secb_worker login in role pgfirst_worker;
create role pf_secb_admin login in role pgfirst_admin;
create role pf_secb_none login;

set local role pf_secb_admin;
select lives_ok($$ select pgfirst.setting_set('job.backoff_base', '"30 days"') $$, 'admin: job.backoff_base 30 days is within its range');
select lives_ok($$ select pgfirst.setting_set('job.backoff_max', '"100 years"') $$, 'admin: job.backoff_max 100 years is within its range');
reset role;

select ok(pgfirst_private.job_backoff(1, 40) <= interval '150 years',
  'job_backoff at attempt 40 with a 30-day base is capped by backoff_max instead of overflowing');

create temp table pf_secb_ids (id bigint);
grant all on pf_secb_ids to public;
set local role pf_secb_app;
insert into pf_secb_ids select pgfirst.job_enqueue('pf_secb_task', queue => 'pf_secb_q');
reset role;

set local role pf_secb_worker;
select is((select count(*)::int from pgfirst.job_claim('pf_secb_w', queues => array['pf_secb_q'])), 1, 'worker: claims the job');
select is(pgfirst.job_fail((select id from pf_secb_ids), 'pf_secb_w', repeat('e', 100000)), 'failed',
  'worker: job_fail records a failure with a 100000-character error');
reset role;

select is((select length(last_error) from pgfirst_private.job where id = (select id from pf_secb_ids)), 16384,
  'the stored last_error is cut at 16384 characters');
select is((select length(errors -> -1 ->> 'error') from pgfirst_private.job where id = (select id from pf_secb_ids)), 16384,
  'the errors history entry is cut at 16384 characters too');

set local role pf_secb_none;
select throws_ok($$ select pgfirst.job_fail(1, 'pf_secb_w', 'e') $$, '42501', null, 'a role without pgfirst grants cannot call job_fail');
reset role;

select * from finish();
rollback;
