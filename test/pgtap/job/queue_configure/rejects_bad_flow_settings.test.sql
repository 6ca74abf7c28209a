begin;
select plan(5);

select throws_ok($$ select pgfirst.queue_configure('q', key_concurrency => 0) $$, 'PF440', null, 'key_concurrency below 1');
select throws_ok($$ select pgfirst.queue_configure('q', rate_period => '1 second') $$, 'PF441', null, 'rate_period without rate_limit');
select throws_ok($$ select pgfirst.queue_configure('q', rate_limit => 0, rate_period => '1 second') $$, 'PF441', null, 'rate_limit below 1');
select throws_ok($$ select pgfirst.queue_configure('q', rate_limit => 5, rate_period => '1000000 years') $$, 'PF441', null,
  'rate_period over 100 years');
set local role pgfirst_worker;
select throws_ok($$ select pgfirst.queue_configure('q', fair => true) $$, '42501', null, 'a worker cannot configure queues');
reset role;

select * from finish();
rollback;
