-- Issue 10 item 5: one job with run_at '-infinity' (stored before the bounds existed, or by
-- the owner directly) made health(), queue_stats() and stats() fail with 22008 for everyone.
-- The reports clamp ages now. Rows are written as the owner, reports read as login roles
-- holding exactly one pgfirst role; a role with none cannot read them.
begin;
select plan(11);

create role pf_secb_app login in role pgfirst_app;
create role pf_secb_worker login in role pgfirst_worker;
create role pf_secb_admin login in role pgfirst_admin;
create role pf_secb_none login;

insert into pgfirst_private.job (queue, task, payload, run_at, created_at, updated_at)
values ('pf_secb_q', 't', '{}', '-infinity', now(), now()),
       ('pf_secb_q', 't', '{}', '0001-01-01 00:00+00', now(), now()),
       ('pf_secb_q', 't', '{}', 'infinity', now(), now());
insert into pgfirst_private.maintenance_run (at, result) values ('0001-01-01 00:00+00', '{}');

set local role pf_secb_worker;
select lives_ok($$ select * from pgfirst.health() $$, 'worker: health() survives a job at run_at -infinity');
select is((select status from pgfirst.health() where "check" = 'oldest_pending_job'), 'crit',
  'worker: the -infinity job is reported as a crit oldest pending job');
select lives_ok($$ select * from pgfirst.queue_stats() $$, 'worker: queue_stats() survives it');
select ok((select oldest_pending_age > interval '1000 years' from pgfirst.queue_stats() where queue = 'pf_secb_q'),
  'worker: queue_stats reports a clamped, finite age');
select lives_ok($$ select pgfirst.stats() $$, 'worker: stats() survives it');
reset role;

set local role pf_secb_admin;
select lives_ok($$ select * from pgfirst.health() $$, 'admin: health() survives it');
select lives_ok($$ select pgfirst.stats() $$, 'admin: stats() survives it');
select lives_ok($$ select * from pgfirst.queue_stats() $$, 'admin: queue_stats() survives it');
reset role;

set local role pf_secb_app;
select throws_ok($$ select * from pgfirst.health() $$, '42501', null, 'app: health is not for pgfirst_app (unchanged)');
reset role;

set local role pf_secb_none;
select throws_ok($$ select * from pgfirst.queue_stats() $$, '42501', null, 'a role without pgfirst grants cannot read queue_stats');
select throws_ok($$ select pgfirst.stats() $$, '42501', null, 'a role without pgfirst grants cannot read stats');
reset role;

select * from finish();
rollback;
