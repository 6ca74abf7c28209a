-- Reads never write for their stats sample where a write would fail: in a READ ONLY
-- transaction (as on a hot standby, where transaction_read_only is also on) every read
-- succeeds even at sample rate 1, and records nothing.
begin;
select plan(6);

select pgfirst.cache_set(namespace => 'ns', key => 'k', value => '1', tenant => 't');
select pgfirst.setting_set('cache.stats_sample_rate', '1');
delete from pgfirst_private.cache_stat;
savepoint ro;
set transaction read only;
set local role pgfirst_app;
select is(pgfirst.cache_get(namespace => 'ns', key => 'k', tenant => 't'), '1'::jsonb,
  'cache_get returns a hit in a read-only transaction at sample rate 1');
select is(pgfirst.cache_get(namespace => 'ns', key => 'missing', tenant => 't'), null::jsonb,
  'cache_get returns a miss in a read-only transaction at sample rate 1');
select results_eq(
  $$ select key, value from pgfirst.cache_get_many(namespace => 'ns', keys => array['k', 'missing'], tenant => 't') $$,
  $$ values ('k'::text, '1'::jsonb) $$,
  'cache_get_many works in a read-only transaction at sample rate 1');
select results_eq(
  $$ select value, hit, leased, stale from pgfirst.cache_lease(namespace => 'ns', key => 'k', tenant => 't') $$,
  $$ values ('1'::jsonb, true, false, false) $$,
  'a cache_lease hit works in a read-only transaction at sample rate 1');
select is(current_setting('transaction_read_only'), 'on', 'the reads above really ran read-only');
reset role;
rollback to savepoint ro;
select is((select count(*)::int from pgfirst_private.cache_stat), 0, 'the read-only reads recorded no sample');

select * from finish();
rollback;
