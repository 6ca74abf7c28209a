begin;
select plan(8);

select throws_ok($$select pgfirst.job_enqueue('')$$, 'PF401', null, 'rejects an empty task');
select throws_ok($$select pgfirst.job_enqueue(null)$$, 'PF401', null, 'rejects a null task');
select throws_ok($$select pgfirst.job_enqueue('t', job_key => 'k', job_key_mode => 'merge')$$, 'PF402', null, 'rejects an unknown job_key_mode');
select throws_ok($$select pgfirst.job_enqueue('t', max_attempts => 0)$$, 'PF403', null, 'rejects max_attempts below 1');
select throws_ok($$select pgfirst.job_enqueue('t', queue => '')$$, 'PF406', null, 'rejects an empty queue');
select throws_ok($$select pgfirst.job_enqueue('t', queue => null)$$, 'PF406', null, 'rejects a null queue');
select throws_ok($$select pgfirst.job_enqueue('t', job_key => '')$$, 'PF411', null, 'rejects an empty job_key');
select is((select count(*)::int from pgfirst_private.job), 0, 'nothing was stored');

select * from finish();
rollback;
