begin;
select plan(3);

create temp table j as select pgfirst.job_enqueue('t', now => '2030-01-01 00:00+00') as id;
create function pg_temp.fail_once(n int) returns void language plpgsql as $$
begin
  perform pgfirst.job_claim('w1', now => '2031-01-01 00:00+00');
  perform pgfirst.job_fail((select id from j), 'w1', 'error ' || n, now => '2030-01-01 00:00+00');
end $$;
select count(*) from (select pg_temp.fail_once(n) from generate_series(1, 13) n) x;
select is((select jsonb_array_length(errors) from pgfirst_private.job), 10, 'the history keeps job.error_history (10) entries');
select is((select errors -> 0 ->> 'error' || ' .. ' || (errors -> 9 ->> 'error') from pgfirst_private.job), 'error 4 .. error 13',
  'the oldest entries are dropped first');
select is((select (errors -> 9 ->> 'attempt')::int || '/' || (errors -> 9 ->> 'worker_id') from pgfirst_private.job), '13/w1',
  'each entry records the attempt and the worker');

select * from finish();
rollback;
