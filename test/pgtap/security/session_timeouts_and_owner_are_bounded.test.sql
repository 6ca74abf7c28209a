-- Issue 10 item 2: a session with idle_timeout '300000 years' overflowed last_seen_at +
-- idle_timeout and broke session_cleanup, maintenance, session_count and session_list for
-- everyone. Timeouts are now at most 100 years (PF205), user_id 512 and tenant 256 bytes
-- (PF206), and a CHECK keeps stored rows bounded. Run as login roles holding exactly one
-- pgfirst role, and one holding none.
begin;
select plan(16);

create role pf_secb_app login in role pgfirst_app;
create role pf_secb_worker login in role pgfirst_worker;
create role pf_secb_admin login in role pgfirst_admin;
create role pf_secb_none login;

set local role pf_secb_app;
select throws_ok($$ select pgfirst.session_create('u1', idle_timeout => '300000 years') $$, 'PF205', null,
  'app: session_create refuses an idle_timeout of 300000 years');
select throws_ok($$ select pgfirst.session_create('u1', absolute_timeout => '1000000 years') $$, 'PF205', null,
  'app: session_create refuses an absolute_timeout of a million years');
select throws_ok($$ select pgfirst.session_create('u1', idle_timeout => '101 years') $$, 'PF205', null,
  'app: session_create refuses 101 years (the bound is 100 years)');
select lives_ok($$ select pgfirst.session_create('u1', idle_timeout => '100 years', absolute_timeout => '100 years') $$,
  'app: 100 years is accepted');
select throws_ok($$ select pgfirst.session_put(repeat('t', 40), 'u1', '{}', idle_timeout => '300000 years') $$, 'PF205', null,
  'app: session_put refuses an idle_timeout of 300000 years');
select throws_ok($$ select pgfirst.session_create(repeat('u', 10 * 1024 * 1024)) $$, 'PF206', null,
  'app: session_create refuses a 10 MB user_id');
select throws_ok($$ select pgfirst.session_create('u1', tenant => repeat('t', 10 * 1024 * 1024)) $$, 'PF206', null,
  'app: session_create refuses a 10 MB tenant');
select throws_ok($$ select pgfirst.session_get('whatever-token-000000000000000000', now => 'infinity') $$, 'PF006', null,
  'app: session_get refuses now => infinity');
select lives_ok($$ select * from pgfirst.session_count() $$, 'app: session_count works after the attempts');
select lives_ok($$ select * from pgfirst.session_list('u1') $$, 'app: session_list works after the attempts');
reset role;

set local role pf_secb_worker;
select lives_ok($$ select pgfirst.session_cleanup() $$, 'worker: session_cleanup works');
select lives_ok($$ select pgfirst.maintenance() $$, 'worker: maintenance works');
reset role;

set local role pf_secb_admin;
select throws_ok($$ select * from pgfirst.session_all(max_rows => 1000000) $$, 'PF208', null,
  'admin: session_all refuses max_rows above 10000');
reset role;

set local role pf_secb_none;
select throws_ok($$ select pgfirst.session_create('u1', idle_timeout => '300000 years') $$, '42501', null,
  'a role without pgfirst grants cannot call session_create at all');
reset role;

-- the table keeps the bound even against a direct write by the owner
select throws_ok($$ insert into pgfirst_private.session (token_hash, tenant, user_id, data, created_at, last_seen_at, idle_timeout, absolute_expires_at)
                   values (sha256('x'), '', 'u', '{}', now(), now(), '300000 years', now() + interval '1 day') $$,
  '23514', null, 'a stored idle_timeout above 100 years violates a CHECK constraint');
select is((select count(*)::int from pgfirst_private.session where idle_timeout > interval '100 years'), 0,
  'no stored session has an idle_timeout above 100 years');

select * from finish();
rollback;
