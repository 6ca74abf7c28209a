begin;
select plan(7);

select throws_ok($$ select * from pgfirst.queue_throughput('8 days') $$, 'PF419', null, 'since over 7 days');
select throws_ok($$ select * from pgfirst.queue_throughput('0 seconds') $$, 'PF419', null, 'since zero');
select throws_ok($$ select * from pgfirst.queue_throughput('1 hour', '9 seconds') $$, 'PF419', null, 'bucket under 10 seconds');
select throws_ok($$ select * from pgfirst.queue_throughput('7 days', '10 seconds') $$, 'PF419', null, 'more than 1000 buckets');
select throws_ok($$ select * from pgfirst.queue_throughput('1 hour', '1 month') $$, 'PF419', null, 'months in bucket');
select throws_ok($$ select * from pgfirst.queue_throughput(null) $$, 'PF419', null, 'since null');
select lives_ok($$ select * from pgfirst.queue_throughput('7 days', '1 hour') $$, '7 days in hours is fine');

select * from finish();
rollback;
