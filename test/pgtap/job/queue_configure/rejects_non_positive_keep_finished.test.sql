begin;
select plan(3);

select throws_ok($$select pgfirst.queue_configure(queue => 'q', keep_finished => '0 seconds')$$, 'PF512', null,
  'a zero keep_finished is rejected');
select throws_ok($$select pgfirst.queue_configure(queue => 'q', keep_finished => '-1 day')$$, 'PF512', null,
  'a negative keep_finished is rejected');
select pgfirst.queue_configure(queue => 'q', keep_finished => '7 days');
select is((select keep_finished from pgfirst_private.job_queue where queue = 'q'), '7 days'::interval,
  'a positive keep_finished is stored');

select * from finish();
rollback;
