begin;
select plan(9);

-- one job per state, each in its own queue so each claim picks exactly it
select pgfirst.queue_configure('a', keep_finished => '1 day');
create temp table ids (name text primary key, id bigint) on commit drop;
insert into ids select 'done', pgfirst.job_enqueue('t', queue => 'a');
insert into ids select 'dead', pgfirst.job_enqueue('t', queue => 'd', max_attempts => 1);
insert into ids select 'cancelled', pgfirst.job_enqueue('t', queue => 'c');
insert into ids select 'pending', pgfirst.job_enqueue('t', queue => 'p');
insert into ids select 'scheduled', pgfirst.job_enqueue('t', queue => 's', run_at => now() + interval '1 hour');
insert into ids select 'running', pgfirst.job_enqueue('t', queue => 'r');
insert into ids select 'failed', pgfirst.job_enqueue('t', queue => 'f', max_attempts => 3);
select pgfirst.job_complete(array(select id from pgfirst.job_claim('w', array['a'])), 'w');
select pgfirst.job_fail((select id from pgfirst.job_claim('w', array['d'])), 'w', 'boom');
select pgfirst.job_cancel((select id from ids where name = 'cancelled'));
select count(*) from pgfirst.job_claim('w', array['r']);
select pgfirst.job_fail((select id from pgfirst.job_claim('w', array['f'])), 'w', 'oops', retry_delay => '1 hour');

select results_eq(
  $$ select id, state from pgfirst.job_list() $$,
  $$ select id, name from ids order by id desc $$,
  'every state, newest id first: done (archive), dead and cancelled (dead letters), pending, scheduled, running, failed'
);

select results_eq(
  $$ select l.state
       from pg_catalog.unnest(array['pending', 'scheduled', 'running', 'failed', 'dead', 'cancelled', 'done']) with ordinality v(s, n)
       cross join lateral pgfirst.job_list(state => v.s) l
      order by v.n $$,
  $$ values ('pending'), ('scheduled'), ('running'), ('failed'), ('dead'), ('cancelled'), ('done') $$,
  'each state filter returns exactly the job in that state'
);

select results_eq(
  $$ select id from pgfirst.job_list(page_size => 3) $$,
  $$ select id from ids order by id desc limit 3 $$,
  'page_size bounds the page'
);

select results_eq(
  $$ select id from pgfirst.job_list(page_size => 3, before_id => (select min(id) from (select id from pgfirst.job_list(page_size => 3)) p)) $$,
  $$ select id from ids order by id desc offset 3 limit 3 $$,
  'before_id gives the next page (keyset)'
);

select is(
  (select count(*) from pgfirst.job_list(before_id => (select min(id) from ids))), 0::bigint,
  'nothing before the oldest job: a short page is the last one'
);

select results_eq(
  $$ select id from pgfirst.job_list(queue => 'd') $$,
  $$ select id from ids where name = 'dead' $$,
  'queue filter'
);

select is(
  (select count(*) from pgfirst.job_list(task => 'nope')) + (select count(*) from pgfirst.job_list(tenant => 'nope')), 0::bigint,
  'task and tenant filters'
);

select is(
  (select count(*) from pgfirst.job_list(since => now() + interval '1 second'))
  + (select count(*) from pgfirst.job_list(until => now())), 0::bigint,
  'since/until bound created_at: since is inclusive, until exclusive (all jobs were created at now())'
);

select is(
  (select count(*) from pgfirst.job_list(since => now(), until => now() + interval '1 second')), 7::bigint,
  'created_at in [since, until)'
);

select * from finish();
rollback;
