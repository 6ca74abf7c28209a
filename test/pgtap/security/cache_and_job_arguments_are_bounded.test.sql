-- Issue 10 item 8: intervals, sizes and counts of the cache and job APIs have upper bounds
-- checked with PF codes (they gave 22008/22003/54000 or stored poison before). Run as login
-- roles holding exactly one pgfirst role, and one holding none.
begin;
select plan(25);

create role pf_secb_app login in role pgfirst_app;
create role pf_secb_worker login in role pgfirst_worker;
create role pf_secb_admin login in role pgfirst_admin;
create role pf_secb_none login;

set local role pf_secb_app;
-- cache
select throws_ok($$ select pgfirst.cache_set('ns', 'k', '1', ttl => '1000000 years') $$, 'PF103', null, 'app: cache_set refuses a ttl of a million years');
select throws_ok($$ select pgfirst.cache_set_many('ns', '{"a": 1}', ttl => '1000000 years') $$, 'PF103', null, 'app: cache_set_many refuses it too');
select throws_ok($$ select pgfirst.cache_incr('ns', 'n', ttl => '1000000 years') $$, 'PF103', null, 'app: cache_incr refuses it too');
select throws_ok($$ select * from pgfirst.cache_lease('ns', 'k', lease => '1000000 years') $$, 'PF103', null, 'app: cache_lease refuses a lease of a million years');
select lives_ok($$ select pgfirst.cache_set('ns', 'k', '1', ttl => '100 years') $$, 'app: a ttl of 100 years is accepted');
select throws_ok($$ select * from pgfirst.cache_get_many('ns', array(select i::text from generate_series(1, 10001) i)) $$, 'PF113', null,
  'app: cache_get_many refuses 10001 keys');
select throws_ok($$ select pgfirst.cache_delete_many('ns', array(select i::text from generate_series(1, 10001) i)) $$, 'PF113', null,
  'app: cache_delete_many refuses 10001 keys');
select throws_ok($$ select pgfirst.cache_set_many('ns', (select jsonb_object_agg(i::text, i) from generate_series(1, 10001) i)) $$, 'PF113', null,
  'app: cache_set_many refuses 10001 entries');
-- jobs
select throws_ok($$ select pgfirst.job_enqueue(repeat('t', 10 * 1024 * 1024)) $$, 'PF416', null, 'app: job_enqueue refuses a 10 MB task name');
select throws_ok($$ select pgfirst.job_enqueue('t', queue => repeat('q', 10 * 1024 * 1024)) $$, 'PF416', null, 'app: job_enqueue refuses a 10 MB queue name');
select throws_ok($$ select pgfirst.job_enqueue('t', queue => repeat('q', 201)) $$, 'PF416', null, 'app: job_enqueue refuses a 201-byte queue name');
select throws_ok($$ select pgfirst.job_enqueue('t', job_key => repeat('k', 513)) $$, 'PF416', null, 'app: job_enqueue refuses a 513-byte job_key');
select throws_ok($$ select pgfirst.job_enqueue('t', tenant => repeat('x', 10 * 1024 * 1024)) $$, 'PF416', null, 'app: job_enqueue refuses a 10 MB tenant');
select throws_ok($$ select pgfirst.job_enqueue('t', payload => (select jsonb_agg(md5(i::text)) from generate_series(1, 300000) i)) $$, 'PF414', null,
  'app: job_enqueue refuses a payload over 8 MiB');
select throws_ok($$ select * from pgfirst.job_enqueue_many((select jsonb_agg(jsonb_build_object('task', 't')) from generate_series(1, 10001))) $$, 'PF415', null,
  'app: job_enqueue_many refuses 10001 jobs');
select throws_ok($$ select * from pgfirst.job_enqueue_many(jsonb_build_array(jsonb_build_object('task', repeat('t', 201)))) $$, 'PF416', null,
  'app: job_enqueue_many refuses a 201-byte task name');
-- rate limits
select throws_ok($$ select * from pgfirst.rate_limit_hit('k', 10, '1000000 years') $$, 'PF303', null, 'app: rate_limit_hit refuses a period of a million years');
select throws_ok($$ select * from pgfirst.rate_limit_hit('k', 10, '1 minute', tenant => repeat('x', 10 * 1024 * 1024)) $$, 'PF301', null,
  'app: rate_limit_hit refuses a 10 MB tenant');
reset role;

set local role pf_secb_worker;
select throws_ok($$ select * from pgfirst.job_claim('w1', max_jobs => 1000000) $$, 'PF404', null, 'worker: job_claim refuses max_jobs 1000000');
select throws_ok($$ select * from pgfirst.job_claim('w1', lease => '1000000 years') $$, 'PF407', null, 'worker: job_claim refuses a lease of a million years');
select throws_ok($$ select pgfirst.job_complete(array(select i::bigint from generate_series(1, 10001) i), 'w1') $$, 'PF415', null,
  'worker: job_complete refuses 10001 ids');
select throws_ok($$ select pgfirst.job_fail(1, 'w1', 'e', retry_delay => '1000000 years') $$, 'PF410', null, 'worker: job_fail refuses a retry_delay of a million years');
reset role;

set local role pf_secb_admin;
select throws_ok($$ select pgfirst.cache_configure('ns', default_ttl => '1000000 years') $$, 'PF103', null, 'admin: cache_configure refuses a default_ttl of a million years');
select throws_ok($$ select pgfirst.queue_configure('q', keep_finished => '1000000 years') $$, 'PF512', null, 'admin: queue_configure refuses keep_finished of a million years');
reset role;

set local role pf_secb_none;
select throws_ok($$ select pgfirst.cache_set('ns', 'k', '1', ttl => '1000000 years') $$, '42501', null, 'a role without pgfirst grants cannot call cache_set');
reset role;

select * from finish();
rollback;
