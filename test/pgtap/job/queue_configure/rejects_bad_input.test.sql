begin;
select plan(4);

select throws_ok($$select pgfirst.queue_configure('q', concurrency => 0)$$, 'PF409', null, 'rejects concurrency 0');
select throws_ok($$select pgfirst.queue_configure('')$$, 'PF406', null, 'rejects an empty queue name');
select lives_ok($$select pgfirst.queue_configure('q', concurrency => 3)$$, 'accepts a limit');
select lives_ok($$select pgfirst.queue_configure('q')$$, 'null concurrency means unlimited');

select * from finish();
rollback;
