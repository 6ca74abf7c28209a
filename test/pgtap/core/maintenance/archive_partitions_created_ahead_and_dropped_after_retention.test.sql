begin;
select plan(9);

select pgfirst.setting_set('archive.days_ahead', '2');
select pgfirst.queue_configure(queue => 'arch', keep_finished => '2 days');
select pgfirst.maintenance(now => '2030-01-10 12:00Z');
select is(
  (select array_agg(c.relname::text order by c.relname) from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'pgfirst_private.job_archive'::regclass and c.relname like 'job_archive_p2030%'),
  array['job_archive_p20300110', 'job_archive_p20300111', 'job_archive_p20300112'],
  'daily partitions exist for today and archive.days_ahead days ahead');

select pgfirst.job_enqueue(task => 'kept', queue => 'arch', now => '2030-01-10 11:00Z');
select pgfirst.job_enqueue(task => 'not_kept', queue => 'other', now => '2030-01-10 11:00Z');
select pgfirst.job_complete(
  ids => array(select id from pgfirst.job_claim(worker_id => 'w', max_jobs => 10, now => '2030-01-10 12:00Z')),
  worker_id => 'w', now => '2030-01-10 12:00Z');

select is((select tableoid::regclass::text from pgfirst_private.job_archive where task = 'kept'),
  'pgfirst_private.job_archive_p20300110', 'a finished job of a keep_finished queue lands in its day''s partition');
select is((select count(*)::int from pgfirst_private.job_archive where task = 'not_kept'), 0,
  'a queue without keep_finished archives nothing');
select is((select state from pgfirst.job_get((select id from pgfirst_private.job_archive where task = 'kept'))), 'done',
  'job_get finds the archived job with its final state');

select pgfirst.maintenance(now => '2030-01-12 23:59Z');
select isnt(to_regclass('pgfirst_private.job_archive_p20300110'), null,
  'the partition stays while part of its day is within keep_finished');
select ok((select (pgfirst.maintenance(now => '2030-01-13 00:00Z')->'archive'->'dropped') ? 'job_archive_p20300110'),
  'once its whole day is older than keep_finished maintenance reports it dropped');
select is(to_regclass('pgfirst_private.job_archive_p20300110'), null, 'the partition is gone (detached and dropped)');
select is((select count(*)::int from pgfirst_private.job_archive where task = 'kept'), 0, 'its rows went with it');
select isnt(to_regclass('pgfirst_private.job_archive_p20300115'), null, 'partitions ahead keep being created');

select * from finish();
rollback;
