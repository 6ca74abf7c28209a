begin;
select plan(6);

select throws_ok($$select * from pgfirst.job_claim('w1', max_jobs => 0)$$, 'PF404', null, 'rejects max_jobs 0');
select throws_ok($$select * from pgfirst.job_claim('w1', max_jobs => null)$$, 'PF404', null, 'rejects max_jobs null');
select throws_ok($$select * from pgfirst.job_claim('')$$, 'PF408', null, 'rejects an empty worker_id');
select throws_ok($$select * from pgfirst.job_claim(null)$$, 'PF408', null, 'rejects a null worker_id');
select throws_ok($$select * from pgfirst.job_claim('w1', lease => '0 seconds')$$, 'PF407', null, 'rejects a zero lease');
select throws_ok($$select * from pgfirst.job_claim('w1', lease => '-1 second')$$, 'PF407', null, 'rejects a negative lease');

select * from finish();
rollback;
