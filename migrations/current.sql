-- Tables, types, indexes, then one include line per sql/ file this change touches.

-- ==== schedule review fixes ====
-- Built-in jobs leave the application's queue: the maintenance schedule enqueues on queue
-- 'pgfirst' (a worker started without a queue list claims every queue, so `pgfirst worker`
-- still runs it; a worker for the app's own tasks restricted to its queues never sees it).
update pgfirst_private.schedule s
   set queue = 'pgfirst'
 where s.name = 'pgfirst.maintenance' and s.queue = 'default';
-- Maintenance ticks that piled up while no worker ran them: keep the newest waiting one,
-- move it to queue 'pgfirst' and give it the built-in job_key so later ticks coalesce into it.
delete from pgfirst_private.job j
 where j.task = 'pgfirst.maintenance' and j.state in ('pending', 'failed') and j.job_key is null
   and j.id < (select max(k.id) from pgfirst_private.job k
                where k.task = 'pgfirst.maintenance' and k.state in ('pending', 'failed') and k.job_key is null);
update pgfirst_private.job j
   set queue = 'pgfirst',
       job_key = case when exists (select from pgfirst_private.job k
                                    where k.tenant = j.tenant and k.job_key = 'pgfirst.schedule:pgfirst.maintenance')
                      then null else 'pgfirst.schedule:pgfirst.maintenance' end
 where j.task = 'pgfirst.maintenance' and j.state in ('pending', 'failed') and j.job_key is null
   and j.queue = 'default';
--!include functions/schedule/schedule_tick.sql
select pgfirst_private.setting_register('archive.lock_timeout', 'interval', '"2 seconds"',
  'Longest wait of one archive partition DDL (create, detach + drop) for its lock on job_archive; on timeout maintenance defers it to its next run instead of queueing job completions behind it.');
--!include functions/_internal/archive_maintain.sql
--!include functions/_internal/timezone_check.sql
-- ==== cache review fixes ====
--!include functions/cache/cache_clear.sql
-- ==== dropdown defaults ====
-- Built-in jobs run on queue 'pgfirst' (like the maintenance schedule), never on the
-- application's 'default' queue, where a worker without the handler would fail them.
-- Re-registering keeps an operator's override (same type); only the default changes.
select pgfirst_private.setting_register('dropdown.queue', 'text', '"pgfirst"',
  'Job queue that dropdown refresh jobs are enqueued on (built-in jobs use queue pgfirst by default).');
-- ==== job review fixes ====
--!include functions/job/job_claim.sql
--!include functions/job/job_reap.sql
--!include functions/job/job_release.sql
